// Import of parsed account records (CSV/JSON from CRM exports, the demo portfolio) into one team: all or
// nothing, in one transaction, with an audit row per known fact and a score snapshot per account.
// Written with multi-row INSERTs (store insertRows; Prisma's createMany costs ~1 ms a row) so 10,000 accounts
// take seconds. Every column is given explicitly: raw inserts rely on no database default.
import { randomUUID } from "node:crypto";
import { ACCOUNT_FACT_FIELDS, assess, isOpen } from "../../core/index.js";
import type { ImportAccount } from "./records.js";
import { encodeFactValue } from "../accounts/repository.js";
import { insertRows, toDbMoney, toDbMoneyOrNull } from "../../store/index.js";
import { versionInForce } from "../calibration/model.js";
import { normalizeName } from "../accounts/keys.js";
import type { Tx } from "../../store/index.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import { aliasKeys } from "../accounts/name-keys.js";
import { forgetTeamRates } from "../funnel/pipeline.js";
import type { Actor, TeamRef } from "../teams/scope.js";
import { scoreRow } from "../accounts/snapshots.js";

export interface ImportSummary { accounts: number; contacts: number; needs: number; opportunities: number; auditRows: number }

type Row = Record<string, unknown>;

/** All rows of a table share one shape; its keys are the column list. */
async function insert(tx: Tx, table: string, rows: Row[]): Promise<void> {
  const first = rows[0];
  if (first) await insertRows(tx, table, Object.keys(first), rows);
}

/**
 * Creates every account of `records` in `team`. An account whose name (or CRM id, kept as an alias) already
 * exists in the team is refused with the record's path, and then nothing at all is written.
 */
export async function importAccounts(deps: ServiceDeps, actor: Actor, team: TeamRef, records: readonly ImportAccount[]): Promise<ImportSummary> {
  const at = deps.now();
  const asOf = today(deps);
  // New accounts are scored and stamped under the workspace's model version in force (§6.6).
  const model = await versionInForce(deps, actor.workspaceId);
  const keyed = records.map((r, i) => ({ r, i, key: normalizeName(r.name), idKey: normalizeName(r.id) }));
  // The team's existing keys, read whole: an IN list of 10,000 names exceeds SQLite's parameter limit, and a
  // team's names are a few hundred kilobytes at most.
  const [names, takenAliases] = await Promise.all([
    deps.db.account.findMany({ where: { teamId: team.id }, select: { normalizedName: true } }),
    deps.db.accountAlias.findMany({ where: { account: { teamId: team.id } }, select: { normalized: true } }),
  ]);
  const taken = new Set([...names.map((n) => n.normalizedName), ...takenAliases.map((a) => a.normalized)]);
  const clash = keyed.find((k) => taken.has(k.key) || taken.has(k.idKey));
  if (clash) {
    const where = `accounts[${clash.i}].name`;
    throw new ServiceError("conflict", `${where}: ${clash.r.name} already exists in team ${team.name}`, where, { name: clash.r.name });
  }

  const audit = { workspaceId: actor.workspaceId, actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at };
  const accounts: Row[] = [], aliases: Row[] = [], needs: Row[] = [], contacts: Row[] = [];
  const opportunities: Row[] = [], stages: Row[] = [], facts: Row[] = [], scores: Row[] = [];
  for (const { r } of keyed) {
    const id = randomUUID();
    accounts.push({
      id, workspaceId: actor.workspaceId, teamId: team.id, name: r.name, normalizedName: normalizeName(r.name),
      ownerUserId: r.owner ?? null, version: 1,
      uscc: r.uscc ?? null, customerType: r.customer_type ?? null, adminLevel: r.admin_level ?? null, industry: r.industry ?? null,
      regionCode: r.region_code ?? null, isExistingCustomer: r.is_existing_customer ?? null, revenueTtm: toDbMoneyOrNull(r.revenue_ttm),
      grossMarginPct: r.gross_margin_pct ?? null, relationshipYears: r.relationship_years ?? null, walletAnnual: toDbMoneyOrNull(r.wallet_annual),
      industryOutlook: r.industry_outlook ?? null, marketPosition: r.market_position ?? null, developmentTrend: r.development_trend ?? null,
      budgetStatus: r.budget_status ?? null, segmentMatch: r.segment_match ?? null, referenceValue: r.reference_value ?? null,
      incumbent: r.incumbent ?? null, retentionRate: r.retention_rate ?? null, discountRate: r.discount_rate ?? null,
      ownerAr: r.owner_ar ?? null, ownerSr: r.owner_sr ?? null, ownerFr: r.owner_fr ?? null, executiveSponsor: r.executive_sponsor ?? null,
      visitCadence: r.visit_cadence ?? null, revenueTarget: toDbMoneyOrNull(r.revenue_target), lastReviewDate: r.last_review_date ?? null,
      createdAt: at, updatedAt: at,
    });
    // The CRM id is kept as an alias: `/kvalue CRM-001` and a re-import both find the account by it.
    for (const [key, alias] of aliasKeys(r.name, [r.id, ...(r.aliases ?? [])])) {
      aliases.push({ id: randomUUID(), accountId: id, alias, normalized: key });
    }
    facts.push({ ...audit, id: randomUUID(), accountId: id, entity: "account", entityId: id, field: "*", before: null, after: encodeFactValue({ name: r.name, import_id: r.id }) });
    for (const field of ACCOUNT_FACT_FIELDS) {
      const v = r[field];
      if (v !== null && v !== undefined) facts.push({ ...audit, id: randomUUID(), accountId: id, entity: "account", entityId: id, field, before: null, after: encodeFactValue(v) });
    }
    for (const n of r.needs ?? []) {
      needs.push({ id: randomUUID(), accountId: id, opportunityId: null, description: n.description ?? null, category: n.category ?? null, severity: n.severity ?? null, urgency: n.urgency ?? null, ourFit: n.our_fit ?? null, confirmed: n.confirmed, metric: n.metric ?? null, createdAt: at, updatedAt: at });
    }
    for (const c of r.contacts ?? []) {
      contacts.push({
        id: randomUUID(), accountId: id, name: c.name ?? null, title: c.title ?? null, orgUnit: c.org_unit ?? null, role: c.role, influence: c.influence,
        attitude: c.attitude ?? null, relationshipStrength: c.relationship_strength ?? null, relationshipLayer: c.relationship_layer ?? null,
        responseMode: c.response_mode ?? null, winResult: c.win_result ?? null, lastContactDate: c.last_contact_date ?? null, createdAt: at, updatedAt: at,
      });
    }
    for (const o of r.opportunities ?? []) {
      const oid = randomUUID();
      const m = o.meddpicc;
      const history = o.stage_history?.length ? o.stage_history : [{ stage: o.stage, entered_date: o.created_date ?? asOf, amount_at_entry: o.amount }];
      const closedDate = isOpen(o.stage) ? null : o.closed_date ?? history[history.length - 1]?.entered_date ?? asOf;
      opportunities.push({
        id: oid, accountId: id, name: o.name ?? null, stage: o.stage, amount: toDbMoney(o.amount), expectedCloseDate: o.expected_close_date ?? null,
        createdDate: o.created_date ?? history[0]?.entered_date ?? asOf, closedDate, source: o.source ?? null, sourceDetail: o.source_detail ?? null,
        projectType: o.project_type ?? null, procurementMethod: o.procurement_method ?? null, leadTemperature: o.lead_temperature ?? null,
        meddpiccMetrics: m?.metrics ?? null, meddpiccEconomicBuyer: m?.economic_buyer ?? null, meddpiccDecisionCriteria: m?.decision_criteria ?? null,
        meddpiccDecisionProcess: m?.decision_process ?? null, meddpiccPaperProcess: m?.paper_process ?? null, meddpiccIdentifyPain: m?.identify_pain ?? null,
        meddpiccChampion: m?.champion ?? null, meddpiccCompetition: m?.competition ?? null,
        closeReason: o.close_reason ?? null, finalAmount: toDbMoneyOrNull(o.final_amount), createdAt: at, updatedAt: at,
      });
      for (const h of history) {
        stages.push({ id: randomUUID(), opportunityId: oid, stage: h.stage, enteredDate: h.entered_date, amountAtEntry: toDbMoneyOrNull(h.amount_at_entry), createdAt: at });
      }
    }
    scores.push({ id: randomUUID(), workspaceId: actor.workspaceId, accountId: id, teamId: team.id, periodKey: null, takenAt: at, reason: "change", ...scoreRow(assess(r, { asOf, model }), model.label) });
  }

  await deps.db.$transaction(async (tx: Tx) => {
    // Parents before children: foreign keys are checked per statement.
    await insert(tx, "Account", accounts);
    await insert(tx, "AccountAlias", aliases);
    await insert(tx, "Need", needs);
    await insert(tx, "Contact", contacts);
    await insert(tx, "Opportunity", opportunities);
    await insert(tx, "StageChange", stages);
    await insert(tx, "FactChange", facts);
    await insert(tx, "ScoreSnapshot", scores);
  }, { timeout: 120_000, maxWait: 10_000 });
  forgetTeamRates(team.id);
  return { accounts: accounts.length, contacts: contacts.length, needs: needs.length, opportunities: opportunities.length, auditRows: facts.length };
}
