// A whole team's data for the weekly snapshot and digest in a fixed number of queries, however large the team.
//
// Why not loadAccounts / closedCohort: Prisma 7 loads an `include` by sending the parent ids as one IN list and, with
// the SQLite adapter, refuses a list over 999 bound values (P2029 "query parameter limit … exceeded") instead of
// splitting it — a team with a thousand opportunities already fails (PostgreSQL's limit is 32,766). Here every child
// table is read with the team as a join/subquery filter, so no statement's parameters grow with the portfolio.
import { addMonths, STAGES } from "../../core/index.js";
import type { OpportunityHistory, Stage } from "../../core/index.js";
import { toAggregate, type AccountAggregate } from "../accounts/repository.js";
import type { ServiceDeps } from "../deps.js";
import { num, rows, sql, text, textOrNull } from "./sql.js";

const asStage = (s: unknown): Stage => STAGES.find((x) => x === s) ?? "S0";

/**
 * The closed cohort of a team as services/pipeline.ts `closedCohort` defines it (closed W/L/A, closed in the 12 months
 * before `asOf` or with no close date, with stage histories), in one flat query grouped here.
 */
export async function teamCohort(deps: ServiceDeps, teamId: string, asOf: string): Promise<OpportunityHistory[]> {
  const since = addMonths(asOf, -12);
  const result = await rows(deps.db, sql`
    SELECT o."id", o."stage", o."amount", o."finalAmount", o."createdDate", o."expectedCloseDate",
      sc."stage" AS h_stage, sc."enteredDate" AS h_date, sc."amountAtEntry" AS h_amount
    FROM "Opportunity" o
    JOIN "Account" a ON a."id" = o."accountId"
    LEFT JOIN "StageChange" sc ON sc."opportunityId" = o."id"
    WHERE a."teamId" = ${teamId} AND o."stage" IN ('W', 'L', 'A')
      AND (o."closedDate" IS NULL OR (o."closedDate" >= ${since} AND o."closedDate" < ${asOf}))
    ORDER BY o."id" ASC, sc."enteredDate" ASC, sc."id" ASC`);
  const out: OpportunityHistory[] = [];
  let current: OpportunityHistory | undefined;
  for (const r of result) {
    const id = text(r.id);
    if (current?.id !== id) {
      current = {
        id, stage: asStage(r.stage), amount: num(r.amount), expected_close_date: textOrNull(r.expectedCloseDate),
        created_date: textOrNull(r.createdDate), final_amount: r.finalAmount === null || r.finalAmount === undefined ? null : num(r.finalAmount),
        stage_history: [],
      };
      out.push(current);
    }
    if (r.h_stage !== null && r.h_stage !== undefined) {
      current.stage_history.push({
        stage: asStage(r.h_stage), entered_date: text(r.h_date),
        amount_at_entry: r.h_amount === null || r.h_amount === undefined ? null : num(r.h_amount),
      });
    }
  }
  return out;
}

/**
 * Every account of the team as the core's AccountFacts (what `assess` reads), in four queries. Stage histories are
 * left out: scoring does not read them, and they are the largest table.
 */
export async function teamAggregates(deps: ServiceDeps, workspaceId: string, teamId: string): Promise<AccountAggregate[]> {
  const { db } = deps;
  const inTeam = { account: { workspaceId, teamId } };
  const byId = { id: "asc" } as const;
  const [accounts, needs, contacts, opportunities] = await Promise.all([
    db.account.findMany({ where: { workspaceId, teamId }, orderBy: byId }),
    db.need.findMany({ where: inTeam, orderBy: byId }),
    db.contact.findMany({ where: inTeam, orderBy: byId }),
    db.opportunity.findMany({ where: inTeam, orderBy: byId }),
  ]);
  const group = <T extends { accountId: string }>(items: T[]) => {
    const m = new Map<string, T[]>();
    for (const x of items) {
      const list = m.get(x.accountId);
      if (list) list.push(x);
      else m.set(x.accountId, [x]);
    }
    return m;
  };
  const n = group(needs), c = group(contacts), o = group(opportunities);
  return accounts.map((a) => toAggregate({
    ...a, needs: n.get(a.id) ?? [], contacts: c.get(a.id) ?? [],
    opportunities: (o.get(a.id) ?? []).map((x) => ({ ...x, stageHistory: [] })),
  }));
}
