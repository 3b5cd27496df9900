// Environment → typed configuration, in one place. A bad value stops start-up with one line naming the variable.
import { z } from "zod";

const optionalString = z.string().trim().min(1).optional();

const envSchema = z.object({
  DATABASE_URL: optionalString,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  SLACK_BOT_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_CLIENT_ID: optionalString,
  SLACK_CLIENT_SECRET: optionalString,
  SLACK_STATE_SECRET: optionalString,
  SLACK_API_URL: z.url().optional(),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: z.url().optional(),
  KVALUE_LLM_MODEL: z.string().min(1).default("gpt-4.1-mini"),
  KVALUE_LLM_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  KVALUE_LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(5).default(1),
  /** Slack user ids who see every team of their workspace: "U01,U02". */
  KVALUE_MANAGERS: z.string().default(""),
  KVALUE_DEFAULT_LOCALE: z.enum(["zh-CN", "en"]).default("zh-CN"),
  /** The CRM's page of an account, `{crmId}` standing for its 客户编号: the card links to it. */
  KVALUE_CRM_URL_TEMPLATE: z
    .string()
    .trim()
    .refine(
      (s) => s === "" || (/^https?:\/\/[^\s<>|]+$/.test(s) && s.includes("{crmId}") && URL.canParse(s)),
      "expected an http(s) URL with {crmId} where the account's CRM id goes, e.g. https://crm.example.com/account/{crmId}",
    )
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type SlackMode = "http" | "socket" | "oauth" | "console";

export interface Config {
  databaseUrl: string | undefined;
  port: number;
  mode: SlackMode;
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    clientId?: string;
    clientSecret?: string;
    stateSecret?: string;
    apiUrl?: string;
  };
  llm: { apiKey?: string; baseURL?: string; model: string; timeoutMs: number; maxRetries: number };
  managers: string[];
  defaultLocale: "zh-CN" | "en";
  /** KVALUE_CRM_URL_TEMPLATE, or null: cards link to the CRM record only when it is set. */
  crmUrlTemplate: string | null;
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
}

export class ConfigError extends Error {}

/** `env` through a zod schema of its variables; the first bad one stops start-up as one line naming it. */
export function parseEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ConfigError(`${String(issue?.path[0] ?? "environment")}: ${issue?.message ?? "invalid"}`);
}

/** The app's start (not the digest worker's, which needs the bot token alone): Slack variables that make no working
 *  set must not open the console instead, which reads no input under a service manager, exits 0 and is not
 *  restarted. Only no Slack variable at all means the console. */
export function checkSlackComplete(config: Config): void {
  if (config.mode !== "console") return;
  const s = config.slack;
  const set: [string, string | undefined][] = [
    ["SLACK_BOT_TOKEN", s.botToken],
    ["SLACK_SIGNING_SECRET", s.signingSecret],
    ["SLACK_APP_TOKEN", s.appToken],
    ["SLACK_CLIENT_ID", s.clientId],
    ["SLACK_CLIENT_SECRET", s.clientSecret],
  ];
  const given = set.filter(([, value]) => value).map(([name]) => name);
  if (given.length === 0) return;
  const missing =
    s.clientId || s.clientSecret
      ? ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET"].filter((name) => !given.includes(name))
      : s.botToken
        ? ["SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode)"]
        : ["SLACK_BOT_TOKEN"];
  throw new ConfigError(
    `${missing.join(", ")}: required with ${given.join(", ")} to serve Slack; unset every SLACK_ variable to open the local console instead`,
  );
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const e = parseEnv(envSchema, env);
  const oauth = Boolean(e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_SIGNING_SECRET);
  const mode: SlackMode =
    e.SLACK_APP_TOKEN && e.SLACK_BOT_TOKEN
      ? "socket"
      : oauth
        ? "oauth"
        : e.SLACK_BOT_TOKEN && e.SLACK_SIGNING_SECRET
          ? "http"
          : "console";
  if (mode === "oauth" && !e.SLACK_STATE_SECRET) {
    throw new ConfigError("SLACK_STATE_SECRET: required for the OAuth install flow (any long random string)");
  }
  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    mode,
    slack: {
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      clientId: e.SLACK_CLIENT_ID,
      clientSecret: e.SLACK_CLIENT_SECRET,
      stateSecret: e.SLACK_STATE_SECRET,
      apiUrl: e.SLACK_API_URL,
    },
    llm: {
      apiKey: e.OPENAI_API_KEY,
      baseURL: e.OPENAI_BASE_URL,
      model: e.KVALUE_LLM_MODEL,
      timeoutMs: e.KVALUE_LLM_TIMEOUT_MS,
      maxRetries: e.KVALUE_LLM_MAX_RETRIES,
    },
    managers: e.KVALUE_MANAGERS.split(",")
      .map((s) => s.trim())
      .filter(Boolean),
    defaultLocale: e.KVALUE_DEFAULT_LOCALE,
    crmUrlTemplate: e.KVALUE_CRM_URL_TEMPLATE || null,
    logLevel: e.LOG_LEVEL,
  };
}
