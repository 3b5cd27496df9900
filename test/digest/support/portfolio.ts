// A deterministic team portfolio for the digest tests and bench: accounts with facts and contacts, opportunities
// over S0–S5/W/L/A with stage histories (closed ones inside the trailing 12 months), written through the real import
// path (services/import.ts, multi-row inserts). Then `simulateWeek` moves the pipeline the way a sales week does.
import { randomUUID } from "node:crypto";
import type { Store } from "../../../src/store/index.js";
import { addDays, daysBetween, OPEN_STAGES, SOURCES } from "../../../src/core/index.js";
import type { OpenStage, Source, Stage } from "../../../src/core/index.js";
import type { ImportAccount, ImportOpportunity } from "../../../src/features/import-export/records.js";
import { prng } from "../../../src/features/import-export/synthetic.js";
import type { ServiceDeps } from "../../../src/features/deps.js";
import { importAccounts } from "../../../src/features/import-export/service.js";
import type { TeamRef } from "../../../src/features/teams/scope.js";
import { insertRows } from "../../../src/store/index.js";
import { inList, sql } from "../../../src/features/digest/sql.js";

export interface PortfolioOptions {
  accounts: number;
  opportunitiesPerAccount: number;
  /** Calendar day the history ends (today of the portfolio) */
  asOf: string;
  seed?: number;
  /** Share of opportunities already closed (W/L/A) */
  closedShare?: number;
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const WAN = 10_000;

function opportunity(r: () => number, i: number, asOf: string, closedShare: number): ImportOpportunity {
  const closed = r() < closedShare;
  const amount = (10 + Math.floor(r() * 490)) * WAN;
  const created = addDays(asOf, -(30 + Math.floor(r() * 300)));
  const top = Math.floor(r() * 6); // highest open stage reached
  const history: { stage: Stage; entered_date: string; amount_at_entry: number }[] = [];
  let day = created;
  for (let k = 0; k <= top; k++) {
    history.push({ stage: OPEN_STAGES[k] as OpenStage, entered_date: day, amount_at_entry: amount });
    day = addDays(day, 5 + Math.floor(r() * 40));
  }
  const source: Source = r() < 0.08 ? "other" : r() < 0.05 ? "unknown" : pick(r, SOURCES.slice(0, 8));
  const meddpicc = {
    metrics: r() > 0.3,
    economic_buyer: r() > 0.3,
    decision_criteria: r() > 0.3,
    decision_process: r() > 0.3,
    paper_process: r() > 0.3,
    identify_pain: r() > 0.2,
    champion: r() > 0.3,
    competition: r() > 0.3,
  };
  // Entries stay in the past: a closed deal closed by yesterday, an open one entered its stage by today.
  const cap = closed ? addDays(asOf, -1) : asOf;
  for (const e of history) if (e.entered_date > cap) e.entered_date = cap;
  if (closed) {
    const end: Stage = top === 5 && r() < 0.6 ? "W" : r() < 0.7 ? "L" : "A";
    const closedOn = day > cap ? cap : day;
    history.push({ stage: end, entered_date: closedOn, amount_at_entry: amount });
    return {
      id: `O${i}`,
      name: `商机${i}`,
      stage: end,
      amount,
      created_date: created,
      expected_close_date: closedOn,
      closed_date: closedOn,
      source,
      meddpicc,
      stage_history: history,
      ...(end === "W"
        ? { final_amount: Math.round((amount * (0.8 + r() * 0.2)) / WAN) * WAN }
        : { close_reason: "other" as const }),
    };
  }
  return {
    id: `O${i}`,
    name: `商机${i}`,
    stage: OPEN_STAGES[top] as OpenStage,
    amount,
    created_date: created,
    expected_close_date: addDays(asOf, -20 + Math.floor(r() * 320)),
    source,
    meddpicc,
    stage_history: history,
  };
}

export function portfolioRecords(o: PortfolioOptions): ImportAccount[] {
  const r = prng(o.seed ?? 7);
  const closedShare = o.closedShare ?? 0.35;
  const out: ImportAccount[] = [];
  let n = 0;
  for (let i = 0; i < o.accounts; i++) {
    out.push({
      id: `A${i}`,
      name: `客户${String(i).padStart(5, "0")}号`,
      is_existing_customer: r() > 0.3,
      revenue_ttm: Math.floor(r() * 2000) * WAN,
      gross_margin_pct: Math.floor(r() * 40),
      relationship_years: Math.floor(r() * 8),
      wallet_annual: Math.floor(r() * 8000) * WAN,
      industry_outlook: pick(r, ["strong_growth", "growth", "flat", "decline"] as const),
      market_position: pick(r, ["national_leader", "regional_leader", "backbone", "ordinary"] as const),
      development_trend: pick(r, ["expanding", "stable", "contracting"] as const),
      budget_status: pick(r, ["none", "planned", "approved"] as const),
      segment_match: r() > 0.5,
      reference_value: pick(r, ["national", "provincial", "prefecture", "none"] as const),
      contacts: [
        ...(r() > 0.2
          ? [
              {
                id: `C${i}e`,
                name: `决策者${i}`,
                role: "economic_buyer" as const,
                influence: "high" as const,
                attitude: Math.floor(r() * 5) - 2,
                relationship_strength: Math.floor(r() * 5),
              },
            ]
          : []),
        {
          id: `C${i}c`,
          name: `内线${i}`,
          role: "coach" as const,
          influence: "medium" as const,
          attitude: 1,
          relationship_strength: 3,
        },
      ],
      opportunities: Array.from({ length: o.opportunitiesPerAccount }, () => opportunity(r, n++, o.asOf, closedShare)),
    });
  }
  return out;
}

/** Imports the portfolio into `team` (all or nothing, like a CRM import). */
export async function seedPortfolio(
  deps: ServiceDeps,
  team: TeamRef & { workspaceId: string },
  o: PortfolioOptions,
): Promise<void> {
  await importAccounts(
    deps,
    { workspaceId: team.workspaceId, userId: "U0SEED", source: "import" },
    team,
    portfolioRecords(o),
  );
}

/** Test seeding writes rows directly (the raw client of the test's store), like a CRM migration would. */
export interface SeedEnv {
  store: Pick<Store, "db">;
}

/** A workspace and a team channel. */
export async function createTeam(
  env: SeedEnv,
  ids: { workspaceId: string; channelId: string; name: string },
): Promise<TeamRef & { workspaceId: string }> {
  await env.store.db.workspace.upsert({
    where: { id: ids.workspaceId },
    create: { id: ids.workspaceId, name: ids.workspaceId },
    update: {},
  });
  const team = await env.store.db.team.create({
    data: { workspaceId: ids.workspaceId, channelId: ids.channelId, name: ids.name, createdBy: "U0SEED" },
  });
  return { id: team.id, name: team.name, channelId: team.channelId, workspaceId: ids.workspaceId };
}

export interface WeekChanges {
  advanced: number;
  won: number;
  lost: number;
  amountChanged: number;
  slipped: number;
  created: number;
}

/**
 * A week of selling between `from` and `to` (exclusive): some open deals advance a stage, some are won or lost, some
 * change amount, some slip past `slipTo`, and new leads come in. Set-based SQL, so it scales to the bench portfolio.
 */
export async function simulateWeek(
  env: SeedEnv,
  teamId: string,
  o: { from: string; to: string; seed?: number; share?: number; slipTo?: string },
): Promise<WeekChanges> {
  const r = prng(o.seed ?? 11);
  const share = o.share ?? 0.05;
  const open = await env.store.db.opportunity.findMany({
    where: { account: { teamId }, stage: { in: [...OPEN_STAGES] } },
    select: { id: true, stage: true, amount: true, accountId: true },
    orderBy: { id: "asc" },
  });
  const span = Math.max(1, daysBetween(o.from, o.to));
  const day = (k: number) => addDays(o.from, k % span); // a date inside the week
  const advance: { id: string; to: OpenStage; amount: bigint }[] = [],
    won: typeof open = [],
    lost: typeof open = [],
    resize: typeof open = [],
    slip: typeof open = [];
  for (const x of open) {
    const p = r();
    if (p < share && x.stage !== "S5")
      advance.push({
        id: x.id,
        to: OPEN_STAGES[OPEN_STAGES.indexOf(x.stage as OpenStage) + 1] as OpenStage,
        amount: x.amount,
      });
    else if (p < share * 1.4 && (x.stage === "S4" || x.stage === "S5")) won.push(x);
    else if (p < share * 1.8) lost.push(x);
    else if (p < share * 2.4) resize.push(x);
    else if (p < share * 2.8) slip.push(x);
  }
  const stageRows: Record<string, unknown>[] = [];
  await env.store.db.$transaction(
    async (tx) => {
      const now = new Date();
      for (const k of OPEN_STAGES) {
        const ids = advance.filter((a) => a.to === k).map((a) => a.id);
        for (let i = 0; i < ids.length; i += 500)
          await tx.$executeRaw(
            sql`UPDATE "Opportunity" SET "stage" = ${k} WHERE "id" IN ${inList(ids.slice(i, i + 500))}`,
          );
      }
      advance.forEach((a, i) =>
        stageRows.push({
          id: randomUUID(),
          opportunityId: a.id,
          stage: a.to,
          enteredDate: day(i),
          amountAtEntry: a.amount,
          createdAt: now,
        }),
      );
      for (const [list, stage] of [
        [won, "W"],
        [lost, "L"],
      ] as const) {
        for (let i = 0; i < list.length; i += 500) {
          const ids = list.slice(i, i + 500).map((x) => x.id);
          await tx.$executeRaw(
            sql`UPDATE "Opportunity" SET "stage" = ${stage}, "closedDate" = ${day(i)}, "finalAmount" = ${stage === "W" ? sql`"amount"` : sql`NULL`} WHERE "id" IN ${inList(ids)}`,
          );
        }
        list.forEach((x, i) =>
          stageRows.push({
            id: randomUUID(),
            opportunityId: x.id,
            stage,
            enteredDate: day(i),
            amountAtEntry: x.amount,
            createdAt: now,
          }),
        );
      }
      for (let i = 0; i < resize.length; i += 500) {
        await tx.$executeRaw(
          sql`UPDATE "Opportunity" SET "amount" = "amount" + 100000 WHERE "id" IN ${inList(resize.slice(i, i + 500).map((x) => x.id))}`,
        );
      }
      const slipTo = o.slipTo ?? addDays(o.to, 400);
      for (let i = 0; i < slip.length; i += 500) {
        await tx.$executeRaw(
          sql`UPDATE "Opportunity" SET "expectedCloseDate" = ${slipTo} WHERE "id" IN ${inList(slip.slice(i, i + 500).map((x) => x.id))}`,
        );
      }
      if (stageRows.length)
        await insertRows(
          tx,
          "StageChange",
          ["id", "opportunityId", "stage", "enteredDate", "amountAtEntry", "createdAt"],
          stageRows,
        );
    },
    { timeout: 120_000 },
  );

  // New leads: fresh S0 opportunities on random accounts of the team.
  const accounts = [...new Set(open.map((x) => x.accountId))];
  const created = Math.max(1, Math.round(open.length * share * 0.5));
  const rows: Record<string, unknown>[] = [],
    entries: Record<string, unknown>[] = [];
  const now = new Date();
  for (let i = 0; i < created && accounts.length; i++) {
    const id = randomUUID(),
      amount = BigInt((20 + Math.floor(r() * 200)) * WAN),
      createdDate = day(i);
    rows.push({
      id,
      accountId: pick(r, accounts),
      name: `新线索${i}`,
      ownerUserId: null,
      stage: "S0",
      amount,
      expectedCloseDate: addDays(o.to, 60 + (i % 200)),
      createdDate,
      closedDate: null,
      source: pick(r, SOURCES),
      sourceDetail: null,
      projectType: null,
      procurementMethod: null,
      leadTemperature: "warm",
      meddpiccMetrics: null,
      meddpiccEconomicBuyer: null,
      meddpiccDecisionCriteria: null,
      meddpiccDecisionProcess: null,
      meddpiccPaperProcess: null,
      meddpiccIdentifyPain: null,
      meddpiccChampion: null,
      meddpiccCompetition: null,
      closeReason: null,
      finalAmount: null,
      createdAt: now,
      updatedAt: now,
    });
    entries.push({
      id: randomUUID(),
      opportunityId: id,
      stage: "S0",
      enteredDate: createdDate,
      amountAtEntry: amount,
      createdAt: now,
    });
  }
  await env.store.db.$transaction(
    async (tx) => {
      await insertRows(tx, "Opportunity", Object.keys(rows[0] ?? {}), rows);
      await insertRows(tx, "StageChange", Object.keys(entries[0] ?? {}), entries);
    },
    { timeout: 120_000 },
  );
  return {
    advanced: advance.length,
    won: won.length,
    lost: lost.length,
    amountChanged: resize.length,
    slipped: slip.length,
    created: rows.length,
  };
}
