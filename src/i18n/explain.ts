// Words for the §3.6 explanation: drivers as facts, red flags, actions, collect-next questions, quadrant labels.
// The core hands over codes and numbers; this is the one place that turns them into sentences.
import type { Quadrant, SubScore } from "../core/enums.js";
import type { ActionCode, Component, Driver, RedFlag } from "../core/results.js";
import { hasName, name, t } from "./catalog.js";
import { displayFixed } from "./decimal.js";
import { formatScore } from "./format.js";
import type { Locale } from "./locale.js";
import { formatMoney } from "./money.js";
import type { VocabularyKind } from "./vocabulary.js";

type Facts = Driver["facts"];

const num = (facts: Facts, ...keys: string[]): number | null => {
  for (const k of keys) {
    const v = facts[k];
    if (typeof v === "number" && Number.isFinite(v)) return v;
  }
  return null;
};
const str = (facts: Facts, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = facts[k];
    if (typeof v === "string" && v.trim() !== "") return v;
  }
  return null;
};
const bool = (facts: Facts, key: string): boolean | null => {
  const v = facts[key];
  return typeof v === "boolean" ? v : null;
};

/** A plain number with at most 2 decimals and no trailing zeros: 30 → "30", 12.5 → "12.5". */
const plain = (x: number): string => displayFixed(x, 2, { trimZeros: true });

/** Free text from stored data on one line, at most `max` characters. */
const oneLine = (s: string, max: number): string => {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length <= max
    ? flat
    : `${Array.from(flat)
        .slice(0, max - 1)
        .join("")}…`;
};

/** A need as the card knows it, so the strongest one can be named. */
export interface NeedRef {
  id: string;
  description?: string | null;
}
export interface DriverContext {
  needs?: readonly NeedRef[];
}

/** Enum-valued components and the vocabulary that names their values. */
const ENUM_COMPONENTS: Partial<Record<Component, VocabularyKind>> = {
  industry_outlook: "industryOutlook",
  market_position: "marketPosition",
  development_trend: "developmentTrend",
  budget_status: "budgetStatus",
  reference_value: "referenceValue",
};

/**
 * A driver as a fact sentence (METHOD §3.6 item 3), e.g.
 * "年度相关预算 2,000万，我方近12月收入 300万 → 可拓展空间 1,700万".
 *
 * Reads these `Driver.facts` keys (whichever are present): revenue_ttm, is_existing_customer, gross_margin_pct,
 * relationship_years, wallet_annual, headroom, the enum field named like the component, segment_match,
 * need_id (named through ctx.needs) | description, severity, urgency, our_fit, confirmed, contacts,
 * core_roles_covered, core_roles_missing (comma-separated role codes). Missing facts fall back
 * to "<component> <value>/100", so a core that names its facts differently still gets a truthful line.
 */
export function driverText(locale: Locale, driver: Driver, ctx: DriverContext = {}): string {
  const f = driver.facts ?? {};
  const label = name(locale, "component", driver.component);
  const generic = () => t(locale, "driver.generic", { label, value: formatScore(driver.value) });
  const money = (x: number) => formatMoney(locale, x);
  switch (driver.component) {
    case "S_rev": {
      if (bool(f, "is_existing_customer") === false) return t(locale, "driver.S_rev_new");
      const rev = num(f, "revenue_ttm");
      return rev === null ? generic() : t(locale, "driver.S_rev", { revenue: money(rev) });
    }
    case "S_gm": {
      const pct = num(f, "gross_margin_pct");
      return pct === null ? generic() : t(locale, "driver.S_gm", { pct: plain(pct) });
    }
    case "S_ten": {
      const years = num(f, "relationship_years");
      return years === null ? generic() : t(locale, "driver.S_ten", { years: plain(years) });
    }
    case "S_head": {
      const wallet = num(f, "wallet_annual");
      const rev = num(f, "revenue_ttm") ?? (bool(f, "is_existing_customer") === false ? 0 : null);
      const headroom = num(f, "headroom") ?? (wallet !== null && rev !== null ? Math.max(0, wallet - rev) : null);
      if (wallet !== null && rev !== null && headroom !== null) {
        return t(locale, "driver.S_head", { wallet: money(wallet), revenue: money(rev), headroom: money(headroom) });
      }
      return headroom === null ? generic() : t(locale, "driver.S_head_only", { headroom: money(headroom) });
    }
    case "segment_match": {
      const v = bool(f, "segment_match");
      if (v === null) return generic();
      return t(locale, v ? "driver.segment_match.true" : "driver.segment_match.false");
    }
    case "S_need": {
      const sev = num(f, "severity");
      const urg = num(f, "urgency");
      const fit = num(f, "our_fit", "fit");
      if (sev === null || urg === null || fit === null) return generic();
      const confirmed = t(locale, bool(f, "confirmed") ? "driver.need_confirmed" : "driver.need_unconfirmed");
      const needId = str(f, "need_id");
      const described = needId === null ? null : (ctx.needs?.find((n) => n.id === needId)?.description ?? null);
      const need = str(f, "description", "need") ?? (described && described.trim() !== "" ? described : null);
      const params = { severity: plain(sev), urgency: plain(urg), fit: plain(fit), confirmed };
      return need === null
        ? t(locale, "driver.S_need_unnamed", params)
        : t(locale, "driver.S_need", { ...params, need: oneLine(need, 80) });
    }
    case "M": {
      const n = num(f, "contacts", "contact_count", "n_contacts");
      const value = formatScore(driver.value);
      return n === null ? t(locale, "driver.M", { value }) : t(locale, "driver.M_contacts", { n, value });
    }
    case "C": {
      let covered = num(f, "core_roles_covered", "covered");
      const coverage = num(f, "coverage");
      if (covered === null && coverage !== null) covered = coverage * 4;
      if (covered === null) covered = driver.value / 25; // value = 100·C and C = covered/4
      const missing = (str(f, "core_roles_missing") ?? "")
        .split(",")
        .map((r) => r.trim())
        .filter((r) => hasName(locale, "role", r));
      if (missing.length === 0) return t(locale, "driver.C", { covered: plain(covered) });
      const names = missing.map((r) => name(locale, "role", r as never)).join(t(locale, "common.list_separator"));
      return t(locale, "driver.C_missing", { covered: plain(covered), missing: names });
    }
    default: {
      const kind = ENUM_COMPONENTS[driver.component];
      const code = str(f, driver.component, "value");
      if (kind && code !== null && hasName(locale, kind, code)) {
        return t(locale, "driver.enum", { label, value: name(locale, kind, code as never) });
      }
      return generic();
    }
  }
}

/** A red flag as a sentence; an unknown code is shown as itself. */
export function redFlagText(locale: Locale, flag: RedFlag | string): string {
  return hasName(locale, "redFlag", flag) ? name(locale, "redFlag", flag as RedFlag) : flag;
}

/** A §4.3 action code as the recommendation. */
export function actionText(locale: Locale, code: ActionCode | string): string {
  return hasName(locale, "action", code) ? name(locale, "action", code as ActionCode) : code;
}

export interface ContactRef {
  id: string;
  name?: string | null;
  title?: string | null;
}

/**
 * A collect-next field (§3.4) as a question a rep can answer: "wallet_annual" → "客户年度相关预算是多少？",
 * "contacts[c3].relationship_strength" → "我们和采购（张三）的关系有多深…？" using the contact's name.
 */
export function collectNextQuestion(locale: Locale, field: string, contacts: readonly ContactRef[] = []): string {
  const m = /^contacts\[(.+)\]\.(attitude|relationship_strength)$/.exec(field);
  if (m) {
    const c = contacts.find((x) => x.id === m[1]);
    const person = c?.name?.trim() ?? "";
    const title = c?.title?.trim() ?? "";
    const display =
      person && title
        ? locale === "zh-CN"
          ? `${title}（${person}）`
          : `${person} (${title})`
        : person || title || t(locale, "question.contact_fallback");
    return t(locale, m[2] === "attitude" ? "question.contact_attitude" : "question.contact_strength", {
      name: display,
    });
  }
  if (hasName(locale, "question", field)) return name(locale, "question", field as never);
  const label = hasName(locale, "field", field) ? name(locale, "field", field as never) : field;
  return t(locale, "question.generic", { field: label });
}

/** The quadrant as shown: provisional accounts read "待评估 / Provisional" (METHOD §3.4). */
export function quadrantLabel(locale: Locale, quadrant: Quadrant, provisional: boolean): string {
  return provisional ? t(locale, "common.provisional") : name(locale, "quadrant", quadrant);
}

/** "当前价值 CV" style label for a sub-score. */
export function subScoreLabel(locale: Locale, sub: SubScore): string {
  return `${name(locale, "subScore", sub)} ${sub}`;
}
