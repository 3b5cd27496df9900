// Multi-workspace installs: Bolt's InstallationStore over the installations feature. A revoked installation
// (uninstall, token revocation) is not served, so a stale token is never used.
import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { ServiceDeps } from "../features/deps.js";
import {
  activeInstallation,
  revokeInstallation,
  saveInstallation,
  type InstallationIds,
} from "../features/installations/service.js";

const idsOf = (query: InstallationQuery<boolean>): InstallationIds => ({
  teamId: query.teamId ?? null,
  enterpriseId: query.enterpriseId ?? null,
  isEnterpriseInstall: query.isEnterpriseInstall,
});

export function databaseInstallationStore(deps: ServiceDeps): InstallationStore {
  return {
    async storeInstallation(installation: Installation) {
      await saveInstallation(deps, {
        teamId: installation.team?.id ?? null,
        teamName: installation.team?.name ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: installation.isEnterpriseInstall === true,
        botToken: installation.bot?.token ?? "",
        botId: installation.bot?.id ?? "",
        botUserId: installation.bot?.userId ?? "",
        userId: installation.user.id,
        userToken: installation.user.token ?? null,
        scopes: installation.bot?.scopes ?? [],
        raw: JSON.stringify(installation),
      });
    },
    async fetchInstallation(query: InstallationQuery<boolean>) {
      return JSON.parse(await activeInstallation(deps, idsOf(query))) as Installation;
    },
    async deleteInstallation(query: InstallationQuery<boolean>) {
      await revokeInstallation(deps, idsOf(query));
    },
  };
}
