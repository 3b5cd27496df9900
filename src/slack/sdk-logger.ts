// The Slack SDKs' own log lines (Bolt, its receivers, the Web API client) through the app's JSON log, instead of
// plain "[WARN]  web-api:WebClient:0 …" lines in the middle of it. Their debug output carries whole message bodies
// (account and contact names): only LOG_LEVEL=trace lets it through. Their errors arrive as warnings: what fails a
// request is logged by kvalue itself, with the request's ids (request-context.ts).
import { LogLevel, type Logger } from "@slack/bolt";

interface SdkLog {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}

const fields = (parts: unknown[]) => ({
  slack: parts.map((p) => (p instanceof Error ? p.message : typeof p === "string" ? p : JSON.stringify(p))).join(" "),
});

export function sdkLogger(log: SdkLog, trace: boolean): Logger {
  let level = trace ? LogLevel.DEBUG : LogLevel.WARN;
  const verbose = () => level === LogLevel.DEBUG || level === LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => {
      if (level === LogLevel.DEBUG) log.debug?.(fields(m), "slack sdk");
    },
    info: (...m: unknown[]) => {
      if (verbose()) log.debug?.(fields(m), "slack sdk");
    },
    warn: (...m: unknown[]) => log.warn(fields(m), "slack sdk"),
    error: (...m: unknown[]) => log.warn(fields(m), "slack sdk"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
