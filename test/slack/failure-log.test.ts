// A command that fails for a reason no one expected (here the database lost a table under it): the user hears that
// it did not work and nothing changed, and the operator's log line names the command, the user, the team and the
// channel (ids only, never the text typed), so the failure can be traced to the request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REP, SALES, startHarness, WS, type Harness } from "./harness.js";

describe("an unexpected failure after the ack", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it("is told to the user and logged with the request's ids", async () => {
    await h.store.db.$executeRawUnsafe(`DROP TABLE "Target"`);
    const { text } = await h.slash("funnel 2026", { user: REP });
    expect(text).toBe("处理时出错了，什么也没有改动。请稍后再试。");
    const failure = h.logs.find((l) => l.level === "error");
    expect(failure?.obj).toMatchObject({ kind: "command", what: "/kvalue", team: WS, user: REP, channel: SALES });
    expect(JSON.stringify(failure)).not.toContain("funnel 2026");
  }, 60_000);
});
