// The import record: one account as a CRM export or a §10.1 JSON file brings it, with everything the store
// keeps beside the scored facts (aliases, owners, the 价值客户矩阵管理表 columns of METHOD §4.4, full
// opportunity records with their stage history). It extends the core's §10 schemas, so an ImportAccount is
// also a valid `AccountFacts` for `assess`.
//
// Unknown keys are errors (strict objects): a misspelt field in a file must not vanish silently.
// Absent and null differ, as in §10: absent = the file says nothing (keep what the store has), null = unknown.
// Uniqueness is checked by parseImportFile, which sees the whole file: account ids and names in the file, the ids of
// needs, contacts and opportunities within their account (one rule for all three).
import { inEach, t, type Localized } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import { z } from "zod";
import { CLOSE_REASONS, LEAD_TEMPERATURES, PROCUREMENT_METHODS, PROJECT_TYPES } from "../../core/enums.js";
import {
  accountSchema,
  contactSchema,
  isoDate,
  money,
  needSchema,
  opportunityHistorySchema,
  stageEntrySchema,
} from "../../core/facts.js";
import { isOpen } from "../../core/rates.js";

/** How often the account team visits (METHOD §4.3 cadences: monthly for P2, quarterly for P3, …). */
export const VISIT_CADENCES = ["weekly", "biweekly", "monthly", "quarterly", "semiannual", "annual"] as const;
export type VisitCadence = (typeof VISIT_CADENCES)[number];

const unknown = <T extends z.ZodType>(t: T) => t.nullable().optional();
const person = unknown(z.string().min(1));

export const importNeedSchema = needSchema.strict();
export type ImportNeed = z.infer<typeof importNeedSchema>;

export const importContactSchema = contactSchema
  .extend({
    /** Miller Heiman personal "Win-Result" (§2.5). */
    win_result: unknown(z.string()),
  })
  .strict();
export type ImportContact = z.infer<typeof importContactSchema>;

// A CRM stores MEDDPICC as eight checkboxes, so a key the file leaves out is an unticked box (false), while a
// missing `meddpicc` object means the deal was never qualified at all (null).
const box = z.boolean().default(false);
export const meddpiccChecklistSchema = z.strictObject({
  metrics: box,
  economic_buyer: box,
  decision_criteria: box,
  decision_process: box,
  paper_process: box,
  identify_pain: box,
  champion: box,
  competition: box,
});
export type MeddpiccChecklist = z.infer<typeof meddpiccChecklistSchema>;

/** One (stage, entered_date, amount_at_entry) row; amount_at_entry may be unknown in old CRM histories. */
export const stageHistoryEntrySchema = stageEntrySchema.strict();
export type StageHistoryEntry = z.infer<typeof stageHistoryEntrySchema>;

// The core's history record (created_date, final_amount, stage_history), with the history optional: a deal
// exported without its history is still a deal.
/** A refinement's message in every language: English as the issue's message, both as params.said. */
function said(say: (locale: Locale) => string): { message: string; params: { said: Localized } } {
  const text = inEach(say);
  return { message: text.en, params: { said: text } };
}

export const importOpportunitySchema = opportunityHistorySchema
  .extend({
    closed_date: unknown(isoDate),
    /** The deal's owner in the CRM (the opportunities file's 负责人). */
    owner: person,
    source_detail: unknown(z.string()),
    project_type: unknown(z.enum(PROJECT_TYPES)),
    procurement_method: unknown(z.enum(PROCUREMENT_METHODS)),
    lead_temperature: unknown(z.enum(LEAD_TEMPERATURES)),
    meddpicc: unknown(meddpiccChecklistSchema),
    close_reason: unknown(z.enum(CLOSE_REASONS)),
    stage_history: unknown(z.array(stageHistoryEntrySchema)),
  })
  .strict()
  .superRefine((o, ctx) => {
    const closed = !isOpen(o.stage);
    if (o.closed_date != null && !closed) {
      ctx.addIssue({
        code: "custom",
        path: ["closed_date"],
        ...said((l) => t(l, "import.opp.closed_open", { stage: o.stage })),
      });
    }
    if (o.final_amount != null && o.stage !== "W") {
      ctx.addIssue({
        code: "custom",
        path: ["final_amount"],
        ...said((l) => t(l, "import.opp.final_not_won", { stage: o.stage })),
      });
    }
    if (o.close_reason != null && o.stage !== "L" && o.stage !== "A") {
      ctx.addIssue({
        code: "custom",
        path: ["close_reason"],
        ...said((l) => t(l, "import.opp.reason_not_lost", { stage: o.stage })),
      });
    }
    if (o.created_date != null && o.closed_date != null && o.closed_date < o.created_date) {
      ctx.addIssue({
        code: "custom",
        path: ["closed_date"],
        ...said((l) =>
          t(l, "import.opp.closed_before_created", { closed: String(o.closed_date), created: String(o.created_date) }),
        ),
      });
    }
    const h = o.stage_history;
    if (!h || h.length === 0) return;
    const first = h[0];
    if (first && !isOpen(first.stage)) {
      ctx.addIssue({
        code: "custom",
        path: ["stage_history", 0, "stage"],
        ...said((l) => t(l, "import.opp.history_start", { stage: first.stage })),
      });
    }
    h.forEach((e, i) => {
      const prev = h[i - 1];
      // Same-day moves are common (立项 and 方案交流 on one day), so equal dates are allowed.
      if (prev && e.entered_date < prev.entered_date) {
        ctx.addIssue({
          code: "custom",
          path: ["stage_history", i, "entered_date"],
          ...said((l) => t(l, "import.opp.history_order", { date: e.entered_date, prev: prev.entered_date })),
        });
      }
      if (i > 0 && i < h.length - 1 && !isOpen(e.stage)) {
        ctx.addIssue({
          code: "custom",
          path: ["stage_history", i, "stage"],
          ...said((l) => t(l, "import.opp.closed_not_last", { stage: e.stage })),
        });
      }
    });
    const last = h[h.length - 1];
    if (last && last.stage !== o.stage) {
      ctx.addIssue({
        code: "custom",
        path: ["stage_history", h.length - 1, "stage"],
        ...said((l) => t(l, "import.opp.last_mismatch", { last: last.stage, stage: o.stage })),
      });
    }
    if (last && closed && o.closed_date != null && last.entered_date !== o.closed_date) {
      ctx.addIssue({
        code: "custom",
        path: ["closed_date"],
        ...said((l) =>
          t(l, "import.opp.closed_date_mismatch", {
            closed: String(o.closed_date),
            stage: last.stage,
            date: last.entered_date,
          }),
        ),
      });
    }
  });
export type ImportOpportunity = z.infer<typeof importOpportunitySchema>;

export const importAccountSchema = accountSchema
  .extend({
    // The CRM's own id (客户编号): a re-import matches on it first, then on the name. Optional: a sheet kvalue
    // exported for an account made in Slack has none.
    id: unknown(z.string().trim().min(1)),
    // The store finds accounts by name (DESIGN: forgiving lookup), so an imported account must have one.
    name: z.string().trim().min(1, "name is required"),
    aliases: unknown(z.array(z.string().trim().min(1))),
    owner: person,
    owner_ar: person,
    owner_sr: person,
    owner_fr: person,
    executive_sponsor: person,
    visit_cadence: unknown(z.enum(VISIT_CADENCES)),
    revenue_target: unknown(money),
    last_review_date: unknown(isoDate),
    needs: unknown(z.array(importNeedSchema)),
    contacts: unknown(z.array(importContactSchema)),
    opportunities: unknown(z.array(importOpportunitySchema)),
  })
  .strict();
export type ImportAccount = z.infer<typeof importAccountSchema>;
/** A record that carries its CRM id, as the demo and JSON fixtures do: it is then also a core `AccountFacts`. */
export type KeyedImportAccount = ImportAccount & { id: string };
/** What a file may hold before defaults apply (meddpicc boxes, need `confirmed`). */
export type ImportAccountInput = z.input<typeof importAccountSchema>;

/** Every field name the import schemas know, for "did you mean …?" hints on unknown keys and columns. */
export const IMPORT_FIELD_NAMES: readonly string[] = [
  ...new Set([
    ...Object.keys(importAccountSchema.shape),
    ...Object.keys(importNeedSchema.shape),
    ...Object.keys(importContactSchema.shape),
    ...Object.keys(importOpportunitySchema.shape),
    ...Object.keys(meddpiccChecklistSchema.shape),
    ...Object.keys(stageHistoryEntrySchema.shape),
  ]),
].sort();
