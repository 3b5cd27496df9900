// A team's segments as files (`kvalue export --kind segments`): JSON in the core's field names, CSV with Chinese or
// English headers (the field names of the segment screens). Lists are joined with 、 and a solution fit is line=fit.
import { stringify } from "csv-stringify/sync";
import { SEGMENT_FIELDS, type SegmentField } from "../../core/index.js";
import { t, type Locale } from "../../i18n/index.js";
import type { StoredSegment } from "./repository.js";

const KEY = ["industry", "region_code", "year"] as const;

/** The records as JSON: key and fields per segment, newest year first (as the team lists them). */
export function segmentsJson(segments: readonly StoredSegment[]): string {
  const records = segments.map((s) => ({
    industry: s.industry,
    region_code: s.region_code,
    year: s.year,
    ...Object.fromEntries(SEGMENT_FIELDS.map((f) => [f, s[f]])),
  }));
  return `${JSON.stringify({ segments: records }, null, 2)}\n`;
}

function cell(s: StoredSegment, f: SegmentField): string {
  const v = s[f];
  if (v === null) return "";
  if (f === "solution_fit") return s.solution_fit.map((l) => `${l.line}=${l.fit}`).join("、");
  if (Array.isArray(v)) return v.join("、");
  return String(v);
}

/** CSV (UTF-8 with BOM, CRLF, formulas escaped), headers in the user's language; codes stay codes. */
export function segmentsCsv(segments: readonly StoredSegment[], locale: Locale): string {
  const header = [...KEY, ...SEGMENT_FIELDS].map((f) => t(locale, `segment.field.${f}`));
  const body = segments.map((s) => [
    s.industry,
    s.region_code,
    String(s.year),
    ...SEGMENT_FIELDS.map((f) => cell(s, f)),
  ]);
  return stringify([header, ...body], { bom: true, record_delimiter: "windows", escape_formulas: true });
}
