// The alerts a user can get between digests (issue 14 item 3), one switch each, and what one alert says. Pure.
import type { Quadrant } from "../../core/index.js";

export const ALERT_KINDS = [
  "deal_overdue",
  "deal_stale",
  "quadrant",
  "eb_opposed",
  "fact_changed",
  "lead_deadline",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** Days without a touch after which an open deal is stale, unless the team set its own. */
export const DEFAULT_STALE_DAYS = 14;
export const MAX_STALE_DAYS = 365;

export type AlertItem =
  | { kind: "deal_overdue"; accountId: string; account: string; dealId: string; deal: string; closeDate: string }
  | { kind: "deal_stale"; accountId: string; account: string; dealId: string; deal: string; days: number }
  | { kind: "quadrant"; accountId: string; account: string; from: Quadrant; to: Quadrant }
  | { kind: "eb_opposed"; accountId: string; account: string; contact: string; attitude: number }
  | { kind: "fact_changed"; accountId: string; account: string; actors: string[]; fields: string[]; changes: number }
  | { kind: "lead_deadline"; teamId: string; team: string; period: string; deadline: string };

/** A user's alerts of one day. */
export interface UserAlerts {
  userId: string;
  items: AlertItem[];
}

/** The Chinese word a reader is offered for each kind (one of KIND_WORDS). */
export const KIND_WORD_ZH: Readonly<Record<AlertKind, string>> = {
  deal_overdue: "逾期",
  deal_stale: "停滞",
  quadrant: "象限",
  eb_opposed: "决策者",
  fact_changed: "改动",
  lead_deadline: "截止",
};

// Words a user may type for a kind (the code, its Chinese name, short forms).
const KIND_WORDS: Record<string, AlertKind> = {
  overdue: "deal_overdue",
  过期: "deal_overdue",
  逾期: "deal_overdue",
  stale: "deal_stale",
  停滞: "deal_stale",
  quadrant: "quadrant",
  象限: "quadrant",
  eb: "eb_opposed",
  决策者: "eb_opposed",
  fact: "fact_changed",
  facts: "fact_changed",
  changes: "fact_changed",
  改动: "fact_changed",
  deadline: "lead_deadline",
  lead: "lead_deadline",
  截止: "lead_deadline",
};

/** A kind from what the user typed (`deal_overdue`, `deal-overdue`, `overdue`, `过期`); "all" for every kind. */
export function parseAlertKind(word: string): AlertKind | "all" | null {
  const w = word.trim().toLowerCase().replace(/-/g, "_");
  if (w === "all" || w === "全部") return "all";
  return ALERT_KINDS.find((k) => k === w) ?? KIND_WORDS[w] ?? null;
}

/** The stored `off` list → the set of kinds switched off (unknown words from a newer build are ignored). */
export function offKinds(stored: string): Set<AlertKind> {
  return new Set(ALERT_KINDS.filter((k) => stored.split(",").includes(k)));
}

export const storeOff = (off: ReadonlySet<AlertKind>): string => ALERT_KINDS.filter((k) => off.has(k)).join(",");

/** Slack user ids (U…/W…): owners recorded as plain names (imported reps without a Slack user) get no DM. */
export const isSlackUser = (id: string | null | undefined): id is string => !!id && /^[UW][A-Z0-9]{2,}$/.test(id);
