// Settings of the digest scheduler from the environment: a zod schema read through src/config.ts `parseEnv`, so a bad
// value stops start-up with the same one line naming the variable. Kept beside the digest because it owns them.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { parseEnv } from "../../config.js";

const ms = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  /** "off" leaves delivery to other processes (e.g. dedicated `node dist/src/worker.js` instances). */
  KVALUE_DIGEST_SCHEDULER: z.enum(["on", "off"]).default("on"),
  KVALUE_DIGEST_INTERVAL_MS: ms(30_000),
  /** How long a claimed run is its owner's; the owner renews it while it works. */
  KVALUE_DIGEST_LEASE_MS: ms(120_000),
  /** Delay before a run that failed transiently is tried again. */
  KVALUE_DIGEST_RETRY_MS: ms(60_000),
  KVALUE_DIGEST_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  KVALUE_DIGEST_CHANNEL_GAP_MS: ms(1_100),
  KVALUE_DIGEST_WORKSPACE_GAP_MS: ms(250),
  KVALUE_DIGEST_RATE_LIMIT_BUDGET_MS: ms(5 * 60_000),
  /** "off" sends the text digest without the two chart images. */
  KVALUE_DIGEST_CHARTS: z.enum(["on", "off"]).default("on"),
  KVALUE_INSTANCE_ID: z.string().trim().min(1).optional(),
  /** Test and demo only: the business clock starts at this instant and runs on from there. */
  KVALUE_NOW: z.iso.datetime({ offset: true }).optional(),
  /** Test only: "claimed:<ms>" or "posting:<ms>" pauses a run at that point (to kill the process there). */
  KVALUE_DIGEST_TEST_PAUSE: z
    .string()
    .regex(/^(claimed|posting):\d+$/, "expected claimed:<ms> or posting:<ms>")
    .optional(),
});

export interface DigestConfig {
  enabled: boolean;
  intervalMs: number;
  leaseMs: number;
  retryMs: number;
  maxAttempts: number;
  channelGapMs: number;
  workspaceGapMs: number;
  rateLimitBudgetMs: number;
  charts: boolean;
  instanceId: string;
  now: () => Date;
  testPause: { at: "claimed" | "posting"; ms: number } | null;
}

export function loadDigestConfig(env: NodeJS.ProcessEnv = process.env): DigestConfig {
  const e = parseEnv(schema, env);
  let now = () => new Date();
  if (e.KVALUE_NOW) {
    const offset = Date.parse(e.KVALUE_NOW) - Date.now();
    now = () => new Date(Date.now() + offset);
  }
  const [at, pause] = e.KVALUE_DIGEST_TEST_PAUSE?.split(":") ?? [];
  return {
    enabled: e.KVALUE_DIGEST_SCHEDULER === "on",
    intervalMs: e.KVALUE_DIGEST_INTERVAL_MS,
    leaseMs: e.KVALUE_DIGEST_LEASE_MS,
    retryMs: e.KVALUE_DIGEST_RETRY_MS,
    maxAttempts: e.KVALUE_DIGEST_MAX_ATTEMPTS,
    channelGapMs: e.KVALUE_DIGEST_CHANNEL_GAP_MS,
    workspaceGapMs: e.KVALUE_DIGEST_WORKSPACE_GAP_MS,
    rateLimitBudgetMs: e.KVALUE_DIGEST_RATE_LIMIT_BUDGET_MS,
    charts: e.KVALUE_DIGEST_CHARTS === "on",
    instanceId: e.KVALUE_INSTANCE_ID ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    now,
    testPause: at === "claimed" || at === "posting" ? { at, ms: Number(pause) } : null,
  };
}
