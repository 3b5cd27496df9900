// What a `/kvalue <account>` request costs in statements once the caches are warm, and that the state read once at
// the start of a request (enterWorkspace: workspace, language choice, scope, model pointer) is never stale across
// instances. Two app instances (two ServiceDeps, each with its own client and caches) on one database, as behind a
// load balancer. Issue 12.6: the card path used six statements, three of them re-reading the Workspace row or the
// user's pref; the count below fails if one comes back.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCommand, type CommandEnv } from "../../src/commands/run.js";
import { createAccount } from "../../src/features/accounts/service.js";
import { V1_DEFAULT } from "../../src/features/calibration/model.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { setLocalePref } from "../../src/features/teams/prefs.js";
import { enterWorkspace, resolveScope, type Actor } from "../../src/features/teams/scope.js";
import { createTeam } from "../../src/features/teams/service.js";
import { migrate, openStore, type Store } from "../../src/store/index.js";
import { textOf } from "../support/fake-slack.js";
import { PROVIDERS } from "../services/harness.js";
import { newDatabase, type TestDatabase } from "../store/support.js";

const WS = "T0STMTS";
const SALES = "C0SALES";
const REP = "U0REP";
const now = () => new Date("2026-11-26T02:00:00Z");
const actor = (workspaceId = WS, userId = REP): Actor => ({ workspaceId, userId, source: "slash" });

/** `deps` whose repository calls are recorded as "feature.method" (each is one statement or one transaction). */
function counted(deps: ServiceDeps): { deps: ServiceDeps; calls: string[] } {
  const calls: string[] = [];
  const repos = new Proxy(deps.repos, {
    get(target, feature, receiver) {
      const repo: unknown = Reflect.get(target, feature, receiver);
      if (typeof repo !== "object" || repo === null) return repo;
      return new Proxy(repo, {
        get(r, method) {
          const f: unknown = Reflect.get(r, method);
          if (typeof f !== "function") return f;
          return (...args: unknown[]) => {
            calls.push(`${String(feature)}.${String(method)}`);
            return Reflect.apply(f, r, args);
          };
        },
      });
    },
  });
  return { deps: { ...deps, repos }, calls };
}

/** The environment the Slack surface builds (src/slack/request.ts commandEnv), without Slack. */
async function env(deps: ServiceDeps, who: Actor = actor()): Promise<CommandEnv> {
  const entered = await enterWorkspace(deps, who);
  return {
    deps,
    actor: who,
    channelId: SALES,
    locale: entered.locale ?? "zh-CN",
    channels: { members: async () => [REP], name: async () => "sales" },
    scope: entered.scope,
  };
}

describe.each(PROVIDERS)("the state a request reads when it comes in, on %s", (provider) => {
  let database: TestDatabase;
  const stores: Store[] = [];
  let a: ServiceDeps, b: ServiceDeps;

  beforeAll(async () => {
    database = await newDatabase(provider);
    const storeA = await openStore(database.url);
    await migrate(storeA);
    const storeB = await openStore(database.url);
    stores.push(storeA, storeB);
    a = createServiceDeps(storeA, { now, managers: [] });
    b = createServiceDeps(storeB, { now, managers: [] });
    await createTeam(a, actor(), { channelId: SALES, name: "sales", members: [REP] });
    const scope = await resolveScope(a, actor());
    await createAccount(a, actor(), scope, { name: "华东电网", channelId: SALES });
  }, 60_000);

  afterAll(async () => {
    for (const store of stores) await store.close();
    await database?.drop();
  });

  it("a card costs three statements with warm caches: the actor's state, the lookup, the team's closed history", async () => {
    const first = await runCommand(await env(b), "华东电网");
    expect(textOf(first)).toContain("华东电网");
    const { deps, calls } = counted(b);
    const again = await runCommand(await env(deps), "华东电网");
    expect(textOf(again)).toBe(textOf(first));
    expect(calls).toEqual(["teams.actorState", "accounts.exactMatches", "funnel.closedHistoryVersion"]);
  });

  it("creates a workspace on first contact and reads it in the same call", async () => {
    const { deps, calls } = counted(b);
    const entered = await enterWorkspace(deps, actor("T0NEW", "U0NEW"));
    expect(entered).toMatchObject({ locale: null, scope: { workspaceId: "T0NEW", manager: false, teams: [] } });
    // The new user's scope is not cached yet: its teams are read once.
    expect(calls).toEqual(["teams.actorState", "teams.ensureWorkspace", "teams.actorState", "teams.teamsOf"]);
    calls.length = 0;
    await enterWorkspace(deps, actor("T0NEW", "U0NEW"));
    expect(calls).toEqual(["teams.actorState"]);
  });

  it("a language chosen through one instance is what the other reads next", async () => {
    expect((await enterWorkspace(b, actor())).locale).toBeNull();
    await setLocalePref(a, WS, REP, "en");
    expect((await enterWorkspace(b, actor())).locale).toBe("en");
    await setLocalePref(a, WS, REP, null);
    expect((await enterWorkspace(b, actor())).locale).toBeNull();
  });

  it("a model version put in force through one instance is what the other's next card is scored with", async () => {
    const before = textOf(await runCommand(await env(b), "华东电网"));
    expect(before).toContain(V1_DEFAULT.label);
    const version = await a.repos.calibration.insertVersion({
      workspaceId: WS,
      kind: "adopt",
      label: "v2-test",
      basedOn: V1_DEFAULT.label,
      weights: JSON.stringify({ CV: 0.4, PT: 0.2, SF: 0.2, RA: 0.2 }),
      yWeights: JSON.stringify(V1_DEFAULT.yWeights),
      rates: JSON.stringify(V1_DEFAULT.rates),
      report: null,
      adoptedBy: REP,
      adoptedAt: now(),
    });
    expect(await a.repos.calibration.movePointer(WS, null, version.id)).toBe(true);
    const entered = await enterWorkspace(b, actor());
    expect(entered.scope.modelVersionId).toBe(version.id);
    const after = textOf(await runCommand(await env(b), "华东电网"));
    expect(after).toContain("v2-test");
    expect(after).not.toContain(V1_DEFAULT.label);
    expect(await a.repos.calibration.movePointer(WS, version.id, null)).toBe(true);
    expect(textOf(await runCommand(await env(b), "华东电网"))).toBe(before);
  });
});
