// A fake OpenAI-compatible server on 127.0.0.1 that answers POST /v1/chat/completions from a per-test script, in
// the wire format the `openai` SDK parses. It rejects, with OpenAI's 400 error body, the requests OpenAI rejects
// (a strict json_schema/tool schema that is not strict-valid, tool_calls without their tool replies), so an
// app bug shows up in tests rather than in production.
import type { ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { ChatCompletion, ChatCompletionCreateParams } from "openai/resources/chat/completions";
import { sendJson, startLocalServer, type LocalRequest } from "./local-server.js";

/** A request body as the app's SDK sent it (parsed JSON; validated only as far as this fake checks). */
export type ChatRequest = ChatCompletionCreateParams;

export interface ScriptedToolCall {
  name: string;
  /** An object is sent JSON-encoded, as models do; a string is sent as is (e.g. to script broken arguments). */
  arguments: unknown;
  id?: string;
}

/** One answer of the script; each request consumes the next step. */
export type ScriptStep =
  /** Message content = JSON.stringify(json): the answer to a response_format json_schema request. */
  | { json: unknown }
  | { text: string }
  /** Content that claims to be JSON and is not (cut off, trailing prose…). */
  | { malformed: string }
  | { toolCalls: ScriptedToolCall[] }
  /** An HTTP error with OpenAI's error body; 429 sends Retry-After when `retryAfter` (seconds) is given. */
  | { status: number; retryAfter?: number; message?: string; type?: string; code?: string | null }
  /** HTTP 200 with this body as is (a gateway's HTML page, a cut-off JSON body), typed `contentType`. */
  | { body: string; contentType?: string }
  /** Wait (e.g. past the client's timeout), then answer with `then` (default: a short text). */
  | { delayMs: number; then?: ScriptStep }
  /** Decide from the request, e.g. echo a tool result or check the prompt. */
  | ((request: ChatRequest) => ScriptStep);

export interface RecordedOpenAIRequest {
  method: string;
  path: string;
  body: ChatRequest;
  /** The Authorization header's bearer token. */
  apiKey: string | undefined;
  at: number;
}

export interface FakeOpenAIOptions {
  /** What GET /v1/models lists. */
  models?: string[];
}

export interface FakeOpenAI {
  /** "http://127.0.0.1:PORT/v1" for `new OpenAI({ baseURL })`. */
  readonly baseURL: string;
  /** Every chat completion request, in order, parsed. */
  readonly requests: readonly RecordedOpenAIRequest[];
  /** Requests that arrived with no step left: each was answered 500. Assert this stays empty. */
  readonly unscripted: readonly RecordedOpenAIRequest[];
  /** Append steps to the script. */
  script(...steps: ScriptStep[]): void;
  /** Steps not yet consumed. */
  readonly pending: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const requests: RecordedOpenAIRequest[] = [];
  const unscripted: RecordedOpenAIRequest[] = [];
  const steps: ScriptStep[] = [];
  const models = options.models ?? ["kvalue-test-model"];
  let completions = 0;

  const server = await startLocalServer(async ({ req, res, body, url, signal }: LocalRequest) => {
    const apiKey = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    if (apiKey === undefined) {
      return openAIError(res, 401, "You didn't provide an API key.", "invalid_request_error", null);
    }
    if (req.method === "GET" && url.pathname === "/v1/models") {
      return sendJson(res, 200, {
        object: "list",
        data: models.map((id) => ({ id, object: "model", created: 1_700_000_000, owned_by: "kvalue-fake" })),
      });
    }
    if (req.method !== "POST" || url.pathname !== "/v1/chat/completions") {
      return openAIError(
        res,
        404,
        `Unknown request URL: ${req.method} ${url.pathname}.`,
        "invalid_request_error",
        "unknown_url",
      );
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString("utf8"));
    } catch {
      return openAIError(res, 400, "We could not parse the JSON body of your request.", "invalid_request_error", null);
    }
    const problem = checkRequest(parsed);
    const request: RecordedOpenAIRequest = {
      method: "POST",
      path: url.pathname,
      body: parsed as ChatRequest,
      apiKey,
      at: Date.now(),
    };
    requests.push(request);
    if (problem) return openAIError(res, 400, problem.message, "invalid_request_error", null, problem.param);

    let step = steps.shift();
    if (step === undefined) {
      unscripted.push(request);
      return openAIError(res, 500, "fake OpenAI: no scripted step left for this request", "server_error", null);
    }
    for (;;) {
      if (typeof step === "function") {
        step = step(request.body);
      } else if ("delayMs" in step) {
        await sleep(step.delayMs, undefined, { signal });
        step = step.then ?? { text: "(late answer)" };
      } else {
        break;
      }
    }
    if ("body" in step) {
      res.writeHead(200, { "content-type": step.contentType ?? "text/html; charset=utf-8" });
      res.end(step.body);
      return;
    }
    if ("status" in step) {
      const headers: Record<string, string> =
        step.retryAfter === undefined ? {} : { "retry-after": String(step.retryAfter) };
      const type =
        step.type ??
        (step.status === 429 ? "rate_limit_exceeded" : step.status >= 500 ? "server_error" : "invalid_request_error");
      return openAIError(
        res,
        step.status,
        step.message ?? `fake OpenAI scripted HTTP ${step.status}`,
        type,
        step.code ?? null,
        null,
        headers,
      );
    }
    sendJson(res, 200, completion(`chatcmpl-fake-${++completions}`, request.body, step));
  });

  return {
    baseURL: `${server.origin}/v1`,
    requests,
    unscripted,
    script: (...more) => void steps.push(...more),
    get pending() {
      return steps.length;
    },
    reset: () => {
      requests.length = 0;
      unscripted.length = 0;
      steps.length = 0;
    },
    close: () => server.close(),
  };
}

type Answer = Extract<
  ScriptStep,
  { json: unknown } | { text: string } | { malformed: string } | { toolCalls: ScriptedToolCall[] }
>;

function completion(id: string, request: ChatRequest, step: Answer): ChatCompletion {
  const toolCalls =
    "toolCalls" in step
      ? step.toolCalls.map((call, i) => ({
          id: call.id ?? `call_${id.slice(-6)}_${i}`,
          type: "function" as const,
          function: {
            name: call.name,
            arguments: typeof call.arguments === "string" ? call.arguments : JSON.stringify(call.arguments),
          },
        }))
      : undefined;
  const content =
    "json" in step
      ? JSON.stringify(step.json)
      : "text" in step
        ? step.text
        : "malformed" in step
          ? step.malformed
          : null;
  // Token counts are estimates (about 4 characters a token): enough for code that logs or budgets usage.
  const promptTokens = Math.ceil(JSON.stringify(request.messages).length / 4);
  const completionTokens = Math.ceil((content ?? JSON.stringify(toolCalls)).length / 4);
  return {
    id,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    system_fingerprint: "fp_kvalue_fake",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        logprobs: null,
        finish_reason: toolCalls ? "tool_calls" : "stop",
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

function openAIError(
  res: ServerResponse,
  status: number,
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error: { message, type, param, code } }, headers);
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The first reason OpenAI would answer 400, or undefined. Messages follow OpenAI's wording. */
function checkRequest(body: unknown): { message: string; param: string } | undefined {
  if (!isObject(body)) return { message: "The request body must be a JSON object.", param: "" };
  if (typeof body.model !== "string" || body.model === "") {
    return { message: "you must provide a model parameter", param: "model" };
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) {
    return { message: "Missing required parameter: 'messages'.", param: "messages" };
  }
  if (body.stream === true) {
    // Not an OpenAI rule: this fake answers only non-streaming requests.
    return { message: "fake OpenAI: streaming is not supported", param: "stream" };
  }
  const messageProblem = checkToolMessages(body.messages);
  if (messageProblem) return messageProblem;
  const format = body.response_format;
  if (isObject(format) && format.type === "json_schema") {
    const spec = format.json_schema;
    if (!isObject(spec) || typeof spec.name !== "string" || !/^[a-zA-Z0-9_-]{1,64}$/.test(spec.name)) {
      return {
        message: "Invalid 'response_format.json_schema.name': must match ^[a-zA-Z0-9_-]{1,64}$.",
        param: "response_format.json_schema.name",
      };
    }
    if (spec.strict === true) {
      const problem = strictSchemaProblem(spec.schema, "()");
      if (problem)
        return { message: `Invalid schema for response_format '${spec.name}': ${problem}`, param: "response_format" };
    }
  }
  for (const [i, tool] of (Array.isArray(body.tools) ? body.tools : []).entries()) {
    const fn = isObject(tool) ? tool.function : undefined;
    if (
      !isObject(tool) ||
      tool.type !== "function" ||
      !isObject(fn) ||
      typeof fn.name !== "string" ||
      !/^[a-zA-Z0-9_-]{1,64}$/.test(fn.name)
    ) {
      return {
        message: `Invalid 'tools[${i}].function.name': must match ^[a-zA-Z0-9_-]{1,64}$.`,
        param: `tools[${i}].function.name`,
      };
    }
    if (fn.strict === true) {
      const problem = strictSchemaProblem(fn.parameters, "()");
      if (problem)
        return {
          message: `Invalid schema for function '${fn.name}': ${problem}`,
          param: `tools[${i}].function.parameters`,
        };
    }
  }
  return undefined;
}

const unanswered = (ids: string[]): { message: string; param: string } => ({
  message: `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${ids.join(", ")}`,
  param: "messages",
});

/** OpenAI requires every assistant tool call to be answered by a tool message, and no tool message without one. */
function checkToolMessages(messages: unknown[]): { message: string; param: string } | undefined {
  let open: string[] = [];
  for (const [i, message] of messages.entries()) {
    if (!isObject(message) || typeof message.role !== "string") {
      return { message: `Invalid type for 'messages[${i}]': expected an object with a role.`, param: `messages[${i}]` };
    }
    if (message.role === "tool") {
      const id = message.tool_call_id;
      if (typeof id !== "string" || !open.includes(id)) {
        return {
          message:
            "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          param: `messages.[${i}].role`,
        };
      }
      open = open.filter((other) => other !== id);
      continue;
    }
    if (open.length > 0) {
      return unanswered(open);
    }
    if (message.role === "assistant" && Array.isArray(message.tool_calls)) {
      open = message.tool_calls.map((call) => (isObject(call) ? String(call.id) : ""));
    }
  }
  if (open.length > 0) {
    return unanswered(open);
  }
  return undefined;
}

/**
 * Structured Outputs' strict-mode rules that apps most often break: the root is an object; every object sets
 * additionalProperties: false and lists every property in `required` (optional fields must be nullable instead).
 */
function strictSchemaProblem(schema: unknown, context: string, root = true): string | undefined {
  if (!isObject(schema)) return `In context=${context}, schema must be a JSON Schema object.`;
  if (root && schema.type !== "object")
    return `In context=${context}, schema must be a JSON Schema of 'type: "object"', got 'type: "${String(schema.type)}"'.`;
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  if (types.includes("object") || isObject(schema.properties)) {
    if (schema.additionalProperties !== false) {
      return `In context=${context}, 'additionalProperties' is required to be supplied and to be false.`;
    }
    const properties = isObject(schema.properties) ? schema.properties : {};
    const required = Array.isArray(schema.required) ? schema.required : [];
    const missing = Object.keys(properties).filter((key) => !required.includes(key));
    if (missing.length > 0) {
      return `In context=${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing[0]}'.`;
    }
    for (const [key, child] of Object.entries(properties)) {
      const problem = strictSchemaProblem(child, `('properties', '${key}')`, false);
      if (problem) return problem;
    }
  }
  const children: unknown[] = [
    schema.items,
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
    ...Object.values(isObject(schema.$defs) ? schema.$defs : {}),
    ...Object.values(isObject(schema.definitions) ? schema.definitions : {}),
  ];
  for (const child of children) {
    if (child === undefined) continue;
    const problem = strictSchemaProblem(child, context, false);
    if (problem) return problem;
  }
  return undefined;
}
