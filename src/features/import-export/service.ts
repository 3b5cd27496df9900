// Import of parsed account records (CSV/JSON from CRM exports, the demo portfolio) into one team: all or
// nothing, in one transaction, through the accounts repository's one write path (`createAccounts`: multi-row
// INSERTs, an audit row per known fact) and a score snapshot per account.
import { applySegmentDefaults, assessAll, isOpen, yearOf, type Assessment } from "../../core/index.js";
import type { ImportAccount } from "./records.js";
import type { NewAccount, NewOpportunity } from "../accounts/repository.js";
import { versionInForce } from "../calibration/model.js";
import { normalizeName } from "../accounts/keys.js";
import { today, type ServiceDeps } from "../deps.js";
import { ServiceError } from "../errors.js";
import type { Actor, TeamRef } from "../teams/scope.js";
import { scoreRow } from "../accounts/snapshots.js";

export interface ImportSummary {
  accounts: number;
  contacts: number;
  needs: number;
  opportunities: number;
  auditRows: number;
}

/** An imported opportunity with the dates the file leaves out: a deal without history entered its stage when it
 *  was created (or today); a closed deal closed when it entered its last stage. */
function opportunityOf(o: NonNullable<ImportAccount["opportunities"]>[number], asOf: string): NewOpportunity {
  const history = o.stage_history?.length
    ? o.stage_history
    : [{ stage: o.stage, entered_date: o.created_date ?? asOf, amount_at_entry: o.amount }];
  return {
    ...o,
    created_date: o.created_date ?? history[0]?.entered_date ?? asOf,
    closed_date: isOpen(o.stage) ? null : (o.closed_date ?? history[history.length - 1]?.entered_date ?? asOf),
    stage_history: history,
  };
}

/** The record as a new account of the team; the CRM id is kept as an alias, so `/kvalue CRM-001` and a re-import
 *  both find the account by it. */
function newAccountOf(r: ImportAccount, workspaceId: string, teamId: string, asOf: string): NewAccount {
  const {
    id,
    name,
    aliases,
    owner,
    needs,
    contacts,
    opportunities,
    owner_ar,
    owner_sr,
    owner_fr,
    executive_sponsor,
    visit_cadence,
    revenue_target,
    last_review_date,
    ...facts
  } = r;
  return {
    workspaceId,
    teamId,
    name,
    ownerUserId: owner ?? null,
    importId: id,
    aliases: [id, ...(aliases ?? [])],
    facts,
    matrix: { owner_ar, owner_sr, owner_fr, executive_sponsor, visit_cadence, revenue_target, last_review_date },
    needs: needs ?? [],
    contacts: contacts ?? [],
    opportunities: (opportunities ?? []).map((o) => opportunityOf(o, asOf)),
  };
}

/**
 * Creates every account of `records` in `team`. An account whose name (or CRM id, kept as an alias) already
 * exists in the team is refused with the record's path, and then nothing at all is written.
 */
export async function importAccounts(
  deps: ServiceDeps,
  actor: Actor,
  team: TeamRef,
  records: readonly ImportAccount[],
): Promise<ImportSummary> {
  const at = deps.now();
  const asOf = today(deps);
  // New accounts are scored and stamped under the workspace's model version in force (§6.6).
  const model = await versionInForce(deps, actor.workspaceId);
  const taken = await deps.repos.accounts.teamKeys(actor.workspaceId, team.id);
  // Scored as every other reader scores them: with the defaults of the team's segments for what they leave unknown.
  const segments = await deps.repos.segments.teamSegments([team.id]);
  const scored = records.map((r) => applySegmentDefaults(r, segments, yearOf(asOf)).facts);
  const clash = records.findIndex((r) => taken.has(normalizeName(r.name)) || taken.has(normalizeName(r.id)));
  if (clash >= 0) {
    const where = `accounts[${clash}].name`;
    const name = records[clash]?.name ?? "";
    throw new ServiceError("conflict", `${where}: ${name} already exists in team ${team.name}`, where, { name });
  }

  const accounts = records.map((r) => newAccountOf(r, actor.workspaceId, team.id, asOf));
  const ctx = { actorUserId: actor.userId, source: actor.source, sourceRef: actor.sourceRef ?? null, at };
  await deps.repos.transaction(
    async (r) => {
      const ids = await r.accounts.createAccounts(accounts, ctx);
      const assessments = assessAll({ as_of: asOf, accounts: scored }, { model });
      await r.accounts.insertScoreSnapshots(
        records.map((_, i) => ({
          workspaceId: actor.workspaceId,
          accountId: ids[i] ?? "",
          teamId: team.id,
          periodKey: null,
          takenAt: at,
          reason: "change",
          ...scoreRow(assessments[i] as Assessment, model.label),
        })),
      );
    },
    { timeout: 120_000 },
  );
  const count = (pick: (r: ImportAccount) => readonly unknown[] | null | undefined) =>
    records.reduce((n, r) => n + (pick(r)?.length ?? 0), 0);
  // The creation row of each account, and one per known fact.
  const auditRows = accounts.reduce(
    (n, a) => n + 1 + Object.values(a.facts ?? {}).filter((v) => v !== null && v !== undefined).length,
    0,
  );
  return {
    accounts: records.length,
    contacts: count((r) => r.contacts),
    needs: count((r) => r.needs),
    opportunities: count((r) => r.opportunities),
    auditRows,
  };
}
