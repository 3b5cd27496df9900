// Two app instances (two ServiceDeps, each with its own client, pool and caches) on ONE database, as behind a load
// balancer: whatever instance A changes, instance B's very next request sees, although B has the old value cached.
//
// Why this fails against the old TTL caches: they were per-client maps (scope 5 s, managers 60 s, prefs 60 s) checked
// against deps.now(), which is fixed here, so B would serve its cached scope, manager flag and language for ever; a
// write through A only cleared A's map (forgetScopes / the pref write). The stage rates sat in a module-level map
// keyed team|day, cleared only by forgetTeamRates in the process that made the close: the close below goes through
// A's repository (what accounts/entities.ts saveOpportunity writes), as another process's close would reach this one,
// so B would keep the cohort it cached until the next day. Each "B sees it" expectation below would fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../src/features/accounts/service.js";
import { saveOpportunity } from "../../src/features/accounts/entities.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { teamConversion } from "../../src/features/funnel/pipeline.js";
import { localePref, setLocalePref } from "../../src/features/teams/prefs.js";
import { resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { channelMembershipChanged, createTeam, syncMembers } from "../../src/features/teams/service.js";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { PROVIDERS } from "../services/harness.js";
import { newDatabase, type TestDatabase } from "../store/support.js";

const WS = "T0CACHES";
const SALES = "C0SALES",
  NORTH = "C0NORTH";
const REP = "U0REP",
  OTHER = "U0OTHER",
  BOSS = "U0BOSS";
const now = () => new Date("2026-11-26T02:00:00Z"); // the same frozen clock for both: no TTL can expire
const actor = (userId: string): Actor => ({ workspaceId: WS, userId, source: "console" });
const teamNames = async (deps: ServiceDeps, userId: string) =>
  (await resolveScope(deps, actor(userId))).teams.map((t) => t.name);

describe.each(PROVIDERS)("two app instances on one %s database", (provider) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  let a: ServiceDeps, b: ServiceDeps;
  let salesId = "";

  beforeAll(async () => {
    database = await newDatabase(provider);
    const storeA = await openStore(database.url);
    await migrate(storeA);
    const storeB = await openStore(database.url);
    stores.push(storeA, storeB);
    a = createServiceDeps(storeA, { now });
    b = createServiceDeps(storeB, { now });
    salesId = (await createTeam(a, actor(REP), { channelId: SALES, name: "sales", members: [REP] })).team.id;
    await createTeam(a, actor(OTHER), { channelId: NORTH, name: "north", members: [OTHER] });
  }, 60_000);

  afterAll(async () => {
    for (const store of stores) await store.close();
    await database?.drop();
  });

  it("membership: a join, a leave and a channel sync through A are in B's next scope", async () => {
    expect(await teamNames(b, REP)).toEqual(["sales"]);
    const cached = (await resolveScope(b, actor(REP))).teams;
    expect((await resolveScope(b, actor(REP))).teams).toBe(cached); // unchanged data: served from B's cache

    await channelMembershipChanged(a, { workspaceId: WS, channelId: NORTH, userId: REP, joined: true });
    expect(await teamNames(b, REP)).toEqual(["north", "sales"]);
    await channelMembershipChanged(a, { workspaceId: WS, channelId: NORTH, userId: REP, joined: false });
    expect(await teamNames(b, REP)).toEqual(["sales"]);
    await syncMembers(a, salesId, [OTHER]);
    expect(await teamNames(b, REP)).toEqual([]);
    await syncMembers(a, salesId, [REP]);
    expect(await teamNames(b, REP)).toEqual(["sales"]);
  });

  it("managers: a WorkspaceManager row added or removed through A is in B's next scope", async () => {
    const before = await resolveScope(b, actor(BOSS));
    expect(before.manager).toBe(false);
    expect(before.teams).toEqual([]);

    await a.repos.teams.addManager(WS, BOSS);
    const after = await resolveScope(b, actor(BOSS));
    expect(after.manager).toBe(true);
    expect(after.teams.map((t) => t.name)).toEqual(["north", "sales"]);

    await a.repos.teams.removeManager(WS, BOSS);
    expect((await resolveScope(b, actor(BOSS))).manager).toBe(false);
    expect(await teamNames(b, BOSS)).toEqual([]);
  });

  it("prefs: a language chosen through A is B's next answer", async () => {
    expect(await localePref(b, WS, REP)).toBeNull();
    await setLocalePref(a, WS, REP, "en");
    expect(await localePref(b, WS, REP)).toBe("en");
    await setLocalePref(a, WS, REP, "zh-CN");
    expect(await localePref(b, WS, REP)).toBe("zh-CN");
    await setLocalePref(a, WS, REP, null);
    expect(await localePref(b, WS, REP)).toBeNull();
  });

  it("stage rates: an opportunity closed through A is in B's next rates", async () => {
    const scope = await resolveScope(a, actor(REP));
    const account = await createAccount(a, actor(REP), scope, { name: "缓存测试客户", team: "sales" });
    const input = {
      name: "扩容",
      stage: "S3" as const,
      amount: 500_000,
      expected_close_date: "2026-12-31",
      source: "unknown" as const,
      project_type: null,
      procurement_method: "unknown" as const,
    };
    const { id } = await saveOpportunity(a, actor(REP), scope, account.id, input);
    // The cohort window ends before asOf, and a close is dated today (2026-11-26): ask for the next day's rates.
    const asOf = "2026-11-27";
    const cold = await teamConversion(b, salesId, asOf);
    expect(cold.cohort).toBe(0);
    expect(await teamConversion(b, salesId, asOf)).toBe(cold); // unchanged history: served from B's cache

    await a.repos.transaction((r) =>
      r.accounts.saveOpportunity(
        { workspaceId: WS, actorUserId: REP, source: "console", at: now() },
        account.id,
        { ...input, stage: "W" },
        "2026-11-26",
        id,
      ),
    );
    const warm = await teamConversion(b, salesId, asOf);
    expect(warm.cohort).toBe(1);
    expect(warm.won).toBe(1);

    // And back: reopened through A, B's next rates drop it again.
    await a.repos.transaction((r) =>
      r.accounts.saveOpportunity(
        { workspaceId: WS, actorUserId: REP, source: "console", at: now() },
        account.id,
        input,
        "2026-11-26",
        id,
      ),
    );
    expect((await teamConversion(b, salesId, asOf)).cohort).toBe(0);
  });
});
