// Per-user language override (`/kvalue lang`); null means "follow the Slack locale".
import type { ServiceDeps } from "./deps.js";
import { ensureWorkspace } from "./teams.js";

export type LocalePref = "zh-CN" | "en";

export async function localePref(deps: ServiceDeps, workspaceId: string, userId: string): Promise<LocalePref | null> {
  const row = await deps.db.userPref.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { locale: true } });
  return row?.locale === "zh-CN" || row?.locale === "en" ? row.locale : null;
}

export async function setLocalePref(deps: ServiceDeps, workspaceId: string, userId: string, locale: LocalePref | null): Promise<void> {
  await ensureWorkspace(deps, workspaceId);
  await deps.db.userPref.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, locale },
    update: { locale },
  });
}
