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
    recount,
    /** The showcase account's story: its creation audit moved back to `createdAt`, then the acts' audit rows. */
    async insertAccountStory(accountId: string, createdAt: Date, rows: readonly DemoAuditRow[]): Promise<void> {
      await db.factChange.updateMany({ where: { accountId, source: "demo" }, data: { at: createdAt } });
      await insert("FactChange", rows);
    },
  };
}

export type DemoRepository = ReturnType<typeof createDemoRepository>;
