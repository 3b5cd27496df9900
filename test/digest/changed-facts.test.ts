// The facts behind a listed score change (changedFactFields) on a real database: an account created in the window
// shows the facts its one creation row holds, and a later change its field; rows outside the window do not count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateFacts } from "../../src/features/accounts/service.js";
import { importFile } from "../../src/features/import-export/service.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { openHarness, PROVIDERS, type Harness } from "../services/harness.js";

const actor: Actor = { workspaceId: "T0FACTS", userId: "U0MGR", source: "import" };
const CSV = ["客户编号,客户名称,行业,近12月收入", "A-1,东江省大数据管理局,政务,300万"].join("\n");
const DAY = 86_400_000;

describe.each(PROVIDERS)("facts behind a score change on %s", (provider) => {
  let h: Harness;
  let now = new Date("2026-11-26T02:00:00Z");
  beforeAll(async () => {
    h = await openHarness(provider, () => now);
    const { team } = await createTeam(h.deps, actor, { channelId: "C0F", name: "一部", members: [actor.userId] });
    const r = await importFile(h.deps, actor, team, { bytes: new TextEncoder().encode(CSV), fileName: "a.csv" });
    if (r.status !== "done") throw new Error(JSON.stringify(r));
  });
  afterAll(async () => h?.close());

  it("lists a new account's initial facts from its creation row, then only what changed later", async () => {
    const { id } = await h.store.db.account.findFirstOrThrow({ where: { workspaceId: actor.workspaceId } });
    const created = now;
    now = new Date(created.getTime() + 3 * DAY);
    const scope = await resolveScope(h.deps, actor);
    await updateFacts(h.deps, { ...actor, source: "slash" }, scope, id, { budget_status: "planned" });
    const facts = (from: Date, to: Date) => h.deps.repos.digest.changedFactFields([id], from, to);

    expect(await facts(new Date(created.getTime() - DAY), new Date(now.getTime() + DAY))).toEqual({
      [id]: ["budget_status", "industry", "revenue_ttm"],
    });
    expect(await facts(new Date(created.getTime() + DAY), new Date(now.getTime() + DAY))).toEqual({
      [id]: ["budget_status"],
    });
  });
});
