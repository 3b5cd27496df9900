// One modal per look and one for 三定: its fields as inputs (block_id = the field, action_id INPUT_ACTION_ID), and
// the submission read back into typed values, every refused value named in the user's language. Pure.
import type { InputBlock, ModalView, PlainTextOption } from "@slack/types";
import {
  checkSegmentPatch,
  COMPETITION_INTENSITIES,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  LOOKS,
  SEGMENT_FIELDS,
  type Look,
  type SegmentField,
  type SegmentIssue,
} from "../../../core/index.js";
import { formatYuanPlain, name, t, type Locale } from "../../../i18n/index.js";
import { parseMoney } from "../../../i18n/money.js";
import { CALLBACK_IDS, INPUT_ACTION_ID, UNKNOWN_OPTION } from "../../../ui/ids.js";
import { option, plain, SLACK_LIMITS, truncate } from "../../../ui/limits.js";
import type { ViewStateValues } from "../../../ui/types.js";
import type { StoredSegment } from "../repository.js";
import { segmentTitle, typedIndustry, type SegmentRef } from "./segments.js";

export interface SegmentModalMeta {
  ref: SegmentRef;
  look: Look;
  /** the segment's version the form showed (null: it did not exist yet) */
  version: number | null;
  channelId?: string;
}

const TEXT_MAX = 3000;

function select(blockId: string, label: string, options: PlainTextOption[], current: string | null): InputBlock {
  const initial = options.find((o) => o.value === (current ?? UNKNOWN_OPTION));
  return {
    type: "input",
    block_id: blockId,
    optional: true,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element: {
      type: "static_select",
      action_id: INPUT_ACTION_ID,
      options,
      ...(initial ? { initial_option: initial } : {}),
    },
  };
}

function text(blockId: string, label: string, current: string | null, multiline: boolean): InputBlock {
  return {
    type: "input",
    block_id: blockId,
    optional: true,
    label: plain(label, SLACK_LIMITS.inputLabel),
    element: {
      type: "plain_text_input",
      action_id: INPUT_ACTION_ID,
      max_length: TEXT_MAX,
      ...(multiline ? { multiline: true } : {}),
      ...(current ? { initial_value: truncate(current, TEXT_MAX) } : {}),
    },
  };
}

const unknownOption = (locale: Locale) => option(t(locale, "common.unknown_option"), UNKNOWN_OPTION);

function inputFor(locale: Locale, field: SegmentField, s: StoredSegment | null): InputBlock {
  const label = t(locale, `segment.field.${field}`);
  switch (field) {
    case "industry_outlook":
      return select(
        field,
        label,
        [unknownOption(locale), ...INDUSTRY_OUTLOOKS.map((o) => option(name(locale, "industryOutlook", o), o))],
        s?.industry_outlook ?? null,
      );
    case "competition_intensity":
      return select(
        field,
        label,
        [unknownOption(locale), ...COMPETITION_INTENSITIES.map((o) => option(t(locale, `segment.intensity.${o}`), o))],
        s?.competition_intensity ?? null,
      );
    case "chosen":
      return select(
        field,
        label,
        [
          unknownOption(locale),
          option(t(locale, "segment.chosen.true"), "true"),
          option(t(locale, "segment.chosen.false"), "false"),
        ],
        s?.chosen === null || s?.chosen === undefined ? null : String(s.chosen),
      );
    case "market_wallet":
    case "revenue_target": {
      const v = s?.[field] ?? null;
      return text(field, label, v === null ? null : formatYuanPlain(v), false);
    }
    case "market_accounts":
      return text(field, label, s?.market_accounts == null ? null : String(s.market_accounts), false);
    case "competitors":
    case "opportunity_refs":
      return text(field, label, s?.[field].join("、") || null, false);
    case "solution_fit":
      return text(field, label, s?.solution_fit.map((l) => `${l.line}=${l.fit}`).join("\n") || null, true);
    default:
      return text(field, label, s?.[field] ?? null, true);
  }
}

export function segmentModal(locale: Locale, meta: SegmentModalMeta, segment: StoredSegment | null): ModalView {
  const title = t(locale, `segment.look.${meta.look}`);
  return {
    type: "modal",
    callback_id: CALLBACK_IDS.segment,
    private_metadata: JSON.stringify(meta),
    title: plain(title, SLACK_LIMITS.modalTitle),
    submit: plain(t(locale, "modal.submit"), SLACK_LIMITS.modalButton),
    close: plain(t(locale, "modal.cancel"), SLACK_LIMITS.modalButton),
    blocks: [
      {
        type: "context",
        elements: [
          { type: "mrkdwn", text: segmentTitle(locale, { ...meta.ref, industry: meta.ref.industry as never }) },
        ],
      },
      ...LOOKS[meta.look].map((f) => inputFor(locale, f, segment)),
    ],
  };
}

export function parseSegmentModalMeta(text: string | undefined): SegmentModalMeta | null {
  try {
    const v = JSON.parse(text ?? "") as Partial<SegmentModalMeta>;
    const r = v.ref;
    if (
      r &&
      typeof r.team === "string" &&
      typeof r.industry === "string" &&
      typeof r.region_code === "string" &&
      typeof r.year === "number" &&
      typeof v.look === "string" &&
      v.look in LOOKS
    )
      return {
        ref: r,
        look: v.look,
        version: typeof v.version === "number" ? v.version : null,
        ...(typeof v.channelId === "string" ? { channelId: v.channelId } : {}),
      };
  } catch {
    // not ours
  }
  return null;
}

const LABELLED = [...SEGMENT_FIELDS, "industry", "region_code", "year"] as const;

/** A refused value as the user reads it: the field's name, the value, what is allowed. */
export function issueText(locale: Locale, issue: SegmentIssue): string {
  const known = (LABELLED as readonly string[]).includes(issue.field);
  return t(locale, `segment.issue.${issue.code}`, {
    field: known ? t(locale, `segment.field.${issue.field as (typeof LABELLED)[number]}`) : issue.field,
    value: issue.value,
    allowed: INDUSTRIES.map((c) => typedIndustry(locale, c)).join(locale === "zh-CN" ? "、" : ", "),
  });
}

const LIST_SPLIT = /[、,，;；\n]+/u;

/** Text as a rep types a look → typed fields, or every bad one named (in the user's language). */
export function readSegmentText(
  look: Look,
  values: ViewStateValues,
  locale: Locale,
): { ok: true; fields: Record<string, unknown> } | { ok: false; errors: Record<string, string> } {
  const fields: Record<string, unknown> = {};
  const issues: SegmentIssue[] = [];
  for (const field of LOOKS[look]) {
    const el = values[field]?.[INPUT_ACTION_ID];
    const picked = el?.selected_option?.value;
    const raw = (el?.value ?? "").trim();
    switch (field) {
      case "industry_outlook":
      case "competition_intensity":
        fields[field] = !picked || picked === UNKNOWN_OPTION ? null : picked;
        break;
      case "chosen":
        fields[field] = !picked || picked === UNKNOWN_OPTION ? null : picked === "true";
        break;
      case "market_wallet":
      case "revenue_target": {
        if (raw === "") fields[field] = null;
        else {
          const m = parseMoney(raw);
          if (m.ok) fields[field] = m.value;
          else issues.push({ field, code: "not_money", value: raw });
        }
        break;
      }
      case "market_accounts": {
        const n = Number(raw.replace(/[,，]/g, ""));
        if (raw === "") fields[field] = null;
        else if (Number.isSafeInteger(n) && n >= 1) fields[field] = n;
        else issues.push({ field, code: "not_count", value: raw });
        break;
      }
      case "competitors":
      case "opportunity_refs":
        fields[field] = raw
          .split(LIST_SPLIT)
          .map((x) => x.trim())
          .filter((x) => x !== "");
        break;
      case "solution_fit": {
        const lines: { line: string; fit: number }[] = [];
        for (const l of raw
          .split(/\n+/)
          .map((x) => x.trim())
          .filter((x) => x !== "")) {
          const m = /^(.+?)\s*[=＝:：]\s*(\S+)$/u.exec(l);
          const fit = m ? Number(m[2]) : Number.NaN;
          if (!m || !Number.isInteger(fit) || fit < 0 || fit > 3) issues.push({ field, code: "fit_range", value: l });
          else lines.push({ line: (m[1] ?? "").trim(), fit });
        }
        fields[field] = lines;
        break;
      }
      default:
        fields[field] = raw === "" ? null : raw;
    }
  }
  issues.push(...checkSegmentPatch(fields).issues);
  if (issues.length === 0) return { ok: true, fields };
  const errors: Record<string, string> = {};
  for (const i of issues) errors[i.field] = errors[i.field] ?? issueText(locale, i);
  return { ok: false, errors };
}
