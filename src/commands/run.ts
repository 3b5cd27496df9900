// One `/kvalue …` text → one reply message. The Slack listener and the local console both call `runCommand`,
// so a command behaves the same everywhere; only the rendering of the returned Block Kit differs.
import { INDUSTRIES, type Quadrant } from "../core/index.js";
import { formatMoney, formatScore, name, t, type Locale } from "../i18n/index.js";
import { accountChoicesMessage, createAccountPromptMessage } from "../features/accounts/ui/pick.js";
import { helpMessage } from "../ui/help.js";
import type { SlackMessage } from "../ui/types.js";
import { parseMoney } from "../i18n/money.js";
import { createAccount, lookupAccount, parseAssignments, updateFacts, viewAccount, type LookupResult } from "../features/accounts/service.js";
import type { ServiceDeps } from "../features/deps.js";
import { isServiceError } from "../features/errors.js";
import { setTarget, teamFunnel } from "../features/funnel/service.js";
import { teamPortfolio, topAccounts } from "../features/accounts/portfolio.js";
import { setLocalePref } from "../features/teams/prefs.js";
import { resolveScope, type Actor, type Scope } from "../features/teams/scope.js";
import { createTeam } from "../features/teams/service.js";
import { runDigestCommand } from "../features/digest/commands.js";
import { parseCommand, type Command, type CommandError } from "./parse.js";
import { cardMessage, esc, factLabel, factValueText, matrixMessage, teamFunnelMessage, textMessage, topMessage } from "../features/accounts/views.js";

/** What a surface knows about Slack channels (Slack: conversations.*; console: the demo channel). */
export interface ChannelDirectory {
  members(channelId: string): Promise<string[]>;
  name(channelId: string): Promise<string | null>;
}

export interface CommandEnv {
  deps: ServiceDeps;
  /** Verified by the surface (signed Slack request or the local console), never taken from the text. */
  actor: Actor;
  channelId?: string;
  locale: Locale;
  channels: ChannelDirectory;
}

export async function runCommand(env: CommandEnv, text: string): Promise<SlackMessage> {
  const command = parseCommand(text);
  if ("error" in command) return usageMessage(command, env.locale);
  try {
    return await execute(env, command);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

/** The card of an account the user picked (choices button) or just created. */
export async function accountCard(env: CommandEnv, accountId: string): Promise<SlackMessage> {
  try {
    const scope = await resolveScope(env.deps, env.actor);
    return cardMessage(await viewAccount(env.deps, scope, accountId), env.locale);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

export async function createAndShow(env: CommandEnv, accountName: string): Promise<SlackMessage> {
  try {
    const scope = await resolveScope(env.deps, env.actor);
    const created = await createAccount(env.deps, env.actor, scope, { name: accountName, ...(env.channelId ? { channelId: env.channelId } : {}) });
    return cardMessage(await viewAccount(env.deps, scope, created.id), env.locale);
  } catch (e) {
    return errorMessage(e, env.locale);
  }
}

async function execute(env: CommandEnv, command: Command): Promise<SlackMessage> {
  const { deps, locale } = env;
  const here = env.channelId ? { channelId: env.channelId } : {};
  switch (command.kind) {
    case "help":
      return helpMessage({ locale });
    case "lang": {
      await setLocalePref(deps, env.actor.workspaceId, env.actor.userId, command.locale === "auto" ? null : command.locale);
      const next: Locale = command.locale === "auto" ? locale : command.locale;
      return textMessage(t(next, command.locale === "auto" ? "reply.lang.auto" : "reply.lang.set"));
    }
    case "team-create": {
      // A team is a channel's members: a DM (D…) is nobody's team.
      if (!env.channelId || env.channelId.startsWith("D")) return textMessage(t(locale, "reply.usage.team"));
      const members = await env.channels.members(env.channelId);
      const channelName = command.name ?? (await env.channels.name(env.channelId)) ?? env.channelId;
      const { team, created } = await createTeam(deps, env.actor, { channelId: env.channelId, name: channelName, members });
      return textMessage(created
        ? t(locale, "reply.team.created", { name: esc(team.name), n: members.length })
        : t(locale, "reply.team.exists", { name: esc(team.name) }));
    }
    case "digest":
      return runDigestCommand(env, command);
    default:
      break;
  }

  const scope = await resolveScope(deps, env.actor);
  switch (command.kind) {
    case "card":
      return showLookup(env, scope, command.account);
    case "new": {
      const created = await createAccount(deps, env.actor, scope, { name: command.name, ...here });
      return cardMessage(await viewAccount(deps, scope, created.id), locale);
    }
    case "set":
      return setFacts(env, scope, command.account, command.assignments);
    case "matrix": {
      const p = await teamPortfolio(deps, scope, { team: command.team, ...here });
      return matrixMessage(p.team.name, p.asOf, p.entries, locale);
    }
    case "top": {
      const top = await topAccounts(deps, scope, command.n);
      return topMessage(command.n, top.entries, locale);
    }
    case "funnel":
      return teamFunnelMessage(await teamFunnel(deps, scope, { team: command.team, period: command.period, ...here }), locale);
    case "target": {
      const amount = parseMoney(command.amount);
      if (!amount.ok) return textMessage(t(locale, "reply.bad_number", { detail: esc(command.amount) }));
      const r = await setTarget(deps, env.actor, scope, { team: command.team, amount: amount.value, period: command.period });
      return textMessage(t(locale, "reply.target.set", { team: esc(r.team.name), period: r.period.key, amount: formatMoney(locale, r.amount) }));
    }
  }
}

async function showLookup(env: CommandEnv, scope: Scope, query: string): Promise<SlackMessage> {
  const found = await lookupAccount(env.deps, scope, query);
  switch (found.kind) {
    case "found":
      return cardMessage(await viewAccount(env.deps, scope, found.account.id, found.account), env.locale);
    case "choices":
      return choicesMessage(found, env.locale);
    case "none":
      return createAccountPromptMessage({ name: query, locale: env.locale });
  }
}

function choicesMessage(found: Extract<LookupResult, { kind: "choices" }>, locale: Locale): SlackMessage {
  return accountChoicesMessage({
    query: found.query, locale, total: found.total,
    matches: found.matches.map((m) => ({
      id: m.id, name: m.name, industry: INDUSTRIES.find((i) => i === m.industry) ?? null, ownerUserId: m.ownerUserId,
    })),
  });
}

const quadrantName = (locale: Locale, q: Quadrant, provisional: boolean) =>
  provisional ? t(locale, "common.provisional") : name(locale, "quadrant", q);

async function setFacts(env: CommandEnv, scope: Scope, query: string, assignments: { field: string; value: string }[]): Promise<SlackMessage> {
  const { locale } = env;
  const found = await lookupAccount(env.deps, scope, query);
  if (found.kind === "choices") return choicesMessage(found, locale);
  if (found.kind === "none") return createAccountPromptMessage({ name: query, locale });
  const { patch, errors } = parseAssignments(assignments);
  if (errors.length) {
    const detail = errors.map((e) => t(locale, "reply.field_error", {
      field: esc(e.field),
      message: e.message === "unknown_field" ? t(locale, "reply.unknown_field")
        : e.message.startsWith("unknown_field_hint:") ? t(locale, "reply.unknown_field_hint", { hint: esc(e.message.slice("unknown_field_hint:".length)) })
        : esc(e.message),
    })).join("；");
    return textMessage(t(locale, "reply.invalid", { detail }));
  }
  const update = await updateFacts(env.deps, env.actor, scope, found.account.id, patch);
  const accountName = esc(found.account.name);
  if (update.changed.length === 0) return textMessage(t(locale, "reply.set.nochange", { name: accountName }));
  const changes = update.changed.map((c) => t(locale, "reply.set.change", {
    field: factLabel(locale, c.field), before: factValueText(locale, c.field, c.before), after: factValueText(locale, c.field, c.after),
  })).join(t(locale, "reply.list_separator"));
  return textMessage(t(locale, "reply.set.done", {
    name: accountName, changes,
    vBefore: formatScore(update.before.scores.V), vAfter: formatScore(update.after.scores.V),
    qBefore: quadrantName(locale, update.before.quadrant, update.before.provisional),
    qAfter: quadrantName(locale, update.after.quadrant, update.after.provisional),
  }));
}

function usageMessage(e: CommandError, locale: Locale): SlackMessage {
  switch (e.error) {
    case "too_long": return textMessage(t(locale, "reply.too_long"));
    case "bad_number": return textMessage(`${t(locale, "reply.bad_number", { detail: esc(e.detail ?? "") })}\n${t(locale, "reply.usage.top")}`);
    case "bad_lang": return textMessage(t(locale, "reply.bad_lang", { detail: esc(e.detail ?? "") }));
    case "bad_assignment": return textMessage(`${t(locale, "reply.bad_assignment", { detail: esc(e.detail ?? "") })}\n${t(locale, "reply.usage.set")}`);
    case "usage":
      return textMessage(t(locale, `reply.usage.${e.usage}`));
  }
}

/** Service errors become a message in the user's language; anything else is logged by the surface. */
export function errorMessage(e: unknown, locale: Locale): SlackMessage {
  if (!isServiceError(e)) throw e;
  switch (e.code) {
    case "not_found":
    case "forbidden":
      if (e.field === "team") return textMessage(t(locale, "reply.team_not_found", { team: esc(String(e.params.team ?? "")), teams: esc(String(e.params.teams || "—")) }));
      return textMessage(t(locale, "reply.no_access"));
    case "no_team":
      return textMessage(t(locale, "reply.no_team"));
    case "invalid":
      return textMessage(t(locale, "reply.invalid", { detail: esc(e.message) }));
    case "conflict":
      return textMessage(e.field === "name"
        ? t(locale, "reply.conflict_name", { name: esc(String(e.params.name ?? "")) })
        : t(locale, "reply.conflict_version"));
  }
}
