// The opposed-economic-buyer alert on a real database: a contact entered already opposed is found through its one
// creation row (which holds its attitude) like one whose attitude turned negative; a neutral one is not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { saveContact } from "../../src/features/accounts/entities.js";
import type { ContactInput } from "../../src/features/accounts/repository.js";
import { alertWindow, detectAlerts } from "../../src/features/alerts/service.js";
import { alertLine } from "../../src/features/alerts/ui/alerts.js";
import { importFile } from "../../src/features/import-export/service.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { openHarness, PROVIDERS, type Harness } from "../services/harness.js";

const actor: Actor = { workspaceId: "T0ALERT", userId: "U0MGR", source: "slash" };
const ACCOUNTS = ["客户编号,客户名称,负责人", "A-1,东江省大数据管理局,U0REP"].join("\n");
const buyer = (name: string, attitude: number): ContactInput => ({
  name,
  title: null,
  org_unit: null,
  role: "economic_buyer",
  influence: "high",
  attitude,
  relationship_strength: null,
  relationship_layer: null,
  response_mode: null,
  last_contact_date: null,
});

describe.each(PROVIDERS)("opposed economic buyers on %s", (provider) => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness(provider);
    const { team } = await createTeam(h.deps, actor, { channelId: "C0A", name: "一部", members: [actor.userId] });
    const r = await importFile(h.deps, { ...actor, source: "import" }, team, {
      bytes: new TextEncoder().encode(ACCOUNTS),
      fileName: "a.csv",
    });
    if (r.status !== "done") throw new Error(JSON.stringify(r));
  });
  afterAll(async () => h?.close());

  it("alerts the owner of a buyer entered opposed and of one turned opposed, not of a neutral one", async () => {
    const scope = await resolveScope(h.deps, actor);
    const account = await h.store.db.account.findFirstOrThrow({ where: { workspaceId: actor.workspaceId } });
    await saveContact(h.deps, actor, scope, account.id, buyer("王局长", -2));
    await saveContact(h.deps, actor, scope, account.id, buyer("李处长", 0));
    const turned = await saveContact(h.deps, actor, scope, account.id, buyer("赵主任", 1));
    await saveContact(h.deps, actor, scope, account.id, buyer("赵主任", -1), turned.id);

    const alerts = await detectAlerts(h.deps, await alertWindow(h.deps, actor.workspaceId, "2026-11-27"));
    const opposed = alerts.flatMap((u) =>
      u.items.flatMap((i) => (i.kind === "eb_opposed" ? [[u.userId, i.contact, i.attitude]] : [])),
    );
    expect(opposed.sort()).toEqual([
      ["U0REP", "王局长", -2],
      ["U0REP", "赵主任", -1],
    ]);
  });
  it("tells the owner what someone else entered or changed: new entries by name, then the fields", async () => {
    const alerts = await detectAlerts(h.deps, await alertWindow(h.deps, actor.workspaceId, "2026-11-27"));
    const item = alerts.flatMap((u) => (u.userId === "U0REP" ? u.items : [])).find((i) => i.kind === "fact_changed");
    // The account's and three contacts' creation rows, and one attitude change, all by U0MGR.
    expect(item).toMatchObject({ actors: ["U0MGR"], fields: ["*", "attitude"], changes: 5 });
    expect(item && alertLine("en", item)).toBe(
      "*东江省大数据管理局*: <@U0MGR> changed a new entry, attitude (5 changes)",
    );
    expect(item && alertLine("zh-CN", item)).toBe("*东江省大数据管理局*：<@U0MGR> 改了 新建条目、态度（5 处）");
  });
});
