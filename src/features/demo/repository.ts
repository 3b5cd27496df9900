// The demo feature's writes: its generated history (history.ts) in multi-row INSERTs, parents before children.
import { insertRows, type DbClient, type Provider } from "../../store/index.js";
import type { DemoAuditRow } from "./changes.js";
import type { HistoryRows } from "./history.js";

export function createDemoRepository(db: DbClient, provider: Provider) {
  const insert = async (table: string, rows: readonly Record<string, unknown>[]): Promise<number> => {
    const first = rows[0];
    return first ? insertRows(db, table, Object.keys(first), rows) : 0;
  };
  /** Sets a team snapshot's count of opportunities to the rows it now has. */
  const recount = async (teamId: string, periodKey: string): Promise<void> => {
    const opportunities = await db.pipelineSnapshot.count({ where: { teamId, periodKey } });
    await db.teamSnapshot.update({ where: { teamId_periodKey: { teamId, periodKey } }, data: { opportunities } });
  };
  return {
    provider,
    /** Writes the rows in one go; run it inside `repos.transaction` for all or nothing. */
    async insertHistory(h: HistoryRows): Promise<void> {
      await insert("Opportunity", h.opportunities);
      await insert("StageChange", h.stageChanges);
      await insert("PipelineSnapshot", h.pipelineSnapshots);
      await insert("ScoreSnapshot", h.scoreSnapshots);
    },
    /**
     * Last week's snapshot rows of the deals that changed since `asOf` (created on or after it, or with a stage entered
     * on or after it), each with its stage entries in date order: what rewinding the snapshot needs.
     */
    async rowsChangedSince(teamId: string, periodKey: string, asOf: string) {
      // PipelineSnapshot keeps no foreign key to Opportunity (its rows outlive a deleted deal): two reads.
      const rows = await db.pipelineSnapshot.findMany({
        where: { teamId, periodKey },
        select: { id: true, opportunityId: true },
      });
      const deals = await db.opportunity.findMany({
        where: {
          id: { in: rows.map((r) => r.opportunityId) },
          OR: [{ createdDate: { gte: asOf } }, { stageHistory: { some: { enteredDate: { gte: asOf } } } }],
        },
        select: {
          id: true,
          createdDate: true,
          stageHistory: {
            select: { stage: true, enteredDate: true, amountAtEntry: true },
            orderBy: [{ enteredDate: "asc" }, { createdAt: "asc" }],
          },
        },
      });
      const rowOf = new Map(rows.map((r) => [r.opportunityId, r.id]));
      return deals.map((d) => ({ rowId: rowOf.get(d.id) ?? "", ...d }));
    },
    /** Rewinds snapshot rows: some dropped (the deal did not exist yet), some set back to an earlier stage. */
    async rewindSnapshot(
      teamId: string,
      periodKey: string,
      drop: readonly string[],
      back: readonly { id: string; stage: string; amount: bigint | null; pCount: number; pAmt: number }[],
    ): Promise<void> {
      await db.pipelineSnapshot.deleteMany({ where: { id: { in: [...drop] } } });
      for (const b of back)
        await db.pipelineSnapshot.update({
          where: { id: b.id },
          data: { stage: b.stage, ...(b.amount === null ? {} : { amount: b.amount }), pCount: b.pCount, pAmt: b.pAmt },
        });
      await recount(teamId, periodKey);
    },
    recount,
    /** The showcase account's story: its creation audit moved back to `createdAt`, then the acts' audit rows. */
    async insertAccountStory(accountId: string, createdAt: Date, rows: readonly DemoAuditRow[]): Promise<void> {
      await db.factChange.updateMany({ where: { accountId, source: "demo" }, data: { at: createdAt } });
      await insert("FactChange", rows);
    },
  };
}

export type DemoRepository = ReturnType<typeof createDemoRepository>;
