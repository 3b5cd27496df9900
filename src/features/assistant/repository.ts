// The assistant's tables: Proposal (changes waiting for a Confirm) and Conversation (per-thread state), plus the
// two account reads and writes no accounts service offers yet (an opportunity's columns outside the fact contract,
// and new needs with their audit rows). Every query of the assistant lives here; services pass the workspace.
import type { DbClient, Provider } from "../../store/index.js";

export interface ProposalRow {
  id: string;
  workspaceId: string;
  accountId: string;
  userId: string;
  changes: string;
  accountVersion: number;
  status: string;
  messageRef: string | null;
}

export interface SegmentProposalRow {
  id: string;
  workspaceId: string;
  teamId: string;
  userId: string;
  changes: string;
  status: string;
}

export interface ConversationRow {
  id: string;
  channelId: string;
  threadTs: string;
  userId: string;
  state: string;
}

export interface ThreadKeyColumns {
  workspaceId: string;
  channelId: string;
  threadTs: string;
}

/** The columns of an opportunity that its facts (src/core/facts.ts) do not carry. */
export interface OpportunityColumns {
  projectType: string | null;
  procurementMethod: string | null;
  expectedCloseDate: string | null;
}

export interface NeedRow {
  accountId: string;
  description: string;
  category: string | null;
  severity: number | null;
  urgency: number | null;
  ourFit: number | null;
  confirmed: boolean;
}

export interface FactChangeRow {
  workspaceId: string;
  accountId: string;
  entity: string;
  entityId: string;
  field: string;
  before: string | null;
  after: string | null;
  actorUserId: string;
  source: string;
  sourceRef: string | null;
  at: Date;
}

const proposalSelect = {
  id: true,
  workspaceId: true,
  accountId: true,
  userId: true,
  changes: true,
  accountVersion: true,
  status: true,
  messageRef: true,
} as const;
const segmentProposalSelect = {
  id: true,
  workspaceId: true,
  teamId: true,
  userId: true,
  changes: true,
  status: true,
} as const;
const conversationSelect = { id: true, channelId: true, threadTs: true, userId: true, state: true } as const;

export function createAssistantRepository(db: DbClient, _provider: Provider) {
  return {
    // ---- proposals ----
    async insertProposal(row: Omit<ProposalRow, "id" | "messageRef" | "status">, at: Date): Promise<ProposalRow> {
      return db.proposal.create({ data: { ...row, status: "pending", createdAt: at }, select: proposalSelect });
    },

    async findProposal(workspaceId: string, id: string): Promise<ProposalRow | null> {
      return db.proposal.findFirst({ where: { id, workspaceId }, select: proposalSelect });
    },

    async setProposalMessage(id: string, messageRef: string): Promise<void> {
      await db.proposal.update({ where: { id }, data: { messageRef }, select: { id: true } });
    },

    /** Moves a pending proposal to `status`; false when it was no longer pending (decided elsewhere first). */
    async claimProposal(id: string, status: string, at: Date): Promise<boolean> {
      const r = await db.proposal.updateMany({ where: { id, status: "pending" }, data: { status, decidedAt: at } });
      return r.count === 1;
    },

    // ---- segment proposals (issue 10.3) ----
    async insertSegmentProposal(
      row: { workspaceId: string; teamId: string; userId: string; changes: string },
      at: Date,
    ): Promise<SegmentProposalRow> {
      return db.segmentProposal.create({
        data: { ...row, status: "pending", createdAt: at },
        select: segmentProposalSelect,
      });
    },

    async findSegmentProposal(workspaceId: string, id: string): Promise<SegmentProposalRow | null> {
      return db.segmentProposal.findFirst({ where: { id, workspaceId }, select: segmentProposalSelect });
    },

    /** Moves a pending segment proposal to `status`; false when it was no longer pending. */
    async claimSegmentProposal(id: string, status: string, at: Date): Promise<boolean> {
      const r = await db.segmentProposal.updateMany({
        where: { id, status: "pending" },
        data: { status, decidedAt: at },
      });
      return r.count === 1;
    },

    // ---- conversations ----
    async findThread(key: ThreadKeyColumns): Promise<ConversationRow | null> {
      return db.conversation.findUnique({ where: { workspaceId_channelId_threadTs: key }, select: conversationSelect });
    },

    async findThreadById(workspaceId: string, id: string): Promise<ConversationRow | null> {
      return db.conversation.findFirst({ where: { id, workspaceId }, select: conversationSelect });
    },

    /** Creates or replaces the thread's state; returns the row id. */
    async upsertThread(
      key: ThreadKeyColumns,
      userId: string,
      data: { state: string; kind: string },
      at: Date,
    ): Promise<string> {
      const row = await db.conversation.upsert({
        where: { workspaceId_channelId_threadTs: key },
        create: { ...key, userId, ...data, createdAt: at, updatedAt: at },
        update: { ...data, updatedAt: at },
        select: { id: true },
      });
      return row.id;
    },

    // ---- account parts (the caller has checked the account is in the person's scope) ----
    async findOpportunityColumns(accountId: string, opportunityId: string): Promise<OpportunityColumns | null> {
      return db.opportunity.findFirst({
        where: { id: opportunityId, accountId },
        select: { projectType: true, procurementMethod: true, expectedCloseDate: true },
      });
    },

    async insertNeed(row: NeedRow): Promise<string> {
      return (await db.need.create({ data: row, select: { id: true } })).id;
    },

    async insertFactChanges(rows: readonly FactChangeRow[]): Promise<void> {
      if (rows.length > 0) await db.factChange.createMany({ data: [...rows] });
    },

    /** A change to an account's parts bumps its version, so other pending proposals re-check and caches miss. */
    async bumpAccountVersion(workspaceId: string, accountId: string): Promise<void> {
      await db.account.updateMany({ where: { id: accountId, workspaceId }, data: { version: { increment: 1 } } });
    },
  };
}

export type AssistantRepository = ReturnType<typeof createAssistantRepository>;
