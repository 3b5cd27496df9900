// Readiness (GET /readyz): the database answers and every migration this build ships is applied. Liveness (/healthz)
// needs nothing from here: a process that can answer HTTP is alive.
import { migrationsDir, readMigrations } from "../../store/index.js";
import { cacheSpec } from "../caches.js";
import type { ServiceDeps } from "../deps.js";

export type Readiness =
  | { ready: true }
  | { ready: false; reason: "database"; error: string }
  | { ready: false; reason: "migrations"; pending: string[] };

// The build's migrations are files that do not change while the process runs: read once per deps.
const SHIPPED = cacheSpec<string[]>("ops.shipped-migrations", 1);

function shipped(deps: Pick<ServiceDeps, "caches" | "repos">): Promise<string[]> {
  const provider = deps.repos.provider;
  return deps.caches
    .of(SHIPPED)
    .get(provider, "build", async () => readMigrations(migrationsDir(provider), provider).map((m) => m.name));
}

export async function readiness(deps: Pick<ServiceDeps, "caches" | "repos">): Promise<Readiness> {
  let applied: Set<string>;
  try {
    await deps.repos.ops.ping();
    applied = new Set(await deps.repos.ops.appliedMigrations());
  } catch (e) {
    return { ready: false, reason: "database", error: e instanceof Error ? e.message.slice(0, 300) : String(e) };
  }
  const pending = (await shipped(deps)).filter((name) => !applied.has(name));
  return pending.length > 0 ? { ready: false, reason: "migrations", pending } : { ready: true };
}
