// The OpenAI adapter of the LLM port: Chat Completions (the most portable surface of OpenAI-compatible servers:
// Ollama, vLLM, LM Studio, company gateways), strict json_schema outputs and strict function tools built from
// zod 4 by the SDK's own helpers. SDK retries are off: the assistant keeps one retry budget per note or question
// (retry.ts), so a 429 followed by malformed JSON cannot add up to three model calls.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from "openai";
import { zodFunction, zodResponseFormat } from "openai/helpers/zod";
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import type { z } from "zod";
import { redactSecrets } from "./redact.js";
import { LlmError, type ChatMessage, type LlmPort, type LlmRequest, type LlmResponse, type ToolDef } from "./port.js";

export interface OpenAIAdapterOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
}

/** The `$schema` line is noise to the model and costs prompt tokens on every request. */
function withoutDialect<T extends { schema?: Record<string, unknown> | undefined }>(spec: T): T {
  if (spec.schema) delete spec.schema.$schema;
  return spec;
}

// zod → JSON Schema once per schema and tool, not on every request (a Q&A question sends the tools up to 5 times).
// Module-level on purpose: a pure derivation of schema objects that are constants of the code, never of data.
const formats = new WeakMap<z.ZodType, Map<string, ReturnType<typeof zodResponseFormat>>>();
const tools = new WeakMap<ToolDef, ChatCompletionTool>();

export function responseFormat(name: string, schema: z.ZodType) {
  const byName = formats.get(schema) ?? new Map<string, ReturnType<typeof zodResponseFormat>>();
  formats.set(schema, byName);
  let format = byName.get(name);
  if (!format) {
    format = zodResponseFormat(schema, name);
    withoutDialect(format.json_schema);
    byName.set(name, format);
  }
  return format;
}

export function toolSpec(tool: ToolDef): ChatCompletionTool {
  let spec = tools.get(tool);
  if (!spec) {
    const fn = zodFunction({ name: tool.name, description: tool.description, parameters: tool.parameters });
    withoutDialect({ schema: fn.function.parameters as Record<string, unknown> | undefined });
    spec = fn as ChatCompletionTool;
    tools.set(tool, spec);
  }
  return spec;
}

function wireMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case "system":
    case "user":
      return { role: m.role, content: m.content };
    case "assistant":
      return {
        role: "assistant",
        content: m.content,
        ...(m.toolCalls?.length
          ? {
              tool_calls: m.toolCalls.map((c) => ({
                id: c.id,
                type: "function" as const,
                function: { name: c.name, arguments: c.arguments },
              })),
            }
          : {}),
      };
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
  }
}

/** The request body exactly as the adapter sends it (the bench counts tokens on the recorded copy). */
export function wireRequest(model: string, request: LlmRequest): ChatCompletionCreateParamsNonStreaming {
  return {
    model,
    messages: request.messages.map(wireMessage),
    max_completion_tokens: request.maxTokens,
    ...(request.format ? { response_format: responseFormat(request.format.name, request.format.schema) } : {}),
    ...(request.tools?.length ? { tools: request.tools.map(toolSpec), tool_choice: request.toolChoice ?? "auto" } : {}),
  };
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const value = headers?.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** SDK errors → the port's kinds, their messages without credentials (they are logged). Anything unrecognised is
 *  rethrown: it is a bug, not a model failure. */
function classify(e: unknown, apiKey: string): LlmError {
  const raw = kindOf(e);
  return new LlmError(raw.kind, redactSecrets(raw.message, [apiKey]), raw.retryAfterMs);
}

function kindOf(e: unknown): LlmError {
  // The SDK parses a JSON-typed 200 body itself; a body that is not JSON surfaces as a SyntaxError.
  if (e instanceof SyntaxError)
    return new LlmError("malformed_response", `the server's answer is not JSON: ${e.message}`);
  if (e instanceof APIConnectionTimeoutError) return new LlmError("timeout", e.message);
  if (e instanceof APIConnectionError) return new LlmError("unavailable", e.message);
  if (e instanceof RateLimitError) return new LlmError("rate_limited", e.message, retryAfterMs(e.headers));
  if (e instanceof AuthenticationError || e instanceof PermissionDeniedError) return new LlmError("auth", e.message);
  if (e instanceof APIError) {
    const status = e.status ?? 0;
    return new LlmError(status >= 500 ? "unavailable" : "rejected", e.message);
  }
  throw e;
}

export class OpenAIAdapter implements LlmPort {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly apiKey: string;

  constructor(o: OpenAIAdapterOptions) {
    this.model = o.model;
    this.apiKey = o.apiKey;
    // Explicit timeout and maxRetries: the SDK defaults are 10 minutes and 2 retries (notes/stack.md).
    this.client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseURL, timeout: o.timeoutMs, maxRetries: 0 });
  }

  async complete(request: LlmRequest): Promise<LlmResponse> {
    const started = performance.now();
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await this.client.chat.completions.create(wireRequest(this.model, request));
    } catch (e) {
      throw classify(e, this.apiKey);
    }
    // A 200 with a body of another type (a gateway's HTML page) comes back from the SDK as a plain string.
    if (typeof completion !== "object" || completion === null || !Array.isArray(completion.choices)) {
      const body = typeof completion === "string" ? (completion as string).slice(0, 80) : typeof completion;
      const said = redactSecrets(`the server's 200 answer is not a chat completion: ${body}`, [this.apiKey]);
      throw new LlmError("malformed_response", said);
    }
    const choice = completion.choices[0];
    const message = choice?.message;
    return {
      content: message?.content ?? null,
      toolCalls: (message?.tool_calls ?? []).flatMap((c) =>
        c.type === "function" ? [{ id: c.id, name: c.function.name, arguments: c.function.arguments }] : [],
      ),
      finishReason: choice?.finish_reason ?? null,
      usage: completion.usage
        ? { promptTokens: completion.usage.prompt_tokens, completionTokens: completion.usage.completion_tokens }
        : null,
      ms: performance.now() - started,
    };
  }
}
