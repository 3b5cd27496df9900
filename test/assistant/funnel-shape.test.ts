// What the assistant's team_funnel tool hands the model (qa/shapes.ts funnelShape): without a target for the period,
// the gap, coverage and wins still needed are unknown, so they are left out rather than given as 0 for the model to
// quote; the figures that need no target stay.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { funnelShape } from "../../src/features/assistant/qa/shapes.js";
import { teamFunnel } from "../../src/features/funnel/service.js";
import { startWorld, type World } from "./support.js";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.close();
});

describe("the team_funnel tool's figures", () => {
  it("leave out what a missing target makes unknown", async () => {
    const shape = funnelShape("zh-CN", await teamFunnel(w.deps, await w.scope(), { team: null, period: "2030" }));
    expect(shape).toMatchObject({ period: "2030", target: null, target_note: "no target set for this period" });
    for (const unknown of ["gap", "required_wins", "weighted_coverage", "shortfall_wins", "new_leads_needed"])
      expect(shape).not.toHaveProperty(unknown);
    expect(shape).toHaveProperty("expected_wins");
    expect(shape).toHaveProperty("weighted_pipeline");
  });

  it("give the gap and the wins needed when the period has a target", async () => {
    const year = String(new Date(w.deps.now()).getUTCFullYear());
    const shape = funnelShape("zh-CN", await teamFunnel(w.deps, await w.scope(), { team: null, period: year }));
    expect(shape).toHaveProperty("gap");
    expect(shape).toHaveProperty("required_wins");
  });
});
