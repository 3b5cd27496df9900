// Shared setup of the digest tests: a migrated store on a fresh database, a settable clock, scheduler settings that
// suit a test (short lease, no pacing), and a log that records what the scheduler said.
import type { DigestConfig } from "../../../src/features/digest/config.js";
import type { SchedulerLog } from "../../../src/features/digest/scheduler.js";
import { composeDigest, ensureCurrentSnapshot, type DigestTeam } from "../../../src/features/digest/compose.js";
import type { Digest } from "../../../src/features/digest/types.js";
import { createServiceDeps, type ServiceDeps } from "../../../src/features/deps.js";
import { migrate, openStore, type Provider, type Store } from "../../../src/store/index.js";
import { newDatabase, type TestDatabase } from "../../store/support.js";

export interface Clock {
  now: Date;
  set(iso: string): void;
  advance(ms: number): void;
}

export function clock(iso: string): Clock {
  const c: Clock = {
    now: new Date(iso),
    set(value) {
      c.now = new Date(value);
    },
    advance(ms) {
      c.now = new Date(c.now.getTime() + ms);
    },
  };
  return c;
}

export interface TestStore {
  db: TestDatabase;
  store: Store;
  deps: ServiceDeps;
  clock: Clock;
  close(): Promise<void>;
}

export async function testStore(provider: Provider, startAt: string): Promise<TestStore> {
  const db = await newDatabase(provider);
  const store = await openStore(db.url);
  await migrate(store);
  const c = clock(startAt);
  const deps = createServiceDeps({ db: store.db, provider }, { now: () => c.now, managers: [] });
  return {
    db,
    store,
    deps,
    clock: c,
    close: async () => {
      await store.close();
      await db.drop();
    },
  };
}

export function schedulerConfig(c: Clock, overrides: Partial<DigestConfig> = {}): DigestConfig {
  return {
    enabled: true,
    intervalMs: 50,
    leaseMs: 60_000,
    retryMs: 1_000,
    maxAttempts: 5,
    channelGapMs: 0,
    workspaceGapMs: 0,
    rateLimitBudgetMs: 20_000,
    charts: true,
    instanceId: "test-instance",
    now: () => c.now,
    testPause: null,
    ...overrides,
  };
}

export interface RecordingLog extends SchedulerLog {
  lines: { level: string; msg: string; obj: object }[];
}

export function recordingLog(): RecordingLog {
  const lines: RecordingLog["lines"] = [];
  const at = (level: string) => (obj: object, msg: string) => {
    lines.push({ level, msg, obj });
  };
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}

/** The team's snapshot of this week (taken now, if not yet) and the digest of `periodKey`, without charts. */
export async function weekDigest(t: TestStore, team: DigestTeam, periodKey: string): Promise<Digest> {
  await ensureCurrentSnapshot(t.deps, team, "Asia/Shanghai");
  const digest = await composeDigest(t.deps, team, periodKey, { charts: false });
  if (!digest) throw new Error(`no digest for ${periodKey}`);
  return digest;
}
