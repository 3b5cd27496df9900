// Throughput of the scoring core (single core, warmed up): the portfolio path `assessAll` (in chunks of 256
// accounts) and the plain `assess` per account, against a plain port of just the METHOD §3 score arithmetic and
// fb69e9f's figures; `funnel` over 100,000 opportunities, and `calibrate` (§10.4) over 100,000 opportunity and
// 50,000 account observations.
// Run alone: `npx tsx bench/core.ts`.
import { pathToFileURL } from "node:url";
import {
  assess,
  assessAll,
  calibrate,
  funnel,
  type AccountFacts,
  type CalibrateInput,
  type FunnelInput,
  type OpenStage,
  type Stage,
} from "../src/core/index.js";

import { prng } from "../src/features/import-export/synthetic.js";
import { printLines, type BenchLine } from "./lines.js";

/** Deterministic PRNG, so every run scores the same portfolio. */
const rng = prng;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const maybe = <T>(r: () => number, p: number, v: T): T | null => (r() < p ? null : v);

/** A varied portfolio: prospects, missing facts, 0–8 contacts, 0–4 needs, some opportunities. */
export function makeAccounts(n: number, seed = 42): AccountFacts[] {
  const r = rng(seed);
  const roles = ["economic_buyer", "technical_buyer", "user_buyer", "coach", "influencer", "procurement"] as const;
  const out: AccountFacts[] = [];
  for (let i = 0; i < n; i++) {
    const existing = r() > 0.2;
    const contacts = Array.from({ length: Math.floor(r() * 9) }, (_, j) => ({
      id: `c${i}-${j}`,
      role: pick(r, roles),
      influence: pick(r, ["high", "medium", "low"] as const),
      attitude: maybe(r, 0.15, Math.floor(r() * 5) - 2),
      relationship_strength: maybe(r, 0.15, Math.floor(r() * 5)),
      response_mode: pick(r, ["growth", "trouble", "even_keel", "overconfident", null] as const),
      last_contact_date: `2025-0${1 + Math.floor(r() * 6)}-1${Math.floor(r() * 9)}`,
    }));
    const needs = Array.from({ length: Math.floor(r() * 5) }, (_, j) => ({
      id: `n${j}`,
      severity: maybe(r, 0.1, 1 + Math.floor(r() * 5)),
      urgency: 1 + Math.floor(r() * 5),
      our_fit: Math.floor(r() * 4),
      confirmed: r() > 0.5,
    }));
    out.push({
      id: `A-${i}`,
      name: `Account ${i}`,
      is_existing_customer: existing,
      revenue_ttm: maybe(r, 0.1, Math.floor(10 ** (4 + r() * 4))),
      gross_margin_pct: maybe(r, 0.2, r() * 60),
      relationship_years: maybe(r, 0.2, Math.floor(r() * 10)),
      wallet_annual: maybe(r, 0.3, Math.floor(10 ** (5 + r() * 4))),
      industry_outlook: maybe(
        r,
        0.1,
        pick(r, ["strong_growth", "growth", "flat", "decline", "strong_decline"] as const),
      ),
      market_position: maybe(r, 0.1, pick(r, ["national_leader", "regional_leader", "backbone", "ordinary"] as const)),
      development_trend: maybe(r, 0.1, pick(r, ["expanding", "stable", "contracting"] as const)),
      budget_status: maybe(r, 0.2, pick(r, ["none", "planned", "approved"] as const)),
      segment_match: maybe(r, 0.1, r() > 0.5),
      reference_value: maybe(r, 0.1, pick(r, ["national", "provincial", "prefecture", "none"] as const)),
      retention_rate: maybe(r, 0.5, 0.8),
      discount_rate: maybe(r, 0.5, 0.1),
      needs,
      contacts,
      opportunities:
        r() > 0.5
          ? [
              {
                id: `O-${i}`,
                stage: pick(r, ["S1", "S3", "S4", "S5"] as const),
                amount: 1_000_000,
                meddpicc: { economic_buyer: r() > 0.3, champion: r() > 0.3 },
              },
            ]
          : null,
    });
  }
  return out;
}

// ---- baseline: a plain port of the §3 arithmetic (sub-scores, X, Y, V, κ), no explanation ----------
const OUT: Record<string, number> = { strong_growth: 100, growth: 75, flat: 50, decline: 25, strong_decline: 0 };
const POS: Record<string, number> = { national_leader: 100, regional_leader: 75, backbone: 50, ordinary: 25 };
const TRE: Record<string, number> = { expanding: 100, stable: 50, contracting: 0 };
const BUD: Record<string, number> = { approved: 100, planned: 60, none: 20 };
const REF: Record<string, number> = { national: 100, provincial: 70, prefecture: 40, none: 0 };
const INF: Record<string, number> = { high: 3, medium: 2, low: 1 };
const log = (x: number, L: number, H: number): number =>
  100 * Math.min(1, Math.max(0, (Math.log10(Math.max(x, L)) - Math.log10(L)) / (Math.log10(H) - Math.log10(L))));
const lin = (x: number, L: number, H: number): number => 100 * Math.min(1, Math.max(0, (x - L) / (H - L)));

function plainScores(a: AccountFacts): number {
  const ex = a.is_existing_customer !== false;
  let cv = 0,
    kcv = 1;
  if (ex) {
    kcv = 0;
    if (a.revenue_ttm != null) {
      cv += 0.7 * log(a.revenue_ttm, 1e5, 1e7);
      kcv += 0.7;
    }
    if (a.gross_margin_pct != null) {
      cv += 0.2 * lin(a.gross_margin_pct, 0, 40);
      kcv += 0.2;
    }
    if (a.relationship_years != null) {
      cv += 0.1 * lin(a.relationship_years, 0, 5);
      kcv += 0.1;
    }
    cv += (1 - kcv) * 50;
  }
  let pt = 0,
    kpt = 0;
  const rev = ex ? a.revenue_ttm : 0;
  if (a.wallet_annual != null && rev != null) {
    pt += 0.5 * log(Math.max(0, a.wallet_annual - rev), 1e5, 1e8);
    kpt += 0.5;
  }
  if (a.industry_outlook != null) {
    pt += 0.2 * (OUT[a.industry_outlook] ?? 0);
    kpt += 0.2;
  }
  if (a.market_position != null) {
    pt += 0.15 * (POS[a.market_position] ?? 0);
    kpt += 0.15;
  }
  if (a.development_trend != null) {
    pt += 0.15 * (TRE[a.development_trend] ?? 0);
    kpt += 0.15;
  }
  pt += (1 - kpt) * 50;
  let sf = 0,
    ksf = 0,
    best = -1;
  for (const p of a.needs ?? []) {
    if (p.severity == null || p.urgency == null || p.our_fit == null) continue;
    best = Math.max(
      best,
      ((0.5 * (p.severity - 1)) / 4 + (0.5 * (p.urgency - 1)) / 4) * (p.our_fit / 3) * (p.confirmed ? 1 : 0.5),
    );
  }
  if (best >= 0) {
    sf += 45 * best;
    ksf += 0.45;
  }
  if (a.budget_status != null) {
    sf += 0.25 * (BUD[a.budget_status] ?? 0);
    ksf += 0.25;
  }
  if (a.segment_match != null) {
    sf += a.segment_match ? 15 : 0;
    ksf += 0.15;
  }
  if (a.reference_value != null) {
    sf += 0.15 * (REF[a.reference_value] ?? 0);
    ksf += 0.15;
  }
  sf += (1 - ksf) * 50;
  let ws = 0,
    wcs = 0,
    wk = 0,
    roles = 0,
    cap = false;
  for (const c of a.contacts ?? []) {
    const w = INF[c.influence] ?? 1;
    ws += w;
    wcs += w * 100 * ((0.6 * ((c.attitude ?? 0) + 2)) / 4 + (0.4 * (c.relationship_strength ?? 0)) / 4);
    if (c.attitude != null && c.relationship_strength != null) wk += w;
    if (c.role === "economic_buyer") {
      roles |= 1;
      if (c.attitude != null && c.attitude <= -1) cap = true;
    } else if (c.role === "technical_buyer") roles |= 2;
    else if (c.role === "user_buyer") roles |= 4;
    else if (c.role === "coach") roles |= 8;
  }
  let ra = 0;
  if (ws > 0) {
    const C = ((roles & 1) + ((roles >> 1) & 1) + ((roles >> 2) & 1) + ((roles >> 3) & 1)) / 4;
    ra = (wcs / ws) * (0.5 + 0.5 * C);
    if (cap) ra = Math.min(ra, 30);
  }
  const Y = 0.6 * pt + 0.4 * sf;
  const V = 0.3 * cv + 0.3 * pt + 0.2 * sf + 0.2 * ra;
  const k = 0.3 * kcv + 0.3 * kpt + 0.2 * ksf + 0.2 * (ws > 0 ? wk / ws : 0);
  return V + Y + k;
}

/** Accounts per second of one pass function, best of `rounds` timed passes after a warm-up. */
function bestRate(
  pass: (accounts: readonly AccountFacts[]) => number,
  accounts: readonly AccountFacts[],
  rounds = 7,
): number {
  let sink = 0,
    best = 0;
  for (let w = 0; w < 3; w++) sink += pass(accounts);
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    sink += pass(accounts);
    best = Math.max(best, accounts.length / ((performance.now() - t0) / 1000));
  }
  if (sink < 0) console.log(sink); // keeps the results observable
  return best;
}

/** A funnel input with `n` opportunities over all stages (a tenth of them closed or out of period). */
export function makeFunnelInput(n: number, seed = 7): FunnelInput {
  const r = rng(seed);
  const stages: readonly Stage[] = ["S0", "S0", "S0", "S1", "S1", "S2", "S3", "S4", "S5", "W", "L"];
  return {
    as_of: "2025-06-30",
    period_end: "2025-12-31",
    target: 3_000_000_000,
    won_to_date: 600_000_000,
    avg_won_size: 2_000_000,
    cycle_days: 180,
    opportunities: Array.from({ length: n }, (_, i) => ({
      id: `O-${i}`,
      stage: pick(r, stages),
      amount: 100_000 + Math.floor(r() * 9_900_000),
      expected_close_date: r() < 0.9 ? "2025-11-30" : "2026-03-31",
    })),
  };
}

/** A calibrate input: `nOpp` §6.3 observations over all stages and `nAcc` §6.2 account observations over
 *  three annual scoring dates, wins loosely following SF and RA so that the refit has something to find. */
export function makeCalibrateInput(nOpp: number, nAcc: number, seed = 13): CalibrateInput {
  const r = rng(seed);
  const stages: readonly OpenStage[] = ["S0", "S0", "S1", "S1", "S2", "S3", "S4", "S5"];
  const outcomes = ["W", "L", "L", "A"] as const;
  const dates = ["2023-03-31", "2024-03-31", "2025-03-31"] as const;
  return {
    weights: { CV: 0.3, PT: 0.3, SF: 0.2, RA: 0.2 },
    y_weights: { PT: 0.6, SF: 0.4 },
    holdout_from: "2025-01-01",
    opportunities: Array.from({ length: nOpp }, (_, i) => ({
      id: `O-${i}`,
      stage: pick(r, stages),
      outcome: pick(r, outcomes),
      close_reason: r() < 0.1 ? "no_decision" : null,
    })),
    accounts: Array.from({ length: nAcc }, (_, i) => {
      const scores = {
        CV: Math.round(r() * 10000) / 100,
        PT: Math.round(r() * 10000) / 100,
        SF: Math.round(r() * 10000) / 100,
        RA: Math.round(r() * 10000) / 100,
      };
      const won = (scores.SF + scores.RA) / 2 + 40 * r() > 60 ? 1 : 0;
      return {
        id: `A-${Math.floor(i / 3)}`,
        scored_on: dates[i % 3] ?? "2025-03-31",
        scores,
        won,
        won_amount: won ? Math.floor(r() * 5e6) : null,
      };
    }),
  };
}

function medianMs(f: () => unknown, runs = 9): number {
  f();
  f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1] ?? NaN;
}

/** fb69e9f (before the readable core), `assess` per account on this machine: scores, matrix, red flags and
 *  collect-next read, and the same with the §3.6 explanation read. The fast path is held to 0.9× these. */
const BEFORE = { assess: 581_036, explained: 383_990 } as const;

/** Accounts per assessAll call, as a streaming caller (the CLI's large-file path) hands them over. */
const CHUNK = 256;
/** Timed passes of the assessAll lines (~40 ms each): more than the default, as they are the ones held to a bar. */
const FAST_ROUNDS = 15;

export async function benchCore(): Promise<BenchLine[]> {
  const accounts = makeAccounts(20_000);
  const opts = { asOf: "2025-06-30" };
  // One loop per measured function, so each call site stays monomorphic.
  const base = bestRate((xs) => {
    let n = 0;
    for (const a of xs) if (plainScores(a) > 0) n++;
    return n;
  }, accounts);
  // The portfolio path in chunks (built before timing, as a reader would have them), every result consumed:
  // a ranking or matrix (no explanation read), then the card path reading every explanation.
  const chunks = Array.from({ length: Math.ceil(accounts.length / CHUNK) }, (_, i) => ({
    as_of: "2025-06-30",
    accounts: accounts.slice(i * CHUNK, (i + 1) * CHUNK),
  }));
  const full = bestRate(
    () => {
      let n = 0;
      for (const chunk of chunks) for (const r of assessAll(chunk)) if (r.quadrant === "strategic") n++;
      return n;
    },
    accounts,
    FAST_ROUNDS,
  );
  const explained = bestRate(
    () => {
      let n = 0;
      for (const chunk of chunks) for (const r of assessAll(chunk)) n += r.explanation.drivers.length;
      return n;
    },
    accounts,
    FAST_ROUNDS,
  );
  // The plain version, one account at a time with its explanation (what assessAll is checked against).
  const plain = bestRate((xs) => {
    let n = 0;
    for (const a of xs) n += assess(a, opts).explanation.drivers.length;
    return n;
  }, accounts);
  const input = makeFunnelInput(100_000);
  const ms = medianMs(() => funnel(input));
  const observations = makeCalibrateInput(100_000, 50_000);
  const calibrateMs = medianMs(() => calibrate(observations), 5);
  const vsBefore = (now: number, before: number): string =>
    `${(now / before).toFixed(2)}× fb69e9f's ${before.toLocaleString("en")}/s`;
  return [
    {
      name: "core.assess",
      value: Math.round(full),
      unit: "accounts/s",
      note: `assessAll in chunks of ${CHUNK}, single core, 20k varied accounts: scores, matrix, red flags, collect-next; ${vsBefore(full, BEFORE.assess)}; ${(full / base).toFixed(2)}× the plain §3 arithmetic`,
    },
    {
      name: "core.assess.explained",
      value: Math.round(explained),
      unit: "accounts/s",
      note: `the same with the §3.6 explanation read for every account; ${vsBefore(explained, BEFORE.explained)}`,
    },
    {
      name: "core.assess.plain",
      value: Math.round(plain),
      unit: "accounts/s",
      note: `plain assess per account, explanation included; assessAll is ${(full / plain).toFixed(1)}× (${(explained / plain).toFixed(1)}× with explanations) faster`,
    },
    {
      name: "core.assess.baseline",
      value: Math.round(base),
      unit: "accounts/s",
      note: "plain port of the §3 score arithmetic only",
    },
    {
      name: "core.funnel.100k",
      value: Number(ms.toFixed(2)),
      unit: "ms",
      note: "median of 9 runs, 100,000 opportunities",
    },
    {
      name: "core.calibrate.100k+50k",
      value: Number(calibrateMs.toFixed(2)),
      unit: "ms",
      note: "median of 5 runs in-process, 100,000 opportunity + 50,000 account observations (bar < 1 s)",
    },
  ];
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  printLines(await benchCore());
}
