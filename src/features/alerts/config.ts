// Settings of the alert DMs from the environment (read through src/config.ts `parseEnv`, like the digest's). The
// lease, retry and attempt settings, the instance id and the clock are the digest's (KVALUE_DIGEST_*, KVALUE_NOW):
// the alerts run the same claim protocol next to it.
import { z } from "zod";
import { parseEnv } from "../../config.js";

const schema = z.object({
  /** "off" leaves the alert DMs to other processes (or to nobody). */
  KVALUE_ALERTS: z.enum(["on", "off"]).default("on"),
  /** The hour (Asia/Shanghai) from which the day's DMs go out. */
  KVALUE_ALERTS_HOUR: z.coerce.number().int().min(0).max(23).default(9),
  KVALUE_ALERTS_INTERVAL_MS: z.coerce.number().int().positive().default(60_000),
});

export interface AlertsConfig {
  enabled: boolean;
  hour: number;
  intervalMs: number;
}

export function loadAlertsConfig(env: NodeJS.ProcessEnv = process.env): AlertsConfig {
  const e = parseEnv(schema, env);
  return { enabled: e.KVALUE_ALERTS === "on", hour: e.KVALUE_ALERTS_HOUR, intervalMs: e.KVALUE_ALERTS_INTERVAL_MS };
}
