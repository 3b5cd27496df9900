// The Installation and ProcessedEvent tables: Slack installs (OAuth tokens) and the event_id dedupe guard.
import { isUniqueViolation, type DbClient, type Provider } from "../../store/index.js";

/** The columns of one installation, as stored (the whole Bolt object rides along as JSON text in `raw`). */
export interface InstallationRow {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall: boolean;
  botToken: string;
  botId: string;
  botUserId: string;
  userId: string;
  userToken: string | null;
  /** comma-separated, as Slack returns them */
  scopes: string;
  raw: string;
  installedAt: Date;
}

export function createInstallationsRepository(db: DbClient, _provider: Provider) {
  return {
    /** Inserts or replaces the installation under `installKey`, active again (revokedAt cleared). */
    async upsertInstallation(installKey: string, row: InstallationRow): Promise<void> {
      const data = { ...row, revokedAt: null };
      await db.installation.upsert({ where: { installKey }, create: { installKey, ...data }, update: data });
    },

    async findInstallation(installKey: string): Promise<{ raw: string; revokedAt: Date | null } | null> {
      return db.installation.findUnique({ where: { installKey }, select: { raw: true, revokedAt: true } });
    },

    async revokeInstallation(installKey: string, at: Date): Promise<void> {
      await db.installation.updateMany({ where: { installKey }, data: { revokedAt: at } });
    },

    /** Revokes every active installation of a workspace (uninstall, bot token revoked). */
    async revokeWorkspaceInstallations(teamId: string, at: Date): Promise<void> {
      await db.installation.updateMany({ where: { teamId, revokedAt: null }, data: { revokedAt: at } });
    },

    /** The bot token of the workspace's newest active installation. */
    async activeBotToken(teamId: string): Promise<string | null> {
      const row = await db.installation.findFirst({
        where: { teamId, revokedAt: null },
        orderBy: { installedAt: "desc" },
        select: { botToken: true },
      });
      return row?.botToken || null;
    },

    /** Records an event id; false when it was recorded before (by any instance: the id is the primary key). */
    async recordEvent(eventId: string, workspaceId: string, receivedAt: Date): Promise<boolean> {
      try {
        await db.processedEvent.create({ data: { eventId, workspaceId, receivedAt } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
  };
}

export type InstallationsRepository = ReturnType<typeof createInstallationsRepository>;
