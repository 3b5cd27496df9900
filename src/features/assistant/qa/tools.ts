// The tools of manager Q&A: thin wrappers over the service layer, each bound to the verified user's scope (the
// model chooses arguments, never whose data). None of them writes: what_if assesses hypothetical facts in
// memory. Results are compact JSON from shapes.ts, so the model narrates numbers it was given.
import { z } from "zod";
import { assess, QUADRANTS, STAGES, isOpen, type AccountFacts } from "../../../core/index.js";
import { t, type Locale, type MessageKey } from "../../../i18n/index.js";
import {
  fieldErrorName,
  lookupAccount,
  parseAssignments,
  viewAccount,
  type AccountView,
} from "../../accounts/service.js";
import type { ServiceDeps } from "../../deps.js";
import { isServiceError } from "../../errors.js";
import { teamFunnel } from "../../funnel/service.js";
import { matchOpportunities } from "../proposals.js";
import { teamPortfolio, topAccounts } from "../../accounts/portfolio.js";
import { parseMoney } from "../../../i18n/money.js";
import type { Scope } from "../../teams/scope.js";
import type { ToolDef } from "../llm/port.js";
import { assessmentFull, assessmentLite, funnelShape, money, portfolioLine } from "./shapes.js";

export interface ToolContext {
  deps: ServiceDeps;
  /** Resolved from the verified Slack request (or the console); never from the model. */
  scope: Scope;
  locale: Locale;
}

interface Tool<P extends z.ZodObject> {
  def: ToolDef & { parameters: P };
  run(ctx: ToolContext, params: z.infer<P>): Promise<unknown>;
}

const tool = <P extends z.ZodObject>(
  name: string,
  description: string,
  parameters: P,
  run: Tool<P>["run"],
): Tool<P> => ({ def: { name, description, parameters }, run });

/** A lookup a tool could not make, as the model reads it: a code, the query, the candidates when several match. */
export interface ToolError {
  error: string;
  query?: string;
  matches?: string[];
}

/** Whether a tool result (or a part of one, e.g. one account of compare_accounts) is an error, not figures. */
export const isToolError = (value: unknown): value is ToolError =>
  typeof value === "object" && value !== null && typeof (value as { error?: unknown }).error === "string";

/** An account the model named, through the same lookup as `/kvalue <name>`: never a guess among several. */
async function findAccount(ctx: ToolContext, query: string): Promise<{ view: AccountView } | ToolError> {
  const found = await lookupAccount(ctx.deps, ctx.scope, query);
  // The query goes back with the code: the person's fallback reply names what was not found (plain.ts).
  if (found.kind === "none") return { error: "account_not_found", query, matches: [] };
  if (found.kind === "choices")
    return { error: "ambiguous_account", query, matches: found.matches.slice(0, 8).map((m) => m.name) };
  return { view: await viewAccount(ctx.deps, ctx.scope, found.account.id) };
}

const accountName = (v: AccountView) => v.aggregate.facts.name ?? v.aggregate.facts.id;

const rankAccounts = tool(
  "rank_accounts",
  "Accounts ranked by resource priority (P1 first) then value score V, over all teams the user can see or one team; optionally one quadrant.",
  z.object({
    team: z.string().nullable(),
    quadrant: z.enum(QUADRANTS).nullable(),
    limit: z.number().int().min(1).max(20).nullable(),
  }),
  async (ctx, p) => {
    const entries = p.team
      ? (await teamPortfolio(ctx.deps, ctx.scope, { team: p.team })).entries
      : (await topAccounts(ctx.deps, ctx.scope, 10_000)).entries;
    const picked = p.quadrant
      ? entries.filter((e) => e.assessment.quadrant === p.quadrant && !e.assessment.provisional)
      : entries;
    const shown = picked.slice(0, p.limit ?? 10);
    return {
      scope: p.team ?? ctx.scope.teams.map((t) => t.name).join(", "),
      total: picked.length,
      shown: shown.length,
      accounts: shown.map((e, i) => portfolioLine(ctx.locale, e, i + 1)),
    };
  },
);

const accountAssessment = tool(
  "account_assessment",
  "One account's value score V, sub-scores, quadrant, tier, priority, drivers, distance to the next quadrant, red flags, missing facts, recommended actions and open pipeline.",
  z.object({ account: z.string() }),
  async (ctx, p) => {
    const found = await findAccount(ctx, p.account);
    return "error" in found ? found : assessmentFull(ctx.locale, found.view);
  },
);

const teamFunnelTool = tool(
  "team_funnel",
  "A team's dual funnel against its target for a period (e.g. 2026, 2026-Q3): gap, required and expected wins, weighted pipeline, coverage, shortfall, new leads needed and the lead deadline.",
  z.object({ team: z.string().nullable(), period: z.string().nullable() }),
  async (ctx, p) => funnelShape(ctx.locale, await teamFunnel(ctx.deps, ctx.scope, { team: p.team, period: p.period })),
);

const compareAccounts = tool(
  "compare_accounts",
  "Two to four accounts side by side: V, sub-scores, quadrant, tier, priority, completeness, red flags.",
  z.object({ accounts: z.array(z.string()).min(2).max(4) }),
  async (ctx, p) => ({
    accounts: await Promise.all(
      p.accounts.map(async (q) => {
        const found = await findAccount(ctx, q);
        return "error" in found
          ? { query: q, ...found }
          : assessmentLite(ctx.locale, accountName(found.view), found.view.assessment);
      }),
    ),
  }),
);

const whatIf = tool(
  "what_if",
  "Assess an account on hypothetical facts WITHOUT saving: account facts as field=value text (e.g. wallet_annual=3000万, budget_status=approved) and/or one opportunity moved to a new stage (W = won). Returns before and after, and for a win the team's gap before and after.",
  z.object({
    account: z.string(),
    facts: z.array(z.object({ field: z.string(), value: z.string() })).max(8),
    opportunity: z
      .object({
        name: z.string().nullable(),
        current_stage: z.enum(STAGES).nullable(),
        new_stage: z.enum(STAGES),
        amount: z.string().nullable(),
      })
      .nullable(),
  }),
  async (ctx, p) => {
    const found = await findAccount(ctx, p.account);
    if ("error" in found) return found;
    const { view } = found;
    const f = view.aggregate.facts;
    const { patch, errors } = parseAssignments(p.facts);
    let facts: AccountFacts = { ...f, ...patch } as AccountFacts;
    let win: { amount: number } | null = null;
    const notes: string[] = errors.map(
      (e) =>
        `${fieldErrorName(e)}: ${
          e.code === "invalid"
            ? e.message
            : e.code === "given_twice"
              ? "given_twice"
              : e.hint
                ? `unknown_field_hint:${e.hint}`
                : "unknown_field"
        }`,
    );
    if (p.opportunity) {
      const o = p.opportunity;
      const open = (f.opportunities ?? []).filter((x) => isOpen(x.stage));
      const byName = o.name ? matchOpportunities(open, o.name) : open;
      const candidates = o.current_stage ? byName.filter((x) => x.stage === o.current_stage) : byName;
      if (candidates.length !== 1) {
        notes.push(candidates.length === 0 ? "opportunity_not_found" : "ambiguous_opportunity");
      } else {
        const target = candidates[0]!;
        const amount = o.amount ? parseMoney(o.amount) : null;
        const newAmount = amount?.ok && amount.value > 0 ? amount.value : target.amount;
        facts = {
          ...facts,
          opportunities: (f.opportunities ?? []).map((x) =>
            x.id === target.id ? { ...x, stage: o.new_stage, amount: newAmount } : x,
          ),
        };
        notes.push(`${target.name ?? target.id}: ${target.stage} → ${o.new_stage}, ${money(ctx.locale, newAmount)}`);
        if (o.new_stage === "W") win = { amount: newAmount };
      }
    }
    const after = assess(facts, { asOf: view.asOf });
    const result: Record<string, unknown> = {
      saved: false,
      changes: notes,
      before: assessmentLite(ctx.locale, accountName(view), view.assessment),
      after: assessmentLite(ctx.locale, accountName(view), after),
    };
    const team = ctx.scope.teams.find((t) => t.id === view.aggregate.teamId);
    if (win && team) {
      const funnel = await teamFunnel(ctx.deps, ctx.scope, { team: team.name, period: null });
      // §5.4 step 1 gap G = max(0, T − W), with the hypothetical win added to W.
      const wonAfter = funnel.wonToDate + win.amount;
      result.team_gap = {
        team: team.name,
        period: funnel.period.key,
        gap_before: money(ctx.locale, funnel.result.gap),
        gap_after: money(ctx.locale, Math.max(0, funnel.target - wonAfter)),
        won_before: money(ctx.locale, funnel.wonToDate),
        won_after: money(ctx.locale, wonAfter),
      };
    }
    return result;
  },
);

export const QA_TOOLS = [rankAccounts, accountAssessment, teamFunnelTool, compareAccounts, whatIf] as const;
export const QA_TOOL_DEFS: ToolDef[] = QA_TOOLS.map((t) => t.def);
export type QaToolName = (typeof QA_TOOLS)[number]["def"]["name"];

export type ToolOutcome =
  | { ok: true; name: string; result: unknown }
  | { ok: false; name: string; result: { error: string; detail?: string; tools?: string[] }; unknownTool: boolean };

/** Runs one tool call: unknown names, broken JSON and invalid arguments come back as error results the model can read. */
export async function runTool(ctx: ToolContext, callName: string, rawArguments: string): Promise<ToolOutcome> {
  const t = QA_TOOLS.find((x) => x.def.name === callName);
  if (!t)
    return {
      ok: false,
      name: callName,
      unknownTool: true,
      result: { error: "unknown_tool", tools: QA_TOOLS.map((x) => x.def.name) },
    };
  let json: unknown;
  try {
    json = JSON.parse(rawArguments || "{}");
  } catch {
    return { ok: false, name: callName, unknownTool: false, result: { error: "arguments_not_json" } };
  }
  const params = t.def.parameters.safeParse(json);
  if (!params.success) {
    const issue = params.error.issues[0];
    return {
      ok: false,
      name: callName,
      unknownTool: false,
      result: { error: "bad_arguments", detail: `${issue?.path.join(".") ?? ""}: ${issue?.message ?? ""}` },
    };
  }
  try {
    return {
      ok: true,
      name: callName,
      result: await (t.run as (c: ToolContext, p: unknown) => Promise<unknown>)(ctx, params.data),
    };
  } catch (e) {
    // Service errors are answers too ("no such team"); they never reveal whether something exists out of scope.
    if (isServiceError(e))
      return { ok: false, name: callName, unknownTool: false, result: { error: e.code, detail: e.field ?? "" } };
    throw e;
  }
}

const TOOL_LABELS: Readonly<Record<string, MessageKey>> = {
  rank_accounts: "assistant.tool.rank_accounts",
  account_assessment: "assistant.tool.account_assessment",
  team_funnel: "assistant.tool.team_funnel",
  compare_accounts: "assistant.tool.compare_accounts",
  what_if: "assistant.tool.what_if",
};

/** A tool as the answer's "figures from" line names it. */
export const toolLabel = (locale: Locale, tool: string): string => {
  const key = TOOL_LABELS[tool];
  return key ? t(locale, key) : tool;
};
