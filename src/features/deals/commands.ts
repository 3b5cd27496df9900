// `/kvalue deal <account or deal> [stage=…] [amount=…] [close=…] [reason=…]`, and what the deal menu and the deal
// forms run (Slack listeners call these; the console reaches the same through the command). Registered in
// src/commands/handlers.ts.
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { errorMessage } from "../../commands/reply.js";
import { CLOSE_REASONS } from "../../core/enums.js";
import { name, t } from "../../i18n/index.js";
import { esc, textMessage } from "../../ui/text.js";
import { INPUT_ACTION_ID } from "../../ui/ids.js";
import type { SlackMessage, ViewStateValues } from "../../ui/types.js";
import { accountChoicesMessage } from "../accounts/ui/pick.js";
import { resolveScope } from "../teams/scope.js";
import {
  advanceDeal,
  changeDeal,
  lookupDeal,
  parseCloseReason,
  parseDealAssignments,
  parseIsoDate,
  visibleDeal,
  type Deal,
  type DealFieldError,
  type DealPatch,
  type DealUpdate,
} from "./service.js";
import { dealChoicesMessage, dealMessage, dealUpdatedMessage, type DealLineData } from "./ui/deal.js";

export const dealCommands = {
  deal: async (env, command) => {
    const { locale } = env;
    const scope = await resolveScope(env.deps, env.actor);
    const { patch, errors } = parseDealAssignments(command.assignments);
    if (errors.length > 0) return fieldErrors(env, errors);
    const found = await lookupDeal(env.deps, scope, command.deal);
    const pending = command.assignments.map((a) => `${a.field}=${a.value}`).join(" ");
    switch (found.kind) {
      case "found":
        return command.assignments.length === 0
          ? dealMessage(locale, lineOf(found.deal))
          : updated(env, await changeDeal(env.deps, env.actor, scope, found.deal.id, patch));
      case "choices":
        return dealChoicesMessage(locale, found.query, found.deals.map(lineOf), found.total, pending);
      case "accounts":
        return accountChoicesMessage({
          query: found.query,
          locale,
          total: found.total,
          matches: found.matches.map((m) => ({ id: m.id, name: m.name, industry: null, ownerUserId: m.ownerUserId })),
        });
      case "no_open_deal":
        return textMessage(t(locale, "deal.no_open_deal", { account: esc(found.account.name) }));
      case "none":
        return textMessage(t(locale, "deal.none", { query: esc(found.query) }));
    }
  },
} satisfies FeatureCommands<"deal">;

export const lineOf = (d: Deal): DealLineData => ({
  id: d.id,
  name: d.name,
  stage: d.stage,
  amount: d.amount,
  expectedCloseDate: d.expectedCloseDate,
  accountName: d.accountName,
});

function fieldErrors(env: CommandEnv, errors: DealFieldError[]): SlackMessage {
  const { locale } = env;
  const reasons = CLOSE_REASONS.map((r) => `${r} ${name(locale, "closeReason", r)}`).join(" · ");
  const detail = errors
    .map((e) => {
      const value = esc(e.value);
      switch (e.code) {
        case "unknown_field":
          return t(locale, "deal.error.unknown_field", { field: esc(e.field) });
        case "bad_reason":
          return t(locale, "deal.error.bad_reason", { value, reasons });
        default:
          return t(locale, `deal.error.${e.code}`, { value });
      }
    })
    .join(t(locale, "reply.list_separator"));
  return textMessage(`${t(locale, "reply.invalid", { detail })}\n${t(locale, "reply.usage.deal")}`);
}

export function updated(env: CommandEnv, u: DealUpdate): SlackMessage {
  return dealUpdatedMessage(env.locale, {
    deal: lineOf(u.deal),
    changes: u.changed.map((f) => ({ field: f, before: u.before[f], after: u.after[f] })),
    score: {
      vBefore: u.scoreBefore.scores.V,
      vAfter: u.scoreAfter.scores.V,
      qBefore: u.scoreBefore.quadrant,
      qAfter: u.scoreAfter.quadrant,
      pBefore: u.scoreBefore.provisional,
      pAfter: u.scoreAfter.provisional,
    },
  });
}

/** A deal picked from several (its button carries the `field=value` pairs typed with the command). */
export async function pickDeal(env: CommandEnv, value: string): Promise<SlackMessage> {
  try {
    const [dealId = "", pending = ""] = value.split("\n");
    const scope = await resolveScope(env.deps, env.actor);
    const pairs = pending
      .split(/\s+/)
      .filter((p) => p.includes("="))
      .map((p) => {
        const [field = "", ...v] = p.split("=");
        return { field, value: v.join("=") };
      });
    const { patch, errors } = parseDealAssignments(pairs);
    if (errors.length > 0) return fieldErrors(env, errors);
    if (pairs.length === 0) return dealMessage(env.locale, lineOf(await visibleDeal(env.deps, scope, dealId)));
    return updated(env, await changeDeal(env.deps, env.actor, scope, dealId, patch));
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** The one-click items of the deal menu: advance to the next stage, or won. */
export async function dealMenuAction(
  env: CommandEnv,
  action: "advance" | "won",
  dealId: string,
): Promise<SlackMessage> {
  try {
    const scope = await resolveScope(env.deps, env.actor);
    const u =
      action === "advance"
        ? await advanceDeal(env.deps, env.actor, scope, dealId)
        : await changeDeal(env.deps, env.actor, scope, dealId, { stage: "W" });
    return updated(env, u);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

export type DealFormKind = "lost" | "close_date";
/** The input block of each deal form (its block_id). */
export const DEAL_FORM_BLOCK: Record<DealFormKind, string> = { lost: "reason", close_date: "close" };

/** A deal form's values (as Slack sends them, or as the console collects them) → the change; null when the one
 *  choice is missing or not one of the offered ones. */
export function readDealForm(kind: DealFormKind, values: ViewStateValues): DealPatch | null {
  const input = values[DEAL_FORM_BLOCK[kind]]?.[INPUT_ACTION_ID];
  if (kind === "lost") {
    const reason = parseCloseReason(input?.selected_option?.value ?? "");
    return reason ? { stage: "L", close_reason: reason } : null;
  }
  const date = parseIsoDate(input?.selected_date ?? "");
  return date ? { expected_close_date: date } : null;
}

/** The deal forms' submissions: lost with a reason, or a new close date. */
export async function submitDealForm(env: CommandEnv, dealId: string, patch: DealPatch): Promise<SlackMessage> {
  try {
    const scope = await resolveScope(env.deps, env.actor);
    return updated(env, await changeDeal(env.deps, env.actor, scope, dealId, patch));
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** The deal a form is about, visible to the user (the menu's lost… and change close date… open these). */
export async function dealForForm(env: CommandEnv, dealId: string): Promise<DealLineData> {
  return lineOf(await visibleDeal(env.deps, await resolveScope(env.deps, env.actor), dealId));
}
