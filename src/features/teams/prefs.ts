// Per-user language override (`/kvalue lang`); null means "follow the Slack locale".
// Not cached: the pref is one row read by its unique (workspaceId, userId) index, and any version of it (its
// updatedAt) would be read by that same lookup, so a cache could only add staleness, never save a query.
import type { ServiceDeps } from "../deps.js";
import { ensureWorkspace } from "./service.js";

export type LocalePref = "zh-CN" | "en";

export async function localePref(deps: ServiceDeps, workspaceId: string, userId: string): Promise<LocalePref | null> {
  const locale = await deps.repos.teams.findLocale(workspaceId, userId);
  return locale === "zh-CN" || locale === "en" ? locale : null;
}

export async function setLocalePref(
  deps: ServiceDeps,
  workspaceId: string,
  userId: string,
  locale: LocalePref | null,
): Promise<void> {
  await ensureWorkspace(deps, workspaceId);
  await deps.repos.teams.upsertLocale(workspaceId, userId, locale);
}
