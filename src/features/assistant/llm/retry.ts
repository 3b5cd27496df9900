// One retry budget per note or question (the issue's "at most one retry where it helps"), shared by transport
// failures and unusable output, so a note never costs more than two model calls. Retried: 429 (when the server
// asks for a short wait), 5xx and dropped connections, a 200 whose body is not a completion (a gateway's page),
// malformed or schema-invalid JSON. Not retried: timeouts
// (the person already waited the full timeout), rejected requests and bad keys (the same request fails again).
import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";
import { isLlmError, type LlmErrorKind, type LlmPort, type LlmRequest, type LlmResponse } from "./port.js";
import { repairPrompt } from "./repair-prompt.js";

export type FailureKind =
  | LlmErrorKind
  | "not_configured" // no OPENAI_API_KEY
  | "malformed_json" // content that is not JSON
  | "schema_invalid" // JSON that does not match the schema
  | "unknown_tool" // a tool we do not have, twice
  | "empty_answer"; // no text where an answer was due

export class AssistantFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
  ) {
    super(message);
    this.name = "AssistantFailure";
  }
}

export const isAssistantFailure = (e: unknown): e is AssistantFailure => e instanceof AssistantFailure;

/** Waiting longer than this for a 429 is worse than a clear "try again in a minute". */
const MAX_RETRY_WAIT_MS = 5_000;
const UNAVAILABLE_WAIT_MS = 300;

export class CallBudget {
  /** Model calls made so far (the bench reports them per note and per question). */
  calls = 0;
  /** Wall time spent inside the model adapter. */
  modelMs = 0;
  private retries: number;

  /** `retries` comes from KVALUE_LLM_MAX_RETRIES; the issue caps it at one. */
  constructor(retries = 1) {
    this.retries = Math.max(0, Math.min(1, Math.floor(retries)));
  }

  /** Takes the retry if one is left. */
  retry(): boolean {
    if (this.retries <= 0) return false;
    this.retries--;
    return true;
  }
}

/** One model call with the transport half of the retry policy. */
export async function callModel(llm: LlmPort, request: LlmRequest, budget: CallBudget): Promise<LlmResponse> {
  for (;;) {
    budget.calls++;
    const started = performance.now();
    try {
      const response = await llm.complete(request);
      budget.modelMs += performance.now() - started;
      return response;
    } catch (e) {
      budget.modelMs += performance.now() - started;
      if (!isLlmError(e)) throw e;
      const wait =
        e.kind === "rate_limited"
          ? (e.retryAfterMs ?? 1_000)
          : e.kind === "unavailable"
            ? UNAVAILABLE_WAIT_MS
            : e.kind === "malformed_response"
              ? 0
              : null;
      if (wait !== null && wait <= MAX_RETRY_WAIT_MS && budget.retry()) {
        await sleep(wait);
        continue;
      }
      throw new AssistantFailure(e.kind, e.message);
    }
  }
}

export type Parsed<T> =
  | { ok: true; value: T }
  | { ok: false; kind: "malformed_json" | "schema_invalid"; problem: string };

/** Content → schema-checked value. Compatible servers may ignore `strict`, so the schema is always re-checked. */
export function parseStructured<T>(content: string | null, schema: z.ZodType<T>): Parsed<T> {
  if (content === null || content.trim() === "")
    return { ok: false, kind: "malformed_json", problem: "the reply was empty" };
  let json: unknown;
  try {
    // Some local servers wrap JSON in a code fence despite response_format; that much is forgiven.
    json = JSON.parse(content.trim().replace(/^```(?:json)?\s*|\s*```$/g, ""));
  } catch {
    return { ok: false, kind: "malformed_json", problem: "the reply was not valid JSON" };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? issue.path.map(String).join(".") || "(root)" : "(root)";
  return { ok: false, kind: "schema_invalid", problem: `at ${where}: ${issue?.message ?? "invalid"}` };
}

/**
 * A structured call: transport retries, then one repair round for unusable JSON, all within the same budget.
 * `read` (default: the schema sent) may accept more than the schema asks, e.g. a property a server without strict
 * outputs may leave out.
 */
export async function callStructured<T>(
  llm: LlmPort,
  request: LlmRequest & { format: { name: string; schema: z.ZodType<T> } },
  budget: CallBudget,
  read: z.ZodType<T> = request.format.schema,
): Promise<{ value: T; response: LlmResponse }> {
  let messages = request.messages;
  for (;;) {
    const response = await callModel(llm, { ...request, messages }, budget);
    const parsed = parseStructured(response.content, read);
    if (parsed.ok) return { value: parsed.value, response };
    if (!budget.retry()) throw new AssistantFailure(parsed.kind, parsed.problem);
    messages = [
      ...request.messages,
      { role: "assistant", content: (response.content ?? "").slice(0, 2_000) },
      { role: "user", content: repairPrompt(parsed.problem) },
    ];
  }
}
