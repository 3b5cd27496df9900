import OpenAI, { APIConnectionTimeoutError, BadRequestError, InternalServerError, RateLimitError } from "openai";
import { zodResponseFormat } from "openai/helpers/zod";
import type { ChatCompletionMessageParam, ChatCompletionTool } from "openai/resources/chat/completions";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fake-openai.js";

const Facts = z.object({ account: z.string(), budget_wan: z.number().nullable() });
const lookupTool: ChatCompletionTool = {
  type: "function",
  function: {
    name: "lookup_account",
    description: "Find an account's value score",
    parameters: {
      type: "object",
      properties: { name: { type: "string" } },
      required: ["name"],
      additionalProperties: false,
    },
    strict: true,
  },
};

let ai: FakeOpenAI;
beforeAll(async () => {
  ai = await startFakeOpenAI();
});
afterEach(() => ai.reset());
afterAll(() => ai.close());

const client = (options: { timeout?: number; maxRetries?: number } = {}) =>
  new OpenAI({
    baseURL: ai.baseURL,
    apiKey: "test",
    timeout: options.timeout ?? 2_000,
    maxRetries: options.maxRetries ?? 0,
  });

describe("fake OpenAI-compatible server with the real openai SDK", () => {
  it("answers a json_schema request that the SDK parses", async () => {
    ai.script({ json: { account: "Acme", budget_wan: 300 } });
    const completion = await client().chat.completions.parse({
      model: "kvalue-test-model",
      messages: [{ role: "user", content: "Acme 预算 300 万" }],
      response_format: zodResponseFormat(Facts, "facts"),
    });
    expect(completion.choices[0]?.message.parsed).toEqual({ account: "Acme", budget_wan: 300 });
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);
    expect(ai.requests[0]?.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "facts", strict: true },
    });
    expect(ai.pending).toBe(0);
  });

  it("runs a tool-calling round trip and records the tool result the app sent back", async () => {
    ai.script({ toolCalls: [{ name: "lookup_account", arguments: { name: "Acme" }, id: "call_1" }] }, (request) => {
      const toolReply = request.messages.find((m) => m.role === "tool");
      return { text: `Acme: ${String(toolReply?.content)}` };
    });
    const messages: ChatCompletionMessageParam[] = [{ role: "user", content: "How valuable is Acme?" }];
    const first = await client().chat.completions.create({ model: "m", messages, tools: [lookupTool] });
    const choice = first.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === "function" && JSON.parse(call.function.arguments)).toEqual({ name: "Acme" });

    messages.push(choice?.message as ChatCompletionMessageParam, {
      role: "tool",
      tool_call_id: "call_1",
      content: "V=82, 战略客户",
    });
    const second = await client().chat.completions.create({ model: "m", messages, tools: [lookupTool] });
    expect(second.choices[0]?.message.content).toBe("Acme: V=82, 战略客户");
  });

  it("surfaces malformed JSON content as a parse failure", async () => {
    ai.script({ malformed: '{"account": "Acme", "budget_wan": ' });
    const parsing = client().chat.completions.parse({
      model: "m",
      messages: [{ role: "user", content: "x" }],
      response_format: zodResponseFormat(Facts, "facts"),
    });
    await expect(parsing).rejects.toThrow(SyntaxError);
  });

  it("surfaces 429 as RateLimitError with Retry-After, and the SDK retries when allowed", async () => {
    ai.script({ status: 429, retryAfter: 7 });
    const error = await client()
      .chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get("retry-after")).toBe("7");

    ai.script({ status: 429, retryAfter: 1 }, { text: "ok" });
    const retried = await client({ maxRetries: 1 }).chat.completions.create({
      model: "m",
      messages: [{ role: "user", content: "x" }],
    });
    expect(retried.choices[0]?.message.content).toBe("ok");
  });

  it("surfaces 500 as InternalServerError and 400 as BadRequestError with OpenAI's error body", async () => {
    ai.script({ status: 500 }, { status: 400, message: "context_length_exceeded", code: "context_length_exceeded" });
    const request = { model: "m", messages: [{ role: "user" as const, content: "x" }] };
    await expect(client().chat.completions.create(request)).rejects.toBeInstanceOf(InternalServerError);
    const error = await client()
      .chat.completions.create(request)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).code).toBe("context_length_exceeded");
  });

  it("surfaces a reply slower than the client's timeout as APIConnectionTimeoutError", async () => {
    ai.script({ delayMs: 1_000 });
    const started = Date.now();
    await expect(
      client({ timeout: 150 }).chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(Date.now() - started).toBeLessThan(900);
  });

  it("answers an unscripted request with 500 and records it", async () => {
    await expect(
      client().chat.completions.create({ model: "m", messages: [{ role: "user", content: "x" }] }),
    ).rejects.toBeInstanceOf(InternalServerError);
    expect(ai.unscripted).toHaveLength(1);
  });

  it("rejects what OpenAI rejects: a non-strict schema in strict mode, an unanswered tool call", async () => {
    const optionalField = {
      type: "object",
      properties: { account: { type: "string" }, note: { type: "string" } },
      required: ["account"],
      additionalProperties: false,
    };
    const schemaError = await client()
      .chat.completions.create({
        model: "m",
        messages: [{ role: "user", content: "x" }],
        response_format: { type: "json_schema", json_schema: { name: "facts", strict: true, schema: optionalField } },
      })
      .catch((e: unknown) => e);
    expect(schemaError).toBeInstanceOf(BadRequestError);
    expect((schemaError as BadRequestError).message).toContain("Missing 'note'");

    const unanswered: ChatCompletionMessageParam[] = [
      { role: "user", content: "x" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "call_9", type: "function", function: { name: "lookup_account", arguments: "{}" } }],
      },
      { role: "user", content: "and?" },
    ];
    await expect(client().chat.completions.create({ model: "m", messages: unanswered })).rejects.toThrow(/call_9/);
    expect(ai.pending).toBe(0); // rejected requests do not consume steps
  });

  it("lists models", async () => {
    const models = await client().models.list();
    expect(models.data.map((m) => m.id)).toEqual(["kvalue-test-model"]);
  });
});
