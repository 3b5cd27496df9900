// The four forms on an account card (facts, contact, opportunity, note): building them from the account and
// handling a valid submission. Slack shows them as modals, the console as prompts; the logic is here once.
import type { View } from "@slack/types";
import { formatMoney, name, t, type Locale } from "../../i18n/index.js";
import { updateFacts, viewAccount, type AccountView } from "./service.js";
import { addNote, saveContact, saveOpportunity } from "./entities.js";
import { resolveScope } from "../teams/scope.js";
import { CALLBACK_IDS } from "../../ui/ids.js";
import { contactModal, factsModal, noteModal, opportunityModal } from "./ui/modals.js";
import { noteSavedMessage } from "./ui/note.js";
import {
  parseContactSubmission,
  parseFactsSubmission,
  parseNoteSubmission,
  parseOpportunitySubmission,
} from "./ui/submissions.js";
import type {
  AccountFactValues,
  ContactValues,
  ModalMetadata,
  NoteValues,
  OpportunityValues,
  SlackMessage,
  SubmissionResult,
  ViewStateValues,
} from "../../ui/types.js";
import { withNoteProposal } from "../assistant/note-hook.js";
import type { CommandEnv } from "../../commands/registry.js";
import { esc, textMessage } from "../../ui/text.js";
import { cardMessage } from "./views.js";
import { factUpdateSummary } from "./update-summary.js";
import { divider, section } from "../../ui/blocks.js";
import { fitBlocks } from "../../ui/limits.js";

export type FormKind = "facts" | "contact" | "opportunity" | "note";

export const FORM_OF_CALLBACK: Readonly<Record<string, FormKind>> = {
  [CALLBACK_IDS.facts]: "facts",
  [CALLBACK_IDS.contact]: "contact",
  [CALLBACK_IDS.opportunity]: "opportunity",
  [CALLBACK_IDS.note]: "note",
};

export function buildForm(kind: FormKind, view: AccountView, locale: Locale): View {
  const f = view.aggregate.facts;
  const base = { accountId: f.id, accountName: f.name ?? f.id, locale };
  switch (kind) {
    case "facts": {
      const facts: Partial<AccountFactValues> = {
        customer_type: f.customer_type ?? null,
        admin_level: f.admin_level ?? null,
        industry: f.industry ?? null,
        region_code: f.region_code ?? null,
        uscc: f.uscc ?? null,
        is_existing_customer: f.is_existing_customer ?? null,
        revenue_ttm: f.revenue_ttm ?? null,
        gross_margin_pct: f.gross_margin_pct ?? null,
        relationship_years: f.relationship_years ?? null,
        wallet_annual: f.wallet_annual ?? null,
        industry_outlook: f.industry_outlook ?? null,
        market_position: f.market_position ?? null,
        development_trend: f.development_trend ?? null,
        budget_status: f.budget_status ?? null,
        segment_match: f.segment_match ?? null,
        reference_value: f.reference_value ?? null,
        incumbent: f.incumbent ?? null,
        retention_rate: f.retention_rate ?? null,
        discount_rate: f.discount_rate ?? null,
      };
      return factsModal({ ...base, facts });
    }
    case "contact":
      return contactModal(base);
    case "opportunity":
      return opportunityModal(base);
    case "note":
      return noteModal(base);
  }
}

/** Opens a form for an account the user may see (throws not_found otherwise). */
export async function formFor(env: CommandEnv, kind: FormKind, accountId: string): Promise<View> {
  const view = await viewAccount(env.deps, await resolveScope(env.deps, env.actor), accountId);
  return buildForm(kind, view, env.locale);
}

/** A validated form: which one, and its typed values. */
export type ValidForm =
  | { kind: "facts"; value: AccountFactValues }
  | { kind: "contact"; value: ContactValues }
  | { kind: "opportunity"; value: OpportunityValues }
  | { kind: "note"; value: NoteValues };

const valid = <K extends FormKind, T>(kind: K, r: SubmissionResult<T>) =>
  r.ok ? { ok: true as const, form: { kind, value: r.value } } : { ok: false as const, errors: r.errors };

/** Field-level validation of a submitted form, in the user's language (no writes). */
export function validateForm(
  kind: FormKind,
  values: ViewStateValues,
  locale: Locale,
): { ok: true; form: ValidForm } | { ok: false; errors: Record<string, string> } {
  switch (kind) {
    case "facts":
      return valid(kind, parseFactsSubmission(values, locale));
    case "contact":
      return valid(kind, parseContactSubmission(values, locale));
    case "opportunity":
      return valid(kind, parseOpportunitySubmission(values, locale));
    case "note":
      return valid(kind, parseNoteSubmission(values, locale));
  }
}

/** Writes a validated form (audited, re-scored) and returns the confirmation to show. */
export async function submitForm(env: CommandEnv, meta: ModalMetadata, form: ValidForm): Promise<SlackMessage> {
  const scope = await resolveScope(env.deps, env.actor);
  const { deps, actor, locale } = env;
  const accountName = async () =>
    (await viewAccount(deps, scope, meta.accountId)).aggregate.facts.name ?? meta.accountId;
  switch (form.kind) {
    case "facts": {
      // What changed and the score before and after (as `set` says it), then the updated card.
      const summary = factUpdateSummary(locale, await updateFacts(deps, actor, scope, meta.accountId, form.value));
      const card = cardMessage(await viewAccount(deps, scope, meta.accountId), locale, deps.caches);
      const blocks = [section(summary), divider(), ...card.blocks];
      const buttons = blocks.length - 1 - blocks.findLastIndex((b) => b.type !== "actions");
      const more = (n: number) => t(locale, "common.omitted_sections", { n });
      return { ...card, text: summary, blocks: fitBlocks(blocks, { surface: "message", more, keepTail: buttons }) };
    }
    case "contact":
      await saveContact(deps, actor, scope, meta.accountId, form.value, meta.contactId);
      return textMessage(
        t(locale, "reply.saved.contact", { name: esc(form.value.name), account: esc(await accountName()) }),
      );
    case "opportunity":
      await saveOpportunity(deps, actor, scope, meta.accountId, form.value, meta.opportunityId);
      return textMessage(
        t(locale, "reply.saved.opportunity", {
          name: esc(form.value.name),
          account: esc(await accountName()),
          stage: name(locale, "stage", form.value.stage),
          amount: formatMoney(locale, form.value.amount),
        }),
      );
    case "note": {
      const note = form.value.note;
      const saved = await addNote(deps, actor, scope, meta.accountId, note);
      const account = await accountName();
      // The assistant reads the saved note into a proposal (Confirm writes it; without a key it says how to enable it).
      return withNoteProposal(
        env,
        { id: meta.accountId, name: account },
        saved.id,
        note,
        noteSavedMessage({ accountName: account, note, locale }),
      );
    }
  }
}
