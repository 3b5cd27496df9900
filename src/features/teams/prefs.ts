// Per-user language override (`/kvalue lang`); null means "follow the Slack locale".
import type { ServiceDeps } from "../deps.js";
import { ensureWorkspace } from "./service.js";

export type LocalePref = "zh-CN" | "en";

// Read on every request, changed about never: remembered for a minute per database. A change made here takes
// effect at once; one made by another instance within the minute.
const PREF_TTL_MS = 60_000;
const prefsByDb = new WeakMap<object, Map<string, { locale: LocalePref | null; at: number }>>();
const prefCache = (deps: ServiceDeps) => {
  const cache = prefsByDb.get(deps.db) ?? new Map<string, { locale: LocalePref | null; at: number }>();
  prefsByDb.set(deps.db, cache);
  return cache;
};

export async function localePref(deps: ServiceDeps, workspaceId: string, userId: string): Promise<LocalePref | null> {
  const cache = prefCache(deps);
  const key = `${workspaceId}:${userId}`;
  const now = deps.now().getTime();
  const hit = cache.get(key);
  if (hit && now - hit.at < PREF_TTL_MS && now >= hit.at) return hit.locale;
  const row = await deps.db.userPref.findUnique({ where: { workspaceId_userId: { workspaceId, userId } }, select: { locale: true } });
  const locale = row?.locale === "zh-CN" || row?.locale === "en" ? row.locale : null;
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { locale, at: now });
  return locale;
}

export async function setLocalePref(deps: ServiceDeps, workspaceId: string, userId: string, locale: LocalePref | null): Promise<void> {
  await ensureWorkspace(deps, workspaceId);
  await deps.db.userPref.upsert({
    where: { workspaceId_userId: { workspaceId, userId } },
    create: { workspaceId, userId, locale },
    update: { locale },
  });
  prefCache(deps).set(`${workspaceId}:${userId}`, { locale, at: deps.now().getTime() });
}
