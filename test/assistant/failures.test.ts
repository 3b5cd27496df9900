// Failure modes: timeout, 429, 5xx, malformed JSON, schema-invalid output, a bad key, no key at all. At most one
// retry where it helps (never more than two model calls per note), then a clear message; nothing is written;
// the deterministic commands keep working whatever the model does.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { notePrompt } from "../../src/features/assistant/extraction/extract.js";
import { handleFreeText } from "../../src/features/assistant/handle.js";
import { runCommand, type CommandEnv } from "../../src/commands/run.js";
import { textOf } from "../support/fake-slack.js";
import { ISSUE_EXTRACTION, ISSUE_NOTE, SALES, WS, messagesOf, startWorld, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld({ timeoutMs: 800 });
  // The first note loads the tokenizer's tables; load them here so the timeout test times the model alone.
  await notePrompt("warm-up");
});
afterAll(async () => {
  await w?.close();
});
afterEach(() => {
  expect(w.ai.unscripted).toEqual([]);
  w.ai.reset();
});

const send = (text = ISSUE_NOTE, world = w) =>
  handleFreeText({
    deps: world.deps,
    assistant: world.assistant,
    actor: world.rep,
    locale: "zh-CN",
    text,
    thread: null,
    sourceRef: "test",
  });
const said = (r: Awaited<ReturnType<typeof send>>) => textOf(r.replies[0]?.message.blocks);

describe("transport failures", () => {
  it("does not retry a timeout (the rep already waited) and says so", async () => {
    const before = await w.counts();
    w.ai.script({ delayMs: 2_000, then: { json: ISSUE_EXTRACTION } });
    const started = Date.now();
    const r = await send();
    expect(Date.now() - started).toBeLessThan(1_900);
    expect(r.kind).toBe("failure");
    expect(said(r)).toContain("模型 1 秒内没有回应，什么也没有改动");
    expect(w.ai.requests).toHaveLength(1);
    expect(await w.counts()).toEqual(before);
  });

  it("retries a 429 once after Retry-After and then proposes (two calls for the note)", async () => {
    w.ai.script({ status: 429, retryAfter: 0 }, { json: ISSUE_EXTRACTION });
    const r = await send();
    expect(r.calls).toBe(2);
    expect(r.replies[0]?.proposalId).toBeTruthy();
  });

  it("gives up after a second 429 with a clear message", async () => {
    w.ai.script({ status: 429, retryAfter: 0 }, { status: 429, retryAfter: 0 });
    const r = await send();
    expect(w.ai.requests).toHaveLength(2);
    expect(said(r)).toContain("模型服务现在太忙");
  });

  it("does not wait out a long Retry-After: the rep hears at once", async () => {
    w.ai.script({ status: 429, retryAfter: 60 });
    const r = await send();
    expect(w.ai.requests).toHaveLength(1);
    expect(said(r)).toContain("请过一两分钟再试");
  });

  it("retries a 500 once, and reports a second one as unavailable", async () => {
    w.ai.script({ status: 500 }, { json: ISSUE_EXTRACTION });
    expect((await send()).replies[0]?.proposalId).toBeTruthy();
    w.ai.script({ status: 502 }, { status: 503 });
    const r = await send();
    expect(said(r)).toContain("模型服务暂时不可用");
    expect(w.ai.requests).toHaveLength(4);
  });

  it("does not retry a rejected key or request", async () => {
    w.ai.script({ status: 401, message: "Incorrect API key provided" });
    expect(said(await send())).toContain("不接受当前的密钥");
    w.ai.script({ status: 404, message: "The model `x` does not exist" });
    expect(said(await send())).toContain("模型名称或服务配置可能有误");
    expect(w.ai.requests).toHaveLength(2);
  });

  it("logs a refused key's error without the key: sk-… keys, Bearer tokens and the configured key are redacted", async () => {
    w.logs.length = 0;
    const quoted = "Incorrect API key provided: sk-secret-abc123xyz. Sent: Bearer test-key and test-key.";
    w.ai.script({ status: 401, message: quoted });
    expect(said(await send())).toContain("不接受当前的密钥");
    w.ai.script({ status: 401, message: "Incorrect API key provided: sk-proj-ab**************************yz" });
    await send("我能看到哪些团队？");
    const logged = JSON.stringify(w.logs);
    expect(w.logs.length).toBe(2);
    expect(logged).toContain("401 Incorrect API key provided: sk-[redacted]. Sent: Bearer [redacted] and [redacted].");
    expect(logged).not.toMatch(/sk-secret|abc123|test-key|sk-proj|\*\*yz/);
  });
});

describe("unusable output", () => {
  it("asks once more after malformed JSON, naming the problem, and uses the second answer", async () => {
    w.ai.script({ malformed: '{"intent": "note", "account": "省大数据局", "facts": [' }, { json: ISSUE_EXTRACTION });
    const r = await send();
    expect(r.calls).toBe(2);
    expect(r.replies[0]?.proposalId).toBeTruthy();
    const repair = w.ai.requests[1]!.body;
    expect(messagesOf(repair, "user")).toContain("could not be used: the reply was not valid JSON");
  });

  it("asks once more after schema-invalid output (a field that does not exist, a scale out of range)", async () => {
    const bad = { ...ISSUE_EXTRACTION, facts: [{ field: "V", value: "100", evidence: "x" }] };
    w.ai.script(
      { json: bad },
      { json: { ...ISSUE_EXTRACTION, contacts: [{ ...ISSUE_EXTRACTION.contacts[0], attitude: 5 }] } },
    );
    const before = await w.counts();
    const r = await send();
    expect(w.ai.requests).toHaveLength(2);
    expect(messagesOf(w.ai.requests[1]!.body, "user")).toMatch(/at facts\.0\.field/);
    expect(said(r)).toContain("模型没有给出可用的结果，什么也没有改动");
    expect(await w.counts()).toEqual(before);
  });

  const GATEWAY_PAGE = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";

  it("treats a 200 whose body is not JSON (a gateway's HTML page) as a malformed answer: retried once, then used", async () => {
    w.ai.script({ body: GATEWAY_PAGE }, { json: ISSUE_EXTRACTION });
    const r = await send();
    expect(r.calls).toBe(2);
    expect(r.replies[0]?.proposalId).toBeTruthy();
  });

  it("retries a question the same way: the gateway page is not taken for an empty answer", async () => {
    w.ai.script({ body: GATEWAY_PAGE }, { text: "你能看到华东政企一部。" });
    const r = await send("我能看到哪些团队？");
    expect(r.kind).toBe("question");
    expect(w.ai.requests).toHaveLength(2);
    expect(said(r)).toContain("你能看到华东政企一部。");
  });

  it("names the problem when the second answer is not JSON either (HTML or a cut-off JSON body)", async () => {
    w.ai.script({ body: GATEWAY_PAGE }, { body: '{"id": "chatcmpl-1", "choices": [', contentType: "application/json" });
    const before = await w.counts();
    const r = await send();
    expect(w.ai.requests).toHaveLength(2);
    expect(r.kind).toBe("failure");
    expect(said(r)).toContain("模型服务返回的不是模型的回答（可能是网关的错误页面），什么也没有改动");
    expect(await w.counts()).toEqual(before);
  });

  it("does not retry it when KVALUE_LLM_MAX_RETRIES is 0", async () => {
    const strict = await startWorld({ retries: 0 });
    try {
      strict.ai.script({ body: GATEWAY_PAGE });
      const r = await send(ISSUE_NOTE, strict);
      expect(strict.ai.requests).toHaveLength(1);
      expect(said(r)).toContain("模型服务返回的不是模型的回答");
      expect(strict.ai.unscripted).toEqual([]);
    } finally {
      await strict.close();
    }
  });

  it("never makes a third call for a note, whatever fails", async () => {
    w.ai.script({ status: 500 }, { malformed: "Sure! Here are the facts:" });
    const r = await send();
    expect(r.calls).toBe(2);
    expect(w.ai.requests).toHaveLength(2);
    expect(said(r)).toContain("模型没有给出可用的结果");
  });
});

describe("without a key", () => {
  it("says how to switch free text on, calls no model, and the commands still work", async () => {
    const off = await startWorld({ key: false });
    try {
      const r = await send("今天见了省大数据局王副局长", off);
      expect(r.kind).toBe("off");
      expect(said(r)).toContain("OPENAI_API_KEY");
      expect(said(r)).toContain("/kvalue set");
      expect(off.ai.requests).toHaveLength(0);
    } finally {
      await off.close();
    }
  });
});

describe("deterministic commands keep working", () => {
  it("answers /kvalue top while the model hangs and /kvalue funnel while it fails", async () => {
    const env: CommandEnv = {
      deps: w.deps,
      actor: { workspaceId: WS, userId: w.rep.userId, source: "slash" },
      channelId: SALES,
      locale: "zh-CN",
      channels: { members: async () => [w.rep.userId], name: async () => "sales" },
    };
    w.ai.script({ delayMs: 1_500 });
    const hanging = send();
    const top = await runCommand(env, "top 3");
    expect(textOf(top.blocks)).toContain("优先客户 Top 3");
    await hanging;
    w.ai.script({ status: 500 }, { status: 500 });
    const failing = send();
    const funnel = await runCommand(env, "funnel");
    expect(textOf(funnel.blocks)).toContain("双漏斗");
    expect(said(await failing)).toContain("模型服务暂时不可用");
  });
});
