// The segment screen's funnel counts a won deal as the team funnel and the digest do: at its final signed amount
// (METHOD §2.6 final_amount, §5.4 Won), its estimate only when no final amount is recorded. On the demo, whose
// 政务 segment has a deal signed below its estimate (O-LH-02), the three figures agree.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consoleSession } from "../support/console.js";
import { composeDigest } from "../../src/features/digest/compose.js";
import { weekOf } from "../../src/features/digest/week.js";
import { segmentDetail } from "../../src/features/segments/views.js";
import { resolveScope } from "../../src/features/teams/scope.js";
import { openHarness, type Harness } from "../services/harness.js";

describe("a segment's won-to-date", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite");
    // The console loads the demo and writes the week's snapshot the digest reads.
    await consoleSession(h.deps, ["digest preview"]);
  });
  afterAll(async () => h?.close());

  it("is the final signed amount, as in the team funnel and the digest", async () => {
    const team = await h.store.db.team.findFirstOrThrow();
    const segment = await h.store.db.segment.findFirstOrThrow({ where: { industry: "e_gov" } });
    const scope = await resolveScope(h.deps, { workspaceId: team.workspaceId, userId: team.createdBy });
    const detail = await segmentDetail(h.deps, scope, {
      team: team.name,
      key: { industry: segment.industry, region_code: segment.regionCode, year: segment.year },
    });
    const won = await h.store.db.opportunity.findMany({
      where: {
        stage: "W",
        closedDate: { gte: `${segment.year}-01-01`, lte: `${segment.year}-12-31` },
        account: { teamId: team.id, industry: "e_gov", regionCode: { startsWith: "33" } },
      },
    });
    // The case that told the two apart: a deal signed for less than its estimate.
    expect(won.some((o) => o.finalAmount !== null && o.finalAmount !== o.amount)).toBe(true);
    const signed = won.reduce((s, o) => s + Number(o.finalAmount ?? o.amount), 0);
    expect(detail.funnel?.wonToDate).toBe(signed);

    const d = await composeDigest(h.deps, { ...team }, weekOf(h.deps.now(), "Asia/Shanghai").periodKey, {
      charts: false,
    });
    const group = d?.segments?.groups.find((g) => g.segment?.industry === "e_gov");
    expect(group?.won).toBe(detail.funnel?.wonToDate);
  });
});
