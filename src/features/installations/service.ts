// Multi-workspace installs (OAuth): storing, serving and revoking them, and the once-per-event guard of the
// Events API. A revoked installation (uninstall, token revocation) is never served, so a stale token is not used.
import { installationKey } from "../accounts/keys.js";
import type { ServiceDeps } from "../deps.js";
import { ensureWorkspace } from "../teams/service.js";

/** Which installation: a workspace install (team) or an org-wide one (enterprise). */
export interface InstallationIds {
  teamId: string | null;
  enterpriseId: string | null;
  isEnterpriseInstall?: boolean;
}

/** What Slack's OAuth flow hands over, flattened; `raw` is the whole object to serve back as it was. */
export interface NewInstallation extends InstallationIds {
  teamName: string | null;
  botToken: string;
  botId: string;
  botUserId: string;
  userId: string;
  userToken: string | null;
  scopes: readonly string[];
  raw: string;
}

export async function saveInstallation(deps: ServiceDeps, i: NewInstallation): Promise<void> {
  const isEnterpriseInstall = i.isEnterpriseInstall === true;
  const key = installationKey({ teamId: i.teamId, enterpriseId: i.enterpriseId, isEnterpriseInstall });
  if (i.teamId) await ensureWorkspace(deps, i.teamId, i.teamName ?? i.teamId);
  await deps.repos.installations.upsertInstallation(key, {
    teamId: i.teamId,
    enterpriseId: i.enterpriseId,
    isEnterpriseInstall,
    botToken: i.botToken,
    botId: i.botId,
    botUserId: i.botUserId,
    userId: i.userId,
    userToken: i.userToken,
    scopes: i.scopes.join(","),
    raw: i.raw,
    installedAt: deps.now(),
  });
}

/** The stored installation object (as saved), or an error when there is none or it was revoked. */
export async function activeInstallation(deps: ServiceDeps, ids: InstallationIds): Promise<string> {
  const key = installationKey(ids);
  const row = await deps.repos.installations.findInstallation(key);
  if (!row || row.revokedAt) throw new Error(`no active installation for ${key}`);
  return row.raw;
}

export async function revokeInstallation(deps: ServiceDeps, ids: InstallationIds): Promise<void> {
  await deps.repos.installations.revokeInstallation(installationKey(ids), deps.now());
}

/** The app was uninstalled, or its bot token revoked: stop serving what was installed. An org-wide (Enterprise
 *  Grid) install is stored under its enterprise id alone, so it is revoked by the store's own key; a workspace
 *  install by its team, whichever enterprise it sits in. */
export async function revokeInstalled(deps: ServiceDeps, ids: InstallationIds): Promise<void> {
  if (ids.isEnterpriseInstall === true && ids.enterpriseId) return revokeInstallation(deps, ids);
  if (ids.teamId) return revokeWorkspace(deps, ids.teamId);
  throw new Error("an uninstall needs a team id or an enterprise id");
}

/** The app was uninstalled from a workspace, or its bot token revoked: stop serving its installations. */
export async function revokeWorkspace(deps: ServiceDeps, workspaceId: string): Promise<void> {
  await deps.repos.installations.revokeWorkspaceInstallations(workspaceId, deps.now());
}

/** The bot token to act in a workspace with (newest active installation), or null. */
export async function botTokenFor(deps: ServiceDeps, workspaceId: string): Promise<string | null> {
  return deps.repos.installations.activeBotToken(workspaceId);
}

/** True the first time an event id is seen (in any instance); Slack retries deliver the same id again. */
export async function firstDelivery(deps: ServiceDeps, eventId: string, workspaceId: string): Promise<boolean> {
  return deps.repos.installations.recordEvent(eventId, workspaceId, deps.now());
}
