// Multi-workspace installs: Bolt's InstallationStore on the Installation table. A revoked installation
// (uninstall, token revocation) is not served, so a stale token is never used.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { installationKey } from "../features/accounts/keys.js";
import type { ServiceDeps } from "../features/deps.js";
import { ensureWorkspace } from "../features/teams/service.js";

export function databaseInstallationStore(deps: ServiceDeps): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      const teamId = installation.team?.id ?? null;
      const enterpriseId = installation.enterprise?.id ?? null;
      const isEnterpriseInstall = installation.isEnterpriseInstall === true;
      const key = installationKey({ teamId, enterpriseId, isEnterpriseInstall });
      const data = {
        teamId, enterpriseId, isEnterpriseInstall,
        botToken: installation.bot?.token ?? "", botId: installation.bot?.id ?? "", botUserId: installation.bot?.userId ?? "",
        userId: installation.user.id, userToken: installation.user.token ?? null,
        scopes: (installation.bot?.scopes ?? []).join(","), raw: JSON.stringify(installation),
        installedAt: deps.now(), revokedAt: null,
      };
      if (teamId) await ensureWorkspace(deps, teamId, installation.team?.name ?? teamId);
      await deps.db.installation.upsert({ where: { installKey: key }, create: { installKey: key, ...data }, update: data });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey({ teamId: query.teamId ?? null, enterpriseId: query.enterpriseId ?? null, isEnterpriseInstall: query.isEnterpriseInstall });
      const row = await deps.db.installation.findUnique({ where: { installKey: key } });
      if (!row || row.revokedAt) throw new Error(`no active installation for ${key}`);
      return JSON.parse(row.raw) as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      const key = installationKey({ teamId: query.teamId ?? null, enterpriseId: query.enterpriseId ?? null, isEnterpriseInstall: query.isEnterpriseInstall });
      await deps.db.installation.updateMany({ where: { installKey: key }, data: { revokedAt: deps.now() } });
    },
  };
}
