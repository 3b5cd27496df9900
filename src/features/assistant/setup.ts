// How a surface gets the assistant: built once per service deps from the configuration (OPENAI_API_KEY,
// OPENAI_BASE_URL, KVALUE_LLM_*), or attached explicitly (tests, the bench, the eval). Held by the deps object (in
// its caches) rather than a global, so several apps side by side in one test process each keep their own model.
import { loadConfig, type Config } from "../../config.js";
import { createLogger } from "../../log.js";
import { cacheSpec } from "../caches.js";
import type { ServiceDeps } from "../deps.js";
import { meteredLlm } from "./llm/metered.js";
import { OpenAIAdapter } from "./llm/openai.js";
import type { LlmPort } from "./llm/port.js";

export interface AssistantLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Assistant {
  /** null when no key is configured: free-text features then say how to turn them on. */
  llm: LlmPort | null;
  /** KVALUE_LLM_MAX_RETRIES (capped at one per note or question). */
  retries: number;
  /** KVALUE_LLM_TIMEOUT_MS, for the message that says how long the model was given. */
  timeoutMs: number;
  log: AssistantLog;
}

export function assistantFromConfig(config: Pick<Config, "llm" | "logLevel">, log?: AssistantLog): Assistant {
  const { llm } = config;
  return {
    llm: llm.apiKey
      ? new OpenAIAdapter({ apiKey: llm.apiKey, baseURL: llm.baseURL, model: llm.model, timeoutMs: llm.timeoutMs })
      : null,
    retries: llm.maxRetries,
    timeoutMs: llm.timeoutMs,
    log: log ?? createLogger(config.logLevel),
  };
}

// Kept in the deps' own caches (no module state): one entry, under a version that never changes, because the
// assistant is wiring fixed for the life of these deps, not data that another instance could change.
const ASSISTANT = cacheSpec<Assistant>("assistant.instance", 1);
const KEY = "assistant";
const VERSION = "wired";

/** The assistant with its model calls counted in these deps' metrics. */
const metered = (deps: Pick<ServiceDeps, "metrics">, a: Assistant): Assistant =>
  a.llm ? { ...a, llm: meteredLlm(a.llm, deps.metrics) } : a;

export function attachAssistant(deps: Pick<ServiceDeps, "caches" | "metrics">, assistant: Assistant): void {
  deps.caches.of(ASSISTANT).set(KEY, VERSION, metered(deps, assistant));
}

/** The assistant of these deps; the first use without an attached one reads the process configuration. */
export function assistantFor(deps: Pick<ServiceDeps, "caches" | "metrics">, log?: AssistantLog): Assistant {
  const cache = deps.caches.of(ASSISTANT);
  let a = cache.peek(KEY, VERSION);
  if (!a) {
    a = metered(deps, assistantFromConfig(loadConfig(), log));
    cache.set(KEY, VERSION, a);
  }
  return a;
}
