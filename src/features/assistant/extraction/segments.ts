// The model's segment updates → checked updates, by the same rules as account facts (validate.ts): the segment must
// be one of the person's teams' (as listed to the model), the evidence must be in the note, numbers must be numbers
// the note wrote, codes and ranges are re-checked by the core's segment checks. What fails is dropped with a reason.
import { checkSegmentPatch, type SegmentKey } from "../../../core/index.js";
import { quantityFromNote } from "../read-numbers.js";
import { inertText } from "../safety/escape.js";
import type { ExtractedSegmentUpdate, NoteSegmentField } from "./schema.js";
import { inNote } from "./validate.js";

/** A value a segment update carries: set as is, or (lists, text) merged into what the segment holds on Confirm. */
export type SegmentUpdateValue = string | number | boolean | string[] | { line: string; fit: number };

export interface CheckedSegmentUpdate {
  segmentId: string;
  key: SegmentKey;
  field: NoteSegmentField;
  value: SegmentUpdateValue;
  /** The value as the note wrote it. */
  text: string;
  evidence: string;
}

const MAX_UPDATES = 8;
const clip = (s: string, n: number) => Array.from(s.trim()).slice(0, n).join("");

/** "e_gov/440000/2026": how a segment is listed to the model and named back. */
export const segmentKeyText = (k: SegmentKey): string => `${k.industry}/${k.region_code}/${k.year}`;

/** The typed value of one update, or the reason it cannot be used. */
function typedValue(u: ExtractedSegmentUpdate, note: string): { value: SegmentUpdateValue } | { reason: string } {
  const raw = u.value.trim();
  switch (u.field) {
    case "market_wallet":
    case "revenue_target":
    case "market_accounts": {
      const q = quantityFromNote(note, raw);
      if (q === null) return { reason: "number_not_in_note" };
      if (q.percent || !Number.isSafeInteger(q.value)) return { reason: "bad_value" };
      return { value: q.value };
    }
    case "chosen":
      return raw === "true" || raw === "false" ? { value: raw === "true" } : { reason: "bad_value" };
    case "competitors": {
      const names = raw
        .split(/[、,，;；]+/u)
        .map((n) => n.trim())
        .filter(Boolean);
      if (names.length === 0) return { reason: "bad_value" };
      // A competitor the note does not name is a guess, like a person it does not name.
      if (!names.every((n) => inNote(note, n))) return { reason: "name_not_in_note" };
      return { value: names.map((n) => clip(inertText(n), 100)) };
    }
    case "solution_fit": {
      const m = /^(.+?)\s*[:：=]\s*(-?\d+(?:\.\d+)?)$/u.exec(raw);
      if (!m) return { reason: "bad_value" };
      return { value: { line: clip(inertText(m[1] ?? ""), 100), fit: Number(m[2]) } };
    }
    case "industry_outlook":
    case "competition_intensity":
      return { value: raw };
    default:
      return raw ? { value: clip(inertText(raw), 300) } : { reason: "bad_value" };
  }
}

/** The core's check of one value, as a reason code ("fit_range", "not_enum", …), or null when it is acceptable. */
function coreIssue(field: NoteSegmentField, value: SegmentUpdateValue): string | null {
  const { issues } = checkSegmentPatch({ [field]: field === "solution_fit" ? [value] : value });
  const code = issues[0]?.code;
  if (!code) return null;
  return code === "fit_range" ? "fit_range" : "bad_value";
}

export function validateSegmentUpdates(
  items: readonly ExtractedSegmentUpdate[],
  note: string,
  segments: readonly (SegmentKey & { id: string })[],
): { updates: CheckedSegmentUpdate[]; dropped: { item: string; reason: string }[] } {
  const byKey = new Map(segments.map((s) => [segmentKeyText(s), s]));
  const updates: CheckedSegmentUpdate[] = [];
  const dropped: { item: string; reason: string }[] = [];
  const seen = new Set<string>();
  for (const u of items) {
    const label = clip(`${u.segment} ${u.field}=${u.value}`, 80);
    const drop = (reason: string) => dropped.push({ item: label, reason });
    const segment = byKey.get(u.segment.trim());
    if (updates.length >= MAX_UPDATES) drop("too_many");
    // Only the segments listed to the model: those of a team the person may write to.
    else if (!segment) drop("unknown_segment");
    else if (!inNote(note, u.evidence)) drop("no_evidence");
    else {
      const v = typedValue(u, note);
      const issue = "reason" in v ? v.reason : coreIssue(u.field, v.value);
      const line = "value" in v && typeof v.value === "object" && !Array.isArray(v.value) ? v.value.line : "";
      const once = `${segment.id}|${u.field}|${line}`;
      if (issue || !("value" in v)) drop(issue ?? "bad_value");
      else if (seen.has(once)) drop("duplicate");
      else {
        seen.add(once);
        const key = { industry: segment.industry, region_code: segment.region_code, year: segment.year };
        updates.push({
          segmentId: segment.id,
          key,
          field: u.field,
          value: v.value,
          text: clip(u.value, 60),
          evidence: clip(u.evidence, 300),
        });
      }
    }
  }
  return { updates, dropped };
}
