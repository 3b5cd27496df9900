// `/kvalue <account>`, `new`, `set`, `matrix`, `top`, and the account buttons of a reply (pick one of several
// matches, create the one offered). Registered in src/commands/handlers.ts.
import { INDUSTRIES } from "../../core/index.js";
import { t, type Locale } from "../../i18n/index.js";
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { errorMessage } from "../../commands/reply.js";
import { esc, textMessage } from "../../ui/text.js";
import type { SlackMessage } from "../../ui/types.js";
import { scopeOf, type Scope } from "../teams/scope.js";
import { teamPortfolio, topAccounts } from "./portfolio.js";
import {
  createAccount,
  lookupAccount,
  fieldErrorName,
  parseAssignments,
  updateFacts,
  viewAccount,
  type LookupResult,
} from "./service.js";
import { factUpdateSummary } from "./update-summary.js";
import { fieldsMessage } from "./ui/fields.js";
import { accountChoicesMessage, createAccountPromptMessage, decodePendingSet, unknownTextMessage } from "./ui/pick.js";
import { classifyUnknown } from "../../commands/parse.js";
import { cellErrorText } from "../import-export/cells.js";
import { assistantFor } from "../assistant/setup.js";
import { myWeek } from "./mine.js";
import { cardMessage, matrixMessage, mineReply, topMessage } from "./views.js";
import { accountHistory, undoChange } from "./history.js";
import { historyMessage, undoMessage } from "./ui/history.js";

const here = (env: CommandEnv) => (env.channelId ? { channelId: env.channelId } : {});

export const accountCommands = {
  fields: async (env) => fieldsMessage(env.locale),
  card: async (env, command) => showLookup(env, await scopeOf(env), command.account),
  new: async (env, command) => {
    const scope = await scopeOf(env);
    const created = await createAccount(env.deps, env.actor, scope, { name: command.name, ...here(env) });
    return cardMessage(await viewAccount(env.deps, scope, created.id), env.locale, env.deps.caches);
  },
  set: async (env, command) => setFacts(env, await scopeOf(env), command.account, command.assignments),
  matrix: async (env, command) => {
    const p = await teamPortfolio(env.deps, await scopeOf(env), {
      team: command.team,
      ...here(env),
    });
    return matrixMessage(p.team.name, p.asOf, p.entries, env.locale, p.model);
  },
  top: async (env, command) => {
    const top = await topAccounts(env.deps, await scopeOf(env), command.n);
    return topMessage(command.n, top.entries, env.locale, top.total);
  },
  mine: async (env) => mineReply(await myWeek(env.deps, await scopeOf(env)), env.locale),
  history: async (env, command) => {
    const scope = await scopeOf(env);
    const found = await lookupAccount(env.deps, scope, command.account);
    if (found.kind === "choices") return choicesMessage(found, env.locale, undefined, true);
    if (found.kind === "none") return textMessage(t(env.locale, "history.none", { query: esc(found.query) }));
    return historyReply(env, scope, found.account.id);
  },
} satisfies FeatureCommands<"fields" | "card" | "new" | "set" | "matrix" | "top" | "mine" | "history">;

async function historyReply(env: CommandEnv, scope: Scope, accountId: string): Promise<SlackMessage> {
  const h = await accountHistory(env.deps, scope, accountId);
  return historyMessage({ locale: env.locale, account: h.account, entries: h.entries, more: h.more });
}

/** The history of an account picked from several (choices button). */
export async function showHistory(env: CommandEnv, accountId: string): Promise<SlackMessage> {
  try {
    return await historyReply(env, await scopeOf(env), accountId);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** Undo on a history entry (the value is the change's id); the service re-checks who may and whether it still can. */
export async function undoFromHistory(env: CommandEnv, changeId: string): Promise<SlackMessage> {
  try {
    const scope = await scopeOf(env);
    return undoMessage(env.locale, await undoChange(env.deps, env.actor, scope, changeId));
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** The card of an account the user picked (choices button). */
export async function showAccount(env: CommandEnv, accountId: string): Promise<SlackMessage> {
  try {
    const scope = await scopeOf(env);
    return cardMessage(await viewAccount(env.deps, scope, accountId), env.locale, env.deps.caches);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** Creates the account offered by the "create it" button and shows its card. */
export async function createAndShow(env: CommandEnv, accountName: string): Promise<SlackMessage> {
  try {
    const scope = await scopeOf(env);
    const created = await createAccount(env.deps, env.actor, scope, { name: accountName, ...here(env) });
    return cardMessage(await viewAccount(env.deps, scope, created.id), env.locale, env.deps.caches);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

async function showLookup(env: CommandEnv, scope: Scope, query: string): Promise<SlackMessage> {
  const found = await lookupAccount(env.deps, scope, query);
  // A bare number is a mistyped command unless an account is called exactly that: the fuzzy match (五 = 5, pinyin)
  // would otherwise open some account that merely contains the digit.
  if (/^\d+$/.test(query.trim()) && !(found.kind === "found" && found.account.name === query.trim()))
    return noAccountMessage(env, query);
  switch (found.kind) {
    case "found":
      return cardMessage(
        await viewAccount(env.deps, scope, found.account.id, found.account),
        env.locale,
        env.deps.caches,
      );
    case "choices":
      return choicesMessage(found, env.locale);
    case "none":
      return noAccountMessage(env, query);
  }
}

/** No account matches: offer to create one only when the text looks like a name. */
function noAccountMessage(env: CommandEnv, query: string): SlackMessage {
  const what = classifyUnknown(query);
  const { locale } = env;
  switch (what.kind) {
    case "name":
      return createAccountPromptMessage({ name: query, locale });
    case "question":
    case "note":
      return unknownTextMessage({
        text: query,
        locale,
        what: { kind: what.kind, modelConfigured: assistantFor(env.deps).llm !== null },
      });
    default:
      return unknownTextMessage({ text: query, locale, what });
  }
}

function choicesMessage(
  found: Extract<LookupResult, { kind: "choices" }>,
  locale: Locale,
  pendingSet?: { field: string; value: string }[],
  forHistory?: boolean,
): SlackMessage {
  return accountChoicesMessage({
    query: found.query,
    locale,
    ...(pendingSet ? { pendingSet } : {}),
    ...(forHistory ? { forHistory } : {}),
    total: found.total,
    matches: found.matches.map((m) => ({
      id: m.id,
      name: m.name,
      industry: INDUSTRIES.find((i) => i === m.industry) ?? null,
      ownerUserId: m.ownerUserId,
    })),
  });
}

async function setFacts(
  env: CommandEnv,
  scope: Scope,
  query: string,
  assignments: { field: string; value: string }[],
): Promise<SlackMessage> {
  const { locale } = env;
  // Check the values first: a picker for an update that cannot be written would only delay the error.
  const { patch, errors } = parseAssignments(assignments, { matrix: true });
  if (errors.length) return assignmentErrors(locale, errors);
  const found = await lookupAccount(env.deps, scope, query);
  if (found.kind === "choices") return choicesMessage(found, locale, assignments);
  if (found.kind === "none") return createAccountPromptMessage({ name: query, locale });
  return applyPatch(env, scope, found.account.id, patch);
}

/** "Update this one" on the picker of an ambiguous `set`: applies the update the button carries. */
export async function pickAndSet(env: CommandEnv, value: string): Promise<SlackMessage> {
  const pending = decodePendingSet(value);
  if (!pending) return textMessage(t(env.locale, "choices.bad_pending"));
  try {
    const scope = await scopeOf(env);
    const { patch, errors } = parseAssignments(pending.assignments, { matrix: true });
    if (errors.length) return assignmentErrors(env.locale, errors);
    return await applyPatch(env, scope, pending.accountId, patch);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

function assignmentErrors(locale: Locale, errors: ReturnType<typeof parseAssignments>["errors"]): SlackMessage {
  // A field set twice (`revenue_ttm=1 近12月收入=2` too) is said alone: no value of it is the one to check.
  const twice = errors.find((e) => e.code === "given_twice");
  if (twice) return textMessage(t(locale, "reply.duplicate_field", { field: esc(fieldErrorName(twice)) }));
  const detail = errors
    .map((e) =>
      t(locale, "reply.field_error", {
        field: esc(e.field),
        message:
          e.code === "invalid"
            ? esc(cellErrorText(locale, e.cell))
            : e.code === "unknown_field" && e.hint
              ? t(locale, "reply.unknown_field_hint", { hint: esc(e.hint) })
              : t(locale, "reply.unknown_field"),
      }),
    )
    .join(t(locale, "reply.list_separator"));
  return textMessage(t(locale, "reply.invalid", { detail }));
}

async function applyPatch(
  env: CommandEnv,
  scope: Scope,
  accountId: string,
  patch: ReturnType<typeof parseAssignments>["patch"],
): Promise<SlackMessage> {
  return textMessage(factUpdateSummary(env.locale, await updateFacts(env.deps, env.actor, scope, accountId, patch)));
}
