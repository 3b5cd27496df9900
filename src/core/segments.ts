// Market segments (市场研判 五看三定, METHOD §2.3): the checks on a segment's key and fields, and the defaults a
// segment feeds to the accounts of its industry and region. Defaults fill only facts the account does not know and
// are returned beside the facts, so they are never mistaken for (or stored as) the account's own.
import {
  COMPETITION_INTENSITIES,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  type CompetitionIntensity,
  type Industry,
  type IndustryOutlook,
} from "./enums.js";
import type { AccountFacts } from "./facts.js";
import { extend } from "./extend.js";

/** GB/T 2260 province-level codes (the first two digits of every administrative code). */
export const PROVINCE_CODES = [
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
  "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82",
] as const; // biome-ignore format: a table

/** Why `code` is not a GB/T 2260 code (six digits, a known province, and no county under a missing prefecture). */
export function regionCodeIssue(code: string): "format" | "unknown_province" | null {
  if (!/^\d{6}$/.test(code) || (code.slice(2, 4) === "00" && code.slice(4) !== "00")) return "format";
  return (PROVINCE_CODES as readonly string[]).includes(code.slice(0, 2)) ? null : "unknown_province";
}

/** The digits of a region code that matter: 2 for a province, 4 for a prefecture, 6 for a county. */
export function regionPrefix(code: string): string {
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Whether the region `outer` contains (or is) the region `inner`. */
export const regionCovers = (outer: string, inner: string): boolean => inner.startsWith(regionPrefix(outer));

/** The five looks and the three decisions, and the fields each holds. */
export const LOOKS = {
  look_industry: ["industry_outlook", "industry_findings"],
  look_market: ["market_wallet", "market_accounts", "market_notes"],
  look_competition: ["competitors", "competition_intensity"],
  look_self: ["solution_fit"],
  look_opportunity: ["opportunity_refs", "opportunity_notes"],
  decisions: ["chosen", "control_points", "revenue_target", "strategy"],
} as const;
export type Look = keyof typeof LOOKS;
export const LOOK_NAMES = Object.keys(LOOKS) as Look[];
export type SegmentField = (typeof LOOKS)[Look][number];
export const SEGMENT_FIELDS: readonly SegmentField[] = LOOK_NAMES.flatMap((l) => LOOKS[l]);

/** 看自己: how well one solution line of ours fits the segment, 0–3 like NeedPain.our_fit. */
export interface SolutionFit {
  line: string;
  fit: number;
}

export interface SegmentFacts {
  industry_outlook: IndustryOutlook | null;
  industry_findings: string | null;
  market_wallet: number | null;
  /** how many customers the segment's market has (the accounts its wallet is spread over) */
  market_accounts: number | null;
  market_notes: string | null;
  competitors: string[];
  competition_intensity: CompetitionIntensity | null;
  solution_fit: SolutionFit[];
  opportunity_refs: string[];
  opportunity_notes: string | null;
  chosen: boolean | null;
  control_points: string | null;
  revenue_target: number | null;
  strategy: string | null;
}

export const EMPTY_SEGMENT: SegmentFacts = {
  industry_outlook: null,
  industry_findings: null,
  market_wallet: null,
  market_accounts: null,
  market_notes: null,
  competitors: [],
  competition_intensity: null,
  solution_fit: [],
  opportunity_refs: [],
  opportunity_notes: null,
  chosen: null,
  control_points: null,
  revenue_target: null,
  strategy: null,
};

export interface SegmentKey {
  industry: Industry;
  region_code: string;
  year: number;
}
export interface SegmentRecord extends SegmentKey, SegmentFacts {
  id: string;
}
/** A change to a segment: an absent key leaves the field alone; null (or an empty list) clears it. */
export type SegmentPatch = Partial<SegmentFacts>;

export type SegmentIssueCode =
  | "unknown_industry"
  | "unknown_region"
  | "bad_year"
  | "unknown_field"
  | "not_money"
  | "not_count"
  | "fit_range"
  | "not_enum"
  | "not_boolean"
  | "not_text"
  | "too_long";
/** A refused value: the field it was given for, what is wrong, and what was given. */
export interface SegmentIssue {
  field: string;
  code: SegmentIssueCode;
  value: string;
}

const MAX_TEXT = 3000;
const MAX_LIST = 50;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;

const shown = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v))).slice(0, 80);

/** Checks a segment's key; the region must be a GB/T 2260 code, the year a calendar year. */
export function checkSegmentKey(raw: {
  industry: unknown;
  region_code: unknown;
  year: unknown;
}): { ok: true; key: SegmentKey } | { ok: false; issues: SegmentIssue[] } {
  const issues: SegmentIssue[] = [];
  const industry = raw.industry;
  if (typeof industry !== "string" || !(INDUSTRIES as readonly string[]).includes(industry))
    issues.push({ field: "industry", code: "unknown_industry", value: shown(industry) });
  const region = raw.region_code;
  if (typeof region !== "string" || regionCodeIssue(region) !== null)
    issues.push({ field: "region_code", code: "unknown_region", value: shown(region) });
  const year = raw.year;
  if (typeof year !== "number" || !Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR)
    issues.push({ field: "year", code: "bad_year", value: shown(year) });
  if (issues.length) return { ok: false, issues };
  return { ok: true, key: { industry: industry as Industry, region_code: region as string, year: year as number } };
}

const isMoney = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isText = (v: unknown): v is string => typeof v === "string" && v.length <= MAX_TEXT;
const cleanText = (v: string): string | null => (v.trim() === "" ? null : v.trim());

/**
 * Typed values for a segment's fields (from a modal, a CSV row after its cells were read, JSON, an LLM proposal) →
 * a patch, with every refused value named. Nothing partial: callers write only when `issues` is empty.
 */
export function checkSegmentPatch(raw: Readonly<Record<string, unknown>>): {
  patch: SegmentPatch;
  issues: SegmentIssue[];
} {
  const patch: Record<string, unknown> = {};
  const issues: SegmentIssue[] = [];
  const bad = (field: string, code: SegmentIssueCode, v: unknown) => issues.push({ field, code, value: shown(v) });
  for (const [field, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    switch (field as SegmentField) {
      case "industry_outlook":
        if (v === null || (typeof v === "string" && (INDUSTRY_OUTLOOKS as readonly string[]).includes(v)))
          patch[field] = v;
        else bad(field, "not_enum", v);
        break;
      case "competition_intensity":
        if (v === null || (typeof v === "string" && (COMPETITION_INTENSITIES as readonly string[]).includes(v)))
          patch[field] = v;
        else bad(field, "not_enum", v);
        break;
      case "market_wallet":
      case "revenue_target":
        if (v === null || isMoney(v)) patch[field] = v;
        else bad(field, "not_money", v);
        break;
      case "market_accounts":
        if (v === null || (typeof v === "number" && Number.isSafeInteger(v) && v >= 1)) patch[field] = v;
        else bad(field, "not_count", v);
        break;
      case "chosen":
        if (v === null || typeof v === "boolean") patch[field] = v;
        else bad(field, "not_boolean", v);
        break;
      case "industry_findings":
      case "market_notes":
      case "opportunity_notes":
      case "control_points":
      case "strategy":
        if (v === null) patch[field] = null;
        else if (typeof v !== "string") bad(field, "not_text", v);
        else if (!isText(v)) bad(field, "too_long", v);
        else patch[field] = cleanText(v);
        break;
      case "competitors":
      case "opportunity_refs": {
        const list = v === null ? [] : v;
        if (!Array.isArray(list) || !list.every((x) => typeof x === "string" && x.length <= 200))
          bad(field, "not_text", v);
        else if (list.length > MAX_LIST) bad(field, "too_long", v);
        else patch[field] = [...new Set(list.map((x: string) => x.trim()).filter((x) => x !== ""))];
        break;
      }
      case "solution_fit": {
        const list = v === null ? [] : v;
        if (!Array.isArray(list) || list.length > MAX_LIST) {
          bad(field, "not_text", v);
          break;
        }
        const lines: SolutionFit[] = [];
        for (const item of list as unknown[]) {
          const line = (item as { line?: unknown } | null)?.line;
          const fit = (item as { fit?: unknown } | null)?.fit;
          if (typeof line !== "string" || line.trim() === "" || line.length > 200) bad(field, "not_text", item);
          else if (typeof fit !== "number" || !Number.isInteger(fit) || fit < 0 || fit > 3)
            bad(field, "fit_range", `${line.trim()}=${shown(fit)}`);
          else lines.push({ line: line.trim(), fit });
        }
        patch[field] = lines;
        break;
      }
      default:
        bad(field, "unknown_field", v);
    }
  }
  return { patch: patch as SegmentPatch, issues };
}

/** The fields whose value the patch changes, with before and after (list fields compared by content). */
export function segmentDiff(
  before: SegmentFacts,
  patch: SegmentPatch,
): { field: SegmentField; before: unknown; after: unknown }[] {
  const out: { field: SegmentField; before: unknown; after: unknown }[] = [];
  for (const field of SEGMENT_FIELDS) {
    if (!(field in patch)) continue;
    const after = patch[field] as unknown;
    if (JSON.stringify(after) !== JSON.stringify(before[field])) out.push({ field, before: before[field], after });
  }
  return out;
}

// ---- what a segment feeds ------------------------------------------------------------------------------------

/** The account facts a segment can default (our_fit per need). */
export const DEFAULTED_FIELDS = ["industry_outlook", "wallet_annual", "segment_match", "our_fit"] as const;
export type DefaultedField = (typeof DEFAULTED_FIELDS)[number];

/** One fact an account takes from a segment because its own is unknown. */
export interface SegmentDefault {
  field: DefaultedField;
  /** For our_fit: the need it applies to. */
  need_id?: string;
  value: string | number | boolean;
  segment: SegmentKey & { id: string };
}

/** What a segment needs to know of an account to place it. */
export interface SegmentMember {
  id: string;
  industry?: Industry | null;
  region_code?: string | null;
  wallet_annual?: number | null;
}

/**
 * The segments an account belongs to (its industry; its region inside the segment's), in the order defaults are
 * taken: latest year not after `year`, then the most specific region, then id.
 */
export function segmentsOf<S extends SegmentRecord>(account: SegmentMember, segments: readonly S[], year: number): S[] {
  const { industry, region_code: region } = account;
  if (!industry || !region) return [];
  return segments
    .filter((s) => s.industry === industry && s.year <= year && regionCovers(s.region_code, region))
    .sort(
      (a, b) =>
        b.year - a.year ||
        regionPrefix(b.region_code).length - regionPrefix(a.region_code).length ||
        (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
}

/** 看市场 seeds wallet_annual: the segment's wallet shared equally over the customers of its market (whole yuan,
 *  rounded down); none until both are known. */
export function walletEstimate(s: Pick<SegmentFacts, "market_wallet" | "market_accounts">): number | null {
  if (s.market_wallet === null || s.market_accounts === null || s.market_accounts < 1) return null;
  return Math.floor(s.market_wallet / s.market_accounts);
}

const fold = (s: string): string => s.normalize("NFKC").toLowerCase().replace(/\s+/g, "");

/** The solution line a need is about: one named in its description, or one named after its category. */
function fitFor(need: { description?: string | null; category?: string | null }, lines: readonly SolutionFit[]) {
  const text = fold(need.description ?? "");
  return lines.find((l) => (text !== "" && text.includes(fold(l.line))) || fold(l.line) === need.category);
}

const keyOf = (s: SegmentRecord): SegmentKey & { id: string } => ({
  id: s.id,
  industry: s.industry,
  region_code: s.region_code,
  year: s.year,
});

/**
 * The account's facts with the unknown ones a segment feeds filled in (METHOD §2.3 "Feeds"), and which were filled
 * from which segment.
 *   industry_outlook ← look_industry's outlook · wallet_annual ← look_market's share · segment_match ← 三定's choice
 *   (true chosen, false assessed and not chosen) · each need's our_fit ← look_self's fit for its solution line.
 */
export function applySegmentDefaults(
  facts: AccountFacts,
  segments: readonly SegmentRecord[],
  year: number,
): { facts: AccountFacts; defaults: SegmentDefault[] } {
  const mine = segmentsOf(facts, segments, year);
  if (mine.length === 0) return { facts, defaults: [] };
  const defaults: SegmentDefault[] = [];
  const out: AccountFacts = Object.assign({}, facts); // not a spread: fields are added below (extend.ts)
  const unknown = (v: unknown) => v === null || v === undefined;

  if (unknown(facts.industry_outlook)) {
    const s = mine.find((x) => x.industry_outlook !== null);
    if (s?.industry_outlook) {
      out.industry_outlook = s.industry_outlook;
      defaults.push({ field: "industry_outlook", value: s.industry_outlook, segment: keyOf(s) });
    }
  }
  if (unknown(facts.wallet_annual)) {
    const s = mine.find((x) => walletEstimate(x) !== null);
    const estimate = s ? walletEstimate(s) : null;
    if (s && estimate !== null) {
      out.wallet_annual = estimate;
      defaults.push({ field: "wallet_annual", value: estimate, segment: keyOf(s) });
    }
  }
  if (unknown(facts.segment_match)) {
    const s = mine.find((x) => x.chosen !== null);
    if (s && s.chosen !== null) {
      out.segment_match = s.chosen;
      defaults.push({ field: "segment_match", value: s.chosen, segment: keyOf(s) });
    }
  }
  if (facts.needs?.some((n) => unknown(n.our_fit))) {
    out.needs = facts.needs.map((n) => {
      if (!unknown(n.our_fit)) return n;
      for (const s of mine) {
        const line = fitFor(n, s.solution_fit);
        if (!line) continue;
        defaults.push({ field: "our_fit", need_id: n.id, value: line.fit, segment: keyOf(s) });
        return extend(n, { our_fit: line.fit });
      }
      return n;
    });
  }
  return { facts: out, defaults };
}

/** Calendar year of an ISO date. */
export const yearOf = (isoDate: string): number => Number(isoDate.slice(0, 4));
