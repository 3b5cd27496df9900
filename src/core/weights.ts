// The v1-default weights, anchors and thresholds of METHOD §3–§4 (all [D]: recalibrated by §6).

/** §6.6 the model version every output carries; golden tests are pinned to it. */
export const MODEL_VERSION = "v1-default";

/** §3.2 CV component weights: S_rev, S_gm, S_ten. */
export const CV_W = { rev: 0.7, gm: 0.2, ten: 0.1 } as const;
/** §3.2 PT component weights: S_head and the three enum maps. */
export const PT_W = { head: 0.5, outlook: 0.2, position: 0.15, trend: 0.15 } as const;
/** §3.2 SF component weights: S_need and the three enum maps. */
export const SF_W = { need: 0.45, budget: 0.25, segment: 0.15, reference: 0.15 } as const;
/** §3.2 RA per-contact stance: attitude and relationship-strength shares of cs_i. */
export const RA_CS_W = { attitude: 0.6, strength: 0.4 } as const;
/** §3.2 RA cap when an economic buyer's attitude is ≤ −1. */
export const RA_EB_CAP = 30;

/** §3.3 V = 0.30·CV + 0.30·PT + 0.20·SF + 0.20·RA; also W_sub of §3.4 (completeness and collect-next). */
export const V_W = { CV: 0.3, PT: 0.3, SF: 0.2, RA: 0.2 } as const;
/** §3.3 Y = 0.6·PT + 0.4·SF. */
export const Y_W = { PT: 0.6, SF: 0.4 } as const;

/** The weights a model version sets (§6.5): V's four and the matrix Y's two; V_W and Y_W are v1-default's. */
export interface ModelWeights {
  weights: { CV: number; PT: number; SF: number; RA: number };
  yWeights: { PT: number; SF: number };
}

/** §3.4 the neutral value unknown components shrink toward. */
export const NEUTRAL = 50;

/** §3.2 anchors of the log scales (CNY yuan). */
export const REV_ANCHORS = { L: 1e5, H: 1e7 } as const;
export const HEAD_ANCHORS = { L: 1e5, H: 1e8 } as const;
/** §3.2 linear anchors: margin 0–40 %, tenure 0–5 years. */
export const GM_ANCHORS = { L: 0, H: 40 } as const;
export const TEN_ANCHORS = { L: 0, H: 5 } as const;
/** 合作年限 above this is a typing slip (a date, an amount), not a relationship; it also keeps PostgreSQL's integer
 *  column from overflowing. The schema, the import, the modal and the fast assess path take the same bound. */
export const MAX_RELATIONSHIP_YEARS = 100;

/** §4.1 matrix thresholds on X and Y (≥ is high). */
export const AXIS_THRESHOLD = 50;
/** §4.2 tier: Q2/Q3 accounts with V ≥ 40 are 重点客户. */
export const KEY_TIER_V = 40;
/** §4.3 RA below this adds an access-fix action. */
export const RA_ACTION_THRESHOLD = 50;
/** §3.4 confidence labels on κ. */
export const CONFIDENCE_HIGH = 0.8;
export const CONFIDENCE_MEDIUM = 0.5;
/** §3.5 a contact untouched for more than this many days is stale. */
export const STALE_DAYS = 90;
