// The assistant's test world: a migrated temporary SQLite store with the demo portfolio (team 华东政企一部 on
// #sales, rep U0REP), a second team the rep cannot see (for the scope and injection tests), the fake
// OpenAI-compatible server of test/support, and the real OpenAI adapter pointed at it.
import { OpenAIAdapter } from "../../src/features/assistant/llm/openai.js";
import type { Extraction } from "../../src/features/assistant/extraction/schema.js";
import { attachAssistant, type Assistant } from "../../src/features/assistant/setup.js";
import { createAccount } from "../../src/features/accounts/service.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { resolveScope, type Actor, type Scope } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";
import { sqliteDatabase, type TestDatabase } from "../store/support.js";

export const WS = "T0KVALUE";
export const SALES = "C0SALES";
export const REP = "U0REP";
export const OTHER_CHANNEL = "C0SOUTH";
export const OTHER_REP = "U0SOUTH";
/** An account of the other team: the rep must never see it. */
export const SECRET_ACCOUNT = "南岭省公安厅";
export const DSJ = "东江省大数据管理局";
/** 2026-06-15 10:00 in Asia/Shanghai. */
export const NOW = new Date("2026-06-15T02:00:00Z");

export interface Logged {
  level: "warn" | "error";
  obj: object;
  msg: string;
}

export interface World {
  deps: ServiceDeps;
  store: Store;
  ai: FakeOpenAI;
  assistant: Assistant;
  logs: Logged[];
  rep: Actor;
  scope(): Promise<Scope>;
  accountId(name: string): Promise<string>;
  /** Rows a note could write, to prove nothing changed before Confirm. */
  counts(): Promise<Counts>;
  close(): Promise<void>;
}

export interface Counts {
  factChanges: number;
  assistantChanges: number;
  contacts: number;
  opportunities: number;
  needs: number;
  snapshots: number;
  versionSum: number;
}

export interface WorldOptions {
  retries?: number;
  timeoutMs?: number;
  key?: boolean;
}

export async function startWorld(o: WorldOptions = {}): Promise<World> {
  const database: TestDatabase = sqliteDatabase();
  const store = await openStore(database.url);
  await migrate(store);
  const deps = createServiceDeps(store, { now: () => NOW, managers: [] });
  const rep: Actor = { workspaceId: WS, userId: REP, source: "assistant" };
  await loadDemo(deps, { workspaceId: WS, userId: REP, source: "demo" }, SALES);
  const south: Actor = { workspaceId: WS, userId: OTHER_REP, source: "slash" };
  await createTeam(deps, south, { channelId: OTHER_CHANNEL, name: "华南政企部", members: [OTHER_REP] });
  await createAccount(deps, south, await resolveScope(deps, south), {
    name: SECRET_ACCOUNT,
    channelId: OTHER_CHANNEL,
    facts: { revenue_ttm: 88_000_000, wallet_annual: 300_000_000, budget_status: "approved" },
  });

  const ai = await startFakeOpenAI();
  const logs: Logged[] = [];
  const assistant: Assistant = {
    llm:
      o.key === false
        ? null
        : new OpenAIAdapter({
            apiKey: "test-key",
            baseURL: ai.baseURL,
            model: "kvalue-test-model",
            timeoutMs: o.timeoutMs ?? 2_000,
          }),
    retries: o.retries ?? 1,
    timeoutMs: o.timeoutMs ?? 2_000,
    log: {
      warn: (obj, msg) => {
        logs.push({ level: "warn", obj, msg });
      },
      error: (obj, msg) => {
        logs.push({ level: "error", obj, msg });
      },
    },
  };
  attachAssistant(deps, assistant);

  return {
    deps,
    store,
    ai,
    assistant,
    logs,
    rep,
    scope: () => resolveScope(deps, rep),
    async accountId(name) {
      return (await store.db.account.findFirstOrThrow({ where: { workspaceId: WS, name }, select: { id: true } })).id;
    },
    async counts() {
      const db = store.db;
      const [factChanges, assistantChanges, contacts, opportunities, needs, snapshots, versions] = await Promise.all([
        db.factChange.count(),
        db.factChange.count({ where: { source: "assistant" } }),
        db.contact.count(),
        db.opportunity.count(),
        db.need.count(),
        db.scoreSnapshot.count(),
        db.account.aggregate({ _sum: { version: true } }),
      ]);
      return {
        factChanges,
        assistantChanges,
        contacts,
        opportunities,
        needs,
        snapshots,
        versionSum: versions._sum.version ?? 0,
      };
    },
    async close() {
      await ai.close();
      await store.close();
      await database.drop();
    },
  };
}

/** A complete extraction (every property present, as strict structured output returns it). */
export function extraction(partial: Partial<Extraction> = {}): Extraction {
  return { intent: "note", account: null, facts: [], needs: [], contacts: [], opportunities: [], ...partial };
}

/** The note from the issue, and what a good model extracts from it. */
export const ISSUE_NOTE =
  "今天见了省大数据局王副局长，他们Q3有个3000万的数据共享平台项目，华为也在跟，信息中心李主任很支持我们";
export const ISSUE_EXTRACTION: Extraction = extraction({
  account: "省大数据局",
  contacts: [
    {
      name: "王副局长",
      title: "副局长",
      org_unit: null,
      role: null,
      influence: "high",
      attitude: null,
      relationship_strength: 1,
      evidence: "今天见了省大数据局王副局长",
    },
    {
      name: "李主任",
      title: "主任",
      org_unit: "信息中心",
      role: "coach",
      influence: null,
      attitude: 2,
      relationship_strength: null,
      evidence: "信息中心李主任很支持我们",
    },
  ],
  opportunities: [
    {
      name: "数据共享平台项目",
      stage: null,
      amount: "3000万",
      close: "Q3",
      source: null,
      evidence: "他们Q3有个3000万的数据共享平台项目",
    },
  ],
});

/** The text of a chat request's messages of one role, joined. */
export function messagesOf(body: { messages: unknown[] }, role: string): string {
  return (body.messages as { role: string; content?: unknown }[])
    .filter((m) => m.role === role)
    .map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content ?? "")))
    .join("\n");
}
