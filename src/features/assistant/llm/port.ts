// The LLM port: what the assistant needs from a chat model, and nothing of any SDK. The OpenAI adapter
// (openai.ts) implements it for every OpenAI-compatible server; tests and the bench drive the same adapter
// against a fake server, so there is one code path from prompt to parsed output.
import type { z } from "zod";

export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text the model produced: parsing (and refusing) it is the caller's job. */
  arguments: string;
}

export type ChatMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string | null; toolCalls?: ToolCall[] }
  | { role: "tool"; toolCallId: string; content: string };

/** A function the model may call; `parameters` is a zod object sent as a strict JSON schema. */
export interface ToolDef {
  name: string;
  description: string;
  parameters: z.ZodObject;
}

export interface LlmRequest {
  /** What the call is for (logs, the bench's per-purpose counts). */
  purpose: "extract" | "qa";
  messages: ChatMessage[];
  /** Ask for JSON matching this schema (strict structured output). */
  format?: { name: string; schema: z.ZodType };
  tools?: ToolDef[];
  /** "none" forces a text answer even though tools are listed (the last round of the Q&A loop). */
  toolChoice?: "auto" | "none";
  /** Upper bound on the completion; every call is bounded. */
  maxTokens: number;
}

export interface LlmResponse {
  content: string | null;
  toolCalls: ToolCall[];
  finishReason: string | null;
  usage: { promptTokens: number; completionTokens: number } | null;
  /** Wall time of the call as the adapter saw it: the bench subtracts it to get the app's own latency. */
  ms: number;
}

export interface LlmPort {
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmResponse>;
}

/** Transport-level failures, classified so the retry policy and the user message can tell them apart. */
export type LlmErrorKind =
  | "timeout" // no answer within KVALUE_LLM_TIMEOUT_MS
  | "rate_limited" // 429
  | "unavailable" // 5xx or the connection failed
  | "malformed_response" // 200 whose body is not a chat completion (a gateway's HTML page, cut-off JSON)
  | "rejected" // 400/404/422: our request or the model name is wrong; retrying cannot help
  | "auth"; // 401/403: the key is wrong

export class LlmError extends Error {
  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    /** From Retry-After on a 429, when the server sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = "LlmError";
  }
}

export const isLlmError = (e: unknown): e is LlmError => e instanceof LlmError;
