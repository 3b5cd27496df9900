// The four forms on an account card (facts, contact, opportunity, note): building them from the account and
// handling a valid submission. Slack shows them as modals, the console as prompts; the logic is here once.
import type { View } from "@slack/types";
import { formatMoney, name, t, type Locale } from "../i18n/index.js";
import { updateFacts, viewAccount, type AccountView } from "../services/accounts.js";
import { addNote, saveContact, saveOpportunity } from "../services/entities.js";
import { resolveScope } from "../services/scope.js";
import {
  CALLBACK_IDS, contactModal, factsModal, noteModal, noteSavedMessage, opportunityModal, parseContactSubmission,
  parseFactsSubmission, parseNoteSubmission, parseOpportunitySubmission,
} from "../slack/blocks/index.js";
import type { AccountFactValues, ModalMetadata, SlackMessage, SubmissionResult, ViewStateValues } from "../slack/blocks/index.js";
import { withNoteProposal } from "../assistant/note-hook.js";
import type { CommandEnv } from "./run.js";
import { cardMessage, esc, textMessage } from "./views.js";

export type FormKind = "facts" | "contact" | "opportunity" | "note";

export const FORM_OF_CALLBACK: Readonly<Record<string, FormKind>> = {
  [CALLBACK_IDS.facts]: "facts", [CALLBACK_IDS.contact]: "contact",
  [CALLBACK_IDS.opportunity]: "opportunity", [CALLBACK_IDS.note]: "note",
};

export function buildForm(kind: FormKind, view: AccountView, locale: Locale): View {
  const f = view.aggregate.facts;
  const base = { accountId: f.id, accountName: f.name ?? f.id, locale };
  switch (kind) {
    case "facts": {
      const facts: Partial<AccountFactValues> = {
        customer_type: f.customer_type ?? null, admin_level: f.admin_level ?? null, industry: f.industry ?? null,
        region_code: f.region_code ?? null, uscc: f.uscc ?? null, is_existing_customer: f.is_existing_customer ?? null,
        revenue_ttm: f.revenue_ttm ?? null, gross_margin_pct: f.gross_margin_pct ?? null, relationship_years: f.relationship_years ?? null,
        wallet_annual: f.wallet_annual ?? null, industry_outlook: f.industry_outlook ?? null, market_position: f.market_position ?? null,
        development_trend: f.development_trend ?? null, budget_status: f.budget_status ?? null, segment_match: f.segment_match ?? null,
        reference_value: f.reference_value ?? null, incumbent: f.incumbent ?? null, retention_rate: f.retention_rate ?? null,
        discount_rate: f.discount_rate ?? null,
      };
      return factsModal({ ...base, facts });
    }
    case "contact": return contactModal(base);
    case "opportunity": return opportunityModal(base);
    case "note": return noteModal(base);
  }
}

/** Opens a form for an account the user may see (throws not_found otherwise). */
export async function formFor(env: CommandEnv, kind: FormKind, accountId: string): Promise<View> {
  const view = await viewAccount(env.deps, await resolveScope(env.deps, env.actor), accountId);
  return buildForm(kind, view, env.locale);
}

/** Field-level validation of a submitted form, in the user's language (no writes). */
export function validateForm(kind: FormKind, values: ViewStateValues, locale: Locale): SubmissionResult<unknown> {
  switch (kind) {
    case "facts": return parseFactsSubmission(values, locale);
    case "contact": return parseContactSubmission(values, locale);
    case "opportunity": return parseOpportunitySubmission(values, locale);
    case "note": return parseNoteSubmission(values, locale);
  }
}

/** Writes a valid submission (audited, re-scored) and returns the confirmation to show. */
export async function submitForm(env: CommandEnv, kind: FormKind, meta: ModalMetadata, values: ViewStateValues): Promise<SlackMessage> {
  const scope = await resolveScope(env.deps, env.actor);
  const { deps, actor, locale } = env;
  const accountName = async () => esc((await viewAccount(deps, scope, meta.accountId)).aggregate.facts.name ?? meta.accountId);
  switch (kind) {
    case "facts": {
      const r = parseFactsSubmission(values, locale);
      if (!r.ok) return textMessage(Object.values(r.errors).join("\n"));
      await updateFacts(deps, actor, scope, meta.accountId, r.value);
      return cardMessage(await viewAccount(deps, scope, meta.accountId), locale);
    }
    case "contact": {
      const r = parseContactSubmission(values, locale);
      if (!r.ok) return textMessage(Object.values(r.errors).join("\n"));
      await saveContact(deps, actor, scope, meta.accountId, r.value, meta.contactId);
      return textMessage(t(locale, "reply.saved.contact", { name: esc(r.value.name), account: await accountName() }));
    }
    case "opportunity": {
      const r = parseOpportunitySubmission(values, locale);
      if (!r.ok) return textMessage(Object.values(r.errors).join("\n"));
      await saveOpportunity(deps, actor, scope, meta.accountId, r.value, meta.opportunityId);
      return textMessage(t(locale, "reply.saved.opportunity", {
        name: esc(r.value.name), account: await accountName(),
        stage: name(locale, "stage", r.value.stage), amount: formatMoney(locale, r.value.amount),
      }));
    }
    case "note": {
      const r = parseNoteSubmission(values, locale);
      if (!r.ok) return textMessage(Object.values(r.errors).join("\n"));
      const saved = await addNote(deps, actor, scope, meta.accountId, r.value.note);
      const accountName = (await viewAccount(deps, scope, meta.accountId)).aggregate.facts.name ?? meta.accountId;
      // The assistant reads the saved note into a proposal (Confirm writes it; without a key it says how to enable it).
      return withNoteProposal(env, { id: meta.accountId, name: accountName }, saved.id, r.value.note, noteSavedMessage({ accountName, note: r.value.note, locale }));
    }
  }
}
