// Issue 12.6: `/kvalue` is acknowledged before any database or Web API work. On PostgreSQL every table of the
// app's schema is locked by another session (so any read would wait), and the fake Slack holds users.info: the
// ack must still come back at once, and the card only once the database is free again.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendSlashCommand } from "../support/slack-request.js";
import { REP, SALES, SIGNING_SECRET, postgres, startHarness, type Harness } from "./harness.js";

describe.skipIf(!postgres.available)("the /kvalue ack comes before the database and the Web API", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ provider: "postgresql" });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("acks while every table is locked, then answers once the lock is gone", async () => {
    const url = new URL(h.databaseUrl);
    const schema = url.searchParams.get("schema") ?? "public";
    url.searchParams.delete("schema");
    const locker = new pg.Client({ connectionString: url.toString() });
    await locker.connect();
    try {
      const tables = await locker.query<{ name: string }>(
        "SELECT tablename AS name FROM pg_tables WHERE schemaname = $1",
        [schema],
      );
      expect(tables.rows.length).toBeGreaterThan(5);
      await locker.query("BEGIN");
      await locker.query(
        `LOCK TABLE ${tables.rows.map((t) => `"${schema}"."${t.name}"`).join(", ")} IN ACCESS EXCLUSIVE MODE`,
      );
      h.slack.reset();
      const sent = sendSlashCommand(
        h.base,
        SIGNING_SECRET,
        { user_id: REP, channel_id: SALES, text: "东江" },
        { slack: h.slack },
      );
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 2_500));
      const acked = await Promise.race([sent, timeout]);
      if (acked === "timeout") throw new Error("no ack within 2.5 s while the database was locked");
      expect(acked.status).toBe(200);
      // Nothing can have been answered yet: the work waits for the database.
      await new Promise((r) => setTimeout(r, 200));
      expect(h.slack.calls.filter((c) => c.method === "response_url")).toEqual([]);
      await locker.query("COMMIT");
      const card = await h.slack.waitFor("response_url", (c) => c.responseUrl === acked.responseUrl, 10_000);
      expect(JSON.stringify(card.args)).toContain("东江");
    } finally {
      await locker.query("ROLLBACK").catch(() => undefined);
      await locker.end();
    }
  });
});
