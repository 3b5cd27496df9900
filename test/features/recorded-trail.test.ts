// History's scores as recorded (accounts/history.ts recordedTrail): each act takes V from the snapshots written at
// the time, not from re-scoring its facts with today's model; re-scorings under another model version are listed
// with the act they followed; an act without snapshots keeps the re-scored pair.
import { describe, expect, it } from "vitest";
import { recordedTrail } from "../../src/features/accounts/history.js";
import type { TrailSnapshot } from "../../src/features/accounts/repository.js";

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);
const snap = (hhmm: string, reason: string, v: number, modelVersion = "v1-default"): TrailSnapshot => ({
  takenAt: at(hhmm),
  reason,
  v,
  quadrant: "strategic",
  completeness: 0.9,
  modelVersion,
});
const score = (v: number) => ({ v, quadrant: "strategic" as const, provisional: false });
const rescoredPair = { before: score(1), after: score(2) };

describe("recordedTrail", () => {
  it("takes each act's V from its own snapshot and the one before it, whatever the model now says", () => {
    // Acts at 09:00 and 11:00 (newest first); an adopt re-scored the account at 10:00 and again at 12:00.
    const acts = [{ at: at("11:00") }, { at: at("09:00") }];
    const snapshots = [
      snap("08:00", "weekly", 40),
      snap("09:00", "change", 45),
      snap("10:00", "model", 50, "v2-2026Q4"),
      snap("11:00", "change", 55, "v2-2026Q4"),
      snap("12:00", "model", 52, "v1-default"),
    ];
    const trail = recordedTrail(acts, snapshots, [rescoredPair, rescoredPair]);
    expect(trail.map((e) => [e.score.before?.v, e.score.after?.v])).toEqual([
      [50, 55],
      [40, 45],
    ]);
    expect(trail.map((e) => e.rescored.map((r) => [r.modelVersion, r.score.v]))).toEqual([
      [["v1-default", 52]],
      [["v2-2026Q4", 50]],
    ]);
  });

  it("keeps the re-scored pair for an act without its own snapshot, and the re-scored before when none precedes", () => {
    const acts = [{ at: at("11:00") }, { at: at("09:00") }];
    const trail = recordedTrail(acts, [snap("11:00", "change", 55)], [rescoredPair, rescoredPair]);
    expect(trail[0]?.score).toEqual({ before: score(1), after: score(55) });
    expect(trail[1]?.score).toEqual(rescoredPair);
  });
});
