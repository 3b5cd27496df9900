// Every query of the segments feature: Segment rows (METHOD §2.3), their FactChange audit (entity `segment`), and
// the slim account rows a segment needs to place accounts and share out its wallet. Rows map to the core's
// SegmentRecord here; a stored value outside the contract is an error naming it, never a default.
import { randomUUID } from "node:crypto";
import {
  COMPETITION_INTENSITIES,
  INDUSTRIES,
  INDUSTRY_OUTLOOKS,
  type Industry,
  type SegmentFacts,
  type SegmentField,
  type SegmentKey,
  type SegmentMember,
  type SegmentRecord,
  type SolutionFit,
} from "../../core/index.js";
import type { Segment } from "../../../prisma/sqlite/generated/client.js";
import { fromDbMoneyOrNull, toDbMoneyOrNull } from "../../store/money.js";
import { StoreError } from "../../store/errors.js";
import { storedEnum } from "../../store/stored.js";
import type { DbClient, Provider } from "../../store/open.js";

/** A segment as stored: the core record plus where it belongs and its version. */
export interface StoredSegment extends SegmentRecord {
  workspaceId: string;
  teamId: string;
  version: number;
  updatedAt: Date;
}

export interface SegmentAudit {
  workspaceId: string;
  segmentId: string;
  changes: readonly { field: SegmentField | "*"; before: unknown; after: unknown }[];
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  at: Date;
}

const at = (row: { id: string }, column: string) => ({ table: "Segment", rowId: row.id, column });

function storedList<T>(row: Segment, column: "competitors" | "opportunityRefs" | "solutionFit"): T[] {
  const text = row[column];
  if (text === null) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v as T[];
  } catch {
    // reported below
  }
  throw new StoreError("invalid_data", `segments[${row.id}].${column}: stored value is not a JSON list`, column);
}

export function toSegment(row: Segment): StoredSegment {
  const money = (v: bigint | null, f: string) => fromDbMoneyOrNull(v, `segments[${row.id}].${f}`);
  return {
    id: row.id,
    workspaceId: row.workspaceId,
    teamId: row.teamId,
    version: row.version,
    updatedAt: row.updatedAt,
    industry: storedEnum(INDUSTRIES, row.industry, at(row, "industry")),
    region_code: row.regionCode,
    year: row.year,
    industry_outlook:
      row.industryOutlook === null
        ? null
        : storedEnum(INDUSTRY_OUTLOOKS, row.industryOutlook, at(row, "industryOutlook")),
    industry_findings: row.industryFindings,
    market_wallet: money(row.marketWallet, "market_wallet"),
    market_accounts: row.marketAccounts,
    market_notes: row.marketNotes,
    competitors: storedList<string>(row, "competitors"),
    competition_intensity:
      row.competitionIntensity === null
        ? null
        : storedEnum(COMPETITION_INTENSITIES, row.competitionIntensity, at(row, "competitionIntensity")),
    solution_fit: storedList<SolutionFit>(row, "solutionFit"),
    opportunity_refs: storedList<string>(row, "opportunityRefs"),
    opportunity_notes: row.opportunityNotes,
    chosen: row.chosen,
    control_points: row.controlPoints,
    revenue_target: money(row.revenueTarget, "revenue_target"),
    strategy: row.strategy,
  };
}

const list = (v: readonly unknown[] | undefined) => (v === undefined ? undefined : v.length ? JSON.stringify(v) : null);

/** The columns of the fields a patch sets (absent fields stay as they are). */
function columns(facts: Partial<SegmentFacts>) {
  return {
    industryOutlook: facts.industry_outlook,
    industryFindings: facts.industry_findings,
    marketWallet: facts.market_wallet === undefined ? undefined : toDbMoneyOrNull(facts.market_wallet, "market_wallet"),
    marketAccounts: facts.market_accounts,
    marketNotes: facts.market_notes,
    competitors: list(facts.competitors),
    competitionIntensity: facts.competition_intensity,
    solutionFit: list(facts.solution_fit),
    opportunityRefs: list(facts.opportunity_refs),
    opportunityNotes: facts.opportunity_notes,
    chosen: facts.chosen,
    controlPoints: facts.control_points,
    revenueTarget:
      facts.revenue_target === undefined ? undefined : toDbMoneyOrNull(facts.revenue_target, "revenue_target"),
    strategy: facts.strategy,
  };
}

const byKey = [{ year: "desc" }, { industry: "asc" }, { regionCode: "asc" }, { id: "asc" }] as const;

export function createSegmentsRepository(db: DbClient, provider: Provider) {
  const encode = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
  return {
    provider,
    /** Every segment of these teams (all years), newest year first. */
    async teamSegments(teamIds: readonly string[]): Promise<StoredSegment[]> {
      if (teamIds.length === 0) return [];
      const rows = await db.segment.findMany({ where: { teamId: { in: [...teamIds] } }, orderBy: [...byKey] });
      return rows.map(toSegment);
    },
    async findSegment(teamId: string, key: SegmentKey): Promise<StoredSegment | null> {
      const row = await db.segment.findUnique({
        where: {
          teamId_industry_regionCode_year: {
            teamId,
            industry: key.industry,
            regionCode: key.region_code,
            year: key.year,
          },
        },
      });
      return row ? toSegment(row) : null;
    },
    async createSegment(input: {
      workspaceId: string;
      teamId: string;
      key: SegmentKey;
      facts: Partial<SegmentFacts>;
      createdBy: string;
      at: Date;
    }): Promise<StoredSegment> {
      const row = await db.segment.create({
        data: {
          id: randomUUID(),
          workspaceId: input.workspaceId,
          teamId: input.teamId,
          industry: input.key.industry,
          regionCode: input.key.region_code,
          year: input.key.year,
          createdBy: input.createdBy,
          createdAt: input.at,
          ...columns(input.facts),
        },
      });
      return toSegment(row);
    },
    /** Writes the patch if the segment is still at `expectedVersion` (compare-and-set); false when it moved. */
    async updateSegment(id: string, expectedVersion: number, facts: Partial<SegmentFacts>): Promise<boolean> {
      const { count } = await db.segment.updateMany({
        where: { id, version: expectedVersion },
        data: { ...columns(facts), version: { increment: 1 } },
      });
      return count === 1;
    },
    async insertAudit(a: SegmentAudit): Promise<void> {
      if (a.changes.length === 0) return;
      await db.factChange.createMany({
        data: a.changes.map((c) => ({
          id: randomUUID(),
          workspaceId: a.workspaceId,
          accountId: null,
          entity: "segment",
          entityId: a.segmentId,
          field: c.field,
          before: encode(c.before),
          after: encode(c.after),
          actorUserId: a.actorUserId,
          source: a.source,
          sourceRef: a.sourceRef,
          at: a.at,
        })),
      });
    },
    /** A segment's audit trail, oldest first. */
    auditOf: (segmentId: string) =>
      db.factChange.findMany({
        where: { entity: "segment", entityId: segmentId },
        orderBy: [{ at: "asc" }, { id: "asc" }],
      }),
    /** The accounts of these teams in these industries, as much as placing them in segments needs. */
    async members(teamIds: readonly string[], industries: readonly Industry[]): Promise<SegmentMember[]> {
      if (teamIds.length === 0 || industries.length === 0) return [];
      const rows = await db.account.findMany({
        where: { teamId: { in: [...teamIds] }, industry: { in: [...industries] }, regionCode: { not: null } },
        select: { id: true, industry: true, regionCode: true, walletAnnual: true },
        orderBy: { id: "asc" },
      });
      return rows.map((r) => ({
        id: r.id,
        industry: storedEnum(INDUSTRIES, r.industry, { table: "Account", rowId: r.id, column: "industry" }),
        region_code: r.regionCode,
        wallet_annual: fromDbMoneyOrNull(r.walletAnnual, `accounts[${r.id}].wallet_annual`),
      }));
    },
  };
}

export type SegmentsRepository = ReturnType<typeof createSegmentsRepository>;
