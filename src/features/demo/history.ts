// Two years of history for the demo team, so the §6 feedback loop has something to check out of the box (METHOD
// §6.2–6.3): closed opportunities with stage histories, a weekly PipelineSnapshot row per open one, and a weekly
// ScoreSnapshot per account. Deterministic: a seeded PRNG and calendar arithmetic on `today`; no clock.
//
// The story it tells: an account's chance of winning grows with its V (so the ranking check has something to find),
// each stage is passed with about the §5.2 default rate scaled by that (so stage reliability is near but not exactly
// calibrated), and scores wander a little week to week around today's.
import {
  addDays,
  confidenceOf,
  dayNumber,
  DEFAULT_RATES,
  isProvisional,
  MODEL_VERSION,
  OPEN_STAGES,
  PRIORITY_OF,
  quadrantOf,
  stageProbabilities,
  tierOf,
  V_W,
  Y_W,
} from "../../core/index.js";
import type { Completeness, OpenStage, Scores } from "../../core/index.js";
import { prng } from "../import-export/synthetic.js";

/** Weeks of history before today's week. */
export const HISTORY_WEEKS = 104;
const CLOSE_REASONS_LOST = ["price", "solution", "relationship", "compliance", "other"] as const;
const CLOSE_REASONS_ABANDONED = ["budget_cut", "no_decision", "withdrew"] as const;

export interface HistoryAccount {
  id: string;
  scores: Scores;
  completeness: Completeness;
}

export interface HistoryRows {
  opportunities: Record<string, string | number | bigint | boolean | Date | null>[];
  stageChanges: Record<string, string | bigint | Date | null>[];
  pipelineSnapshots: Record<string, string | number | bigint | Date>[];
  scoreSnapshots: Record<string, string | number | Date | null>[];
}

/** ISO week key (2026-W48) of a Monday. */
export function isoWeekKey(monday: string): string {
  const thursday = addDays(monday, 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, "0")}`;
}

/** The Monday on or before a date (day 0 of dayNumber is a Thursday: 1970-01-01). */
export const mondayOf = (iso: string): string => addDays(iso, -((dayNumber(iso) + 3) % 7));

/** Shanghai midnight of a date, plus a few seconds (when the weekly snapshot job runs). */
const snapshotInstant = (iso: string): Date => new Date(`${iso}T00:00:05+08:00`);

interface Deal {
  id: string;
  accountId: string;
  created: string;
  path: { stage: OpenStage | "W" | "L" | "A"; on: string; amount: number }[];
  reason: string | null;
}

const vOf = (s: { CV: number; PT: number; SF: number; RA: number }): number =>
  V_W.CV * s.CV + V_W.PT * s.PT + V_W.SF * s.SF + V_W.RA * s.RA;

/** The demo team's history up to the week before `today`: rows for the store, every column given. */
/** Names of the closed deals of the demo's past: read in a digest or on a card, they should read like projects. */
const PAST_PROJECTS = [
  "政务云迁移",
  "视频监控扩容",
  "数据治理咨询",
  "等保测评与整改",
  "统一身份认证",
  "机房改造",
  "应急指挥系统",
  "业务系统国产化改造",
  "容灾备份",
  "运维服务续约",
  "智慧办公平台",
  "数据中台建设",
];

export function demoHistory(
  today: string,
  team: { id: string; workspaceId: string },
  accounts: readonly HistoryAccount[],
  seed = 2026,
): HistoryRows {
  const rnd = prng(seed);
  const thisMonday = mondayOf(today);
  const first = addDays(thisMonday, -7 * HISTORY_WEEKS);
  const prefix = `demo:${team.id}`;
  const at = snapshotInstant(first);

  // ---- weekly scores: a small random walk around today's sub-scores -------------------------------------------
  const mondays: string[] = [];
  for (let w = 0; w < HISTORY_WEEKS; w++) mondays.push(addDays(first, 7 * w));
  const scoreSnapshots: HistoryRows["scoreSnapshots"] = [];
  const drifted = new Map<string, { CV: number; PT: number; SF: number; RA: number }[]>();
  for (const a of accounts) {
    const offset = { CV: (rnd() - 0.5) * 16, PT: (rnd() - 0.5) * 16, SF: (rnd() - 0.5) * 16, RA: (rnd() - 0.5) * 16 };
    const weeks: { CV: number; PT: number; SF: number; RA: number }[] = [];
    for (const monday of mondays) {
      for (const k of ["CV", "PT", "SF", "RA"] as const)
        offset[k] = Math.max(-20, Math.min(20, offset[k] * 0.97 + (rnd() - 0.5) * 3));
      const s = {
        CV: clamp(a.scores.CV + offset.CV),
        PT: clamp(a.scores.PT + offset.PT),
        SF: clamp(a.scores.SF + offset.SF),
        RA: clamp(a.scores.RA + offset.RA),
      };
      weeks.push(s);
      const X = s.CV,
        Y = Y_W.PT * s.PT + Y_W.SF * s.SF,
        V = vOf(s);
      const quadrant = quadrantOf(X, Y),
        provisional = isProvisional(a.completeness.overall);
      scoreSnapshots.push({
        id: `${prefix}:s:${a.id}:${monday}`,
        workspaceId: team.workspaceId,
        accountId: a.id,
        teamId: team.id,
        periodKey: isoWeekKey(monday),
        takenAt: snapshotInstant(monday),
        cv: s.CV,
        pt: s.PT,
        sf: s.SF,
        ra: s.RA,
        x: X,
        y: Y,
        v: V,
        quadrant,
        tier: provisional ? null : tierOf(quadrant, V),
        priority: provisional ? null : PRIORITY_OF[quadrant],
        completeness: a.completeness.overall,
        completenessCv: a.completeness.CV,
        completenessPt: a.completeness.PT,
        completenessSf: a.completeness.SF,
        completenessRa: a.completeness.RA,
        confidence: confidenceOf(a.completeness.overall),
        modelVersion: MODEL_VERSION,
        reason: "weekly",
      });
    }
    drifted.set(a.id, weeks);
  }

  // ---- deals: created over the two years, walked stage by stage, kept when closed before this week ------------
  const deals: Deal[] = [];
  let n = 0;
  for (const a of accounts) {
    const weeks = drifted.get(a.id) ?? [];
    const count = 3 + Math.floor(rnd() * 5);
    for (let i = 0; i < count; i++) {
      const startWeek = Math.floor(rnd() * (HISTORY_WEEKS - 8));
      const created = addDays(mondays[startWeek] ?? first, Math.floor(rnd() * 5));
      const v = vOf(weeks[startWeek] ?? a.scores);
      // Quality 0…1 from V at creation: a V of 30 passes stages at ~0.6× the default rate, a V of 70 at ~1.35×.
      const quality = Math.min(1.45, Math.max(0.45, 0.15 + v / 55 + (rnd() - 0.5) * 0.3));
      const amount = Math.round((20 + rnd() * 380) * (0.5 + v / 60)) * 10_000;
      const startStage = rnd() < 0.6 ? 0 : 1;
      const path: Deal["path"] = [];
      let on = created,
        k = startStage,
        value = amount;
      let reason: string | null = null;
      for (;;) {
        const stage = OPEN_STAGES[k] ?? "S0";
        path.push({ stage, on, amount: value });
        on = addDays(on, 7 + Math.floor(rnd() * 56));
        if (rnd() < Math.min(0.97, DEFAULT_RATES.count[stage] * quality)) {
          if (k === OPEN_STAGES.length - 1) {
            path.push({ stage: "W", on, amount: Math.round(value * (0.85 + rnd() * 0.15)) });
            break;
          }
          k++;
          if (rnd() < 0.25) value = Math.round(value * (0.8 + rnd() * 0.4));
          continue;
        }
        const abandoned = rnd() < 0.3;
        reason = abandoned ? pick(rnd, CLOSE_REASONS_ABANDONED) : pick(rnd, CLOSE_REASONS_LOST);
        path.push({ stage: abandoned ? "A" : "L", on, amount: value });
        break;
      }
      const closed = path[path.length - 1];
      if (!closed || closed.on >= thisMonday) continue; // still open today: the demo's own pipeline stands for those
      deals.push({ id: `${prefix}:o:${n++}`, accountId: a.id, created, path, reason });
    }
  }

  const P = stageProbabilities(DEFAULT_RATES);
  const opportunities: HistoryRows["opportunities"] = [];
  const stageChanges: HistoryRows["stageChanges"] = [];
  const pipelineSnapshots: HistoryRows["pipelineSnapshots"] = [];
  for (const [index, d] of deals.entries()) {
    const last = d.path[d.path.length - 1];
    const lastOpen = d.path[d.path.length - 2];
    if (!last || !lastOpen) continue;
    opportunities.push({
      id: d.id,
      accountId: d.accountId,
      name: `${PAST_PROJECTS[index % PAST_PROJECTS.length]}（${d.created.slice(0, 4)}）`,
      ownerUserId: null,
      stage: last.stage,
      amount: BigInt(lastOpen.amount),
      expectedCloseDate: last.on,
      createdDate: d.created,
      closedDate: last.on,
      source: "customer_referral",
      sourceDetail: null,
      projectType: "normal",
      procurementMethod: "unknown",
      leadTemperature: null,
      meddpiccMetrics: null,
      meddpiccEconomicBuyer: null,
      meddpiccDecisionCriteria: null,
      meddpiccDecisionProcess: null,
      meddpiccPaperProcess: null,
      meddpiccIdentifyPain: null,
      meddpiccChampion: null,
      meddpiccCompetition: null,
      closeReason: d.reason,
      finalAmount: last.stage === "W" ? BigInt(last.amount) : null,
      createdAt: at,
      updatedAt: at,
    });
    d.path.forEach((h, i) => {
      stageChanges.push({
        id: `${d.id}:h${i}`,
        opportunityId: d.id,
        stage: h.stage,
        enteredDate: h.on,
        amountAtEntry: BigInt(h.amount),
        createdAt: at,
      });
    });
    // Every Monday it was open: the stage it was in then. The snapshot is taken as the Monday begins, so a stage
    // entered that day (a close too) comes after it, as the digest counts the week's wins from that Monday on.
    for (let monday = mondayOf(addDays(d.created, 6)); monday <= last.on; monday = addDays(monday, 7)) {
      let current: Deal["path"][number] | undefined;
      for (const h of d.path) if (h.on < monday) current = h;
      if (!current || current.stage === "W" || current.stage === "L" || current.stage === "A") continue;
      pipelineSnapshots.push({
        id: `ps:${team.id}:${isoWeekKey(monday)}:${d.id}`,
        teamId: team.id,
        periodKey: isoWeekKey(monday),
        asOf: monday,
        takenAt: snapshotInstant(monday),
        opportunityId: d.id,
        accountId: d.accountId,
        stage: current.stage,
        amount: BigInt(current.amount),
        expectedCloseDate: last.on,
        pCount: P.count[current.stage],
        pAmt: P.amount[current.stage],
        modelVersion: MODEL_VERSION,
      });
    }
  }
  return { opportunities, stageChanges, pipelineSnapshots, scoreSnapshots };
}

const clamp = (x: number): number => Math.round(Math.min(100, Math.max(0, x)) * 100) / 100;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  const v = list[Math.floor(rnd() * list.length)];
  if (v === undefined) throw new Error("pick from an empty list");
  return v;
}
