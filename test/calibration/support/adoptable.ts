// A team history on which the §6.5 refit proposes an adoption: 260 accounts scored at the two annual scoring dates
// before as-of, where winning in the next 12 months follows SF alone (v1-default gives SF only 0.20), so the refit
// has enough rows and wins and gains holdout AUC. Written straight into the tables the report reads.
import { randomUUID } from "node:crypto";
import { addMonths } from "../../../src/core/index.js";
import { holdoutFrom } from "../../../src/features/calibration/service.js";
import type { Store } from "../../../src/store/index.js";

export const ADOPTABLE_ACCOUNTS = 260;

/** Deterministic scores in 0–100. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const iso = (d: string, days: number): string =>
  new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function seedAdoptable(
  store: Store,
  o: { workspaceId: string; teamId: string; asOf: string },
): Promise<void> {
  const h = holdoutFrom(o.asOf);
  const dates = [addMonths(h, -12), h];
  const r = lcg(7);
  const accounts = [],
    scores = [],
    opportunities = [];
  for (let i = 0; i < ADOPTABLE_ACCOUNTS; i++) {
    const id = `cal-${i}`;
    accounts.push({
      id,
      workspaceId: o.workspaceId,
      teamId: o.teamId,
      name: `校准客户${i}`,
      normalizedName: `校准客户${i}`,
    });
    for (const date of dates) {
      const cv = r() * 100,
        pt = r() * 100,
        sf = r() * 100,
        ra = r() * 100;
      const v = 0.3 * cv + 0.3 * pt + 0.2 * sf + 0.2 * ra;
      scores.push({
        id: randomUUID(),
        workspaceId: o.workspaceId,
        accountId: id,
        teamId: o.teamId,
        takenAt: new Date(`${iso(date, -10)}T04:00:00Z`),
        cv,
        pt,
        sf,
        ra,
        x: cv,
        y: 0.6 * pt + 0.4 * sf,
        v,
        quadrant: "opportunistic",
        completeness: 0.8,
        completenessCv: 0.8,
        completenessPt: 0.8,
        completenessSf: 0.8,
        completenessRa: 0.8,
        confidence: "high",
        modelVersion: "v1-default",
        reason: "weekly",
      });
      if (sf > 55) {
        const closed = iso(date, 60);
        opportunities.push({
          id: randomUUID(),
          accountId: id,
          name: `赢单${i}-${date}`,
          stage: "W",
          amount: 1_000_000n,
          createdDate: iso(date, 1),
          closedDate: closed,
          expectedCloseDate: closed,
        });
      }
    }
  }
  await store.db.account.createMany({ data: accounts });
  await store.db.scoreSnapshot.createMany({ data: scores });
  await store.db.opportunity.createMany({ data: opportunities });
}
