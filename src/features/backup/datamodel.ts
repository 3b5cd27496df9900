// The models as the backup sees them: read from prisma/<provider>/generated/datamodel.json, which `npm run
// db:generate` writes from the schema's DMMF (prisma/engine/datamodel-generator.mjs). So a model added to the
// schema is dumped and restored without touching this feature. Pure helpers over it: columns, the order that puts
// every parent before its children, and which rows belong to one workspace.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Provider } from "../../store/index.js";

export interface FieldInfo {
  name: string;
  dbName: string | null;
  kind: "scalar" | "object" | "enum" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  /** @updatedAt: Prisma sets it on every write */
  isUpdatedAt: boolean;
  /** a literal @default, else null */
  default: string | number | boolean | null;
  /** the function of @default(fn()), e.g. now, cuid; else null */
  defaultFunction: string | null;
  relationName: string | null;
  relationFromFields: string[];
  relationToFields: string[];
}

export interface ModelInfo {
  name: string;
  dbName: string | null;
  primaryKey: string[];
  fields: FieldInfo[];
}

export interface DataModel {
  models: ModelInfo[];
}

/** Finds the generated file by walking up from here: works from src/ (tsx, vitest), dist/src/ and a release bundle. */
export function loadDataModel(provider: Provider): DataModel {
  const start = path.dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "prisma", provider, "generated", "datamodel.json");
    if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, "utf8")) as DataModel;
    if (path.dirname(dir) === dir) {
      throw new Error(`prisma/${provider}/generated/datamodel.json not found above ${start}: run npm run db:generate`);
    }
  }
}

export const tableName = (m: ModelInfo): string => m.dbName ?? m.name;
export const columnName = (f: FieldInfo): string => f.dbName ?? f.name;

/** The stored fields of a model (relation fields are not columns). */
export const scalarFields = (m: ModelInfo): FieldInfo[] =>
  m.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");

/** Relation fields that hold the foreign key (`@relation(fields: …)`), i.e. point at a parent. */
export const parentRelations = (m: ModelInfo): FieldInfo[] =>
  m.fields.filter((f) => f.kind === "object" && f.relationFromFields.length > 0);

/** Every model, parents before children (foreign keys are checked at each insert on PostgreSQL). A cycle of
 *  foreign keys between models cannot be loaded row by row and is refused with the models' names. */
export function parentsFirst(models: readonly ModelInfo[]): ModelInfo[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const order: ModelInfo[] = [];
  const visit = (m: ModelInfo, trail: string[]): void => {
    if (done.has(m.name)) return;
    if (visiting.has(m.name)) throw new Error(`foreign keys form a cycle: ${[...trail, m.name].join(" → ")}`);
    visiting.add(m.name);
    for (const r of parentRelations(m)) {
      const parent = byName.get(r.type);
      if (parent && parent.name !== m.name) visit(parent, [...trail, m.name]);
    }
    visiting.delete(m.name);
    done.add(m.name);
    order.push(m);
  };
  for (const m of models) visit(m, []);
  return order;
}

/** A Prisma `where` selecting one workspace's rows of a model. */
export type ScopeWhere = Record<string, unknown>;

/**
 * Models whose rows belong to a workspace without a `workspaceId` column or a foreign key leading to one. Every other
 * model is scoped by its own `workspaceId`, or through the relation to its parent. A model that fits neither makes a
 * one-workspace backup fail with its name (test/ops/backup.test.ts backs up one workspace to catch it).
 */
const EXPLICIT_SCOPES: Record<string, (workspaceId: string, teamIds: readonly string[]) => ScopeWhere> = {
  // Slack's team id is the workspace id; an org-wide (enterprise) install belongs to no single workspace.
  Installation: (workspaceId) => ({ teamId: workspaceId }),
  // Weekly snapshots keep no foreign key (they outlive what they describe), only the team's id.
  PipelineSnapshot: (_w, teamIds) => ({ teamId: { in: [...teamIds] } }),
  TeamSnapshot: (_w, teamIds) => ({ teamId: { in: [...teamIds] } }),
};

/** The `where` of each model for one workspace; `teamIds` are the workspace's teams. */
export function workspaceScopes(
  models: readonly ModelInfo[],
  workspaceId: string,
  teamIds: readonly string[],
): Map<string, ScopeWhere> {
  const byName = new Map(models.map((m) => [m.name, m]));
  const memo = new Map<string, ScopeWhere | null>();
  const scopeOf = (m: ModelInfo, seen: ReadonlySet<string>): ScopeWhere | null => {
    const known = memo.get(m.name);
    if (known !== undefined) return known;
    let where: ScopeWhere | null = null;
    if (m.name === "Workspace") where = { id: workspaceId };
    else if (scalarFields(m).some((f) => f.name === "workspaceId")) where = { workspaceId };
    else if (EXPLICIT_SCOPES[m.name]) where = EXPLICIT_SCOPES[m.name]?.(workspaceId, teamIds) ?? null;
    else {
      // Through a parent: required relations first, so no row is dropped for a missing optional parent.
      const relations = [...parentRelations(m)].sort((a, b) => Number(b.isRequired) - Number(a.isRequired));
      for (const r of relations) {
        const parent = byName.get(r.type);
        if (!parent || seen.has(parent.name)) continue;
        const parentWhere = scopeOf(parent, new Set([...seen, m.name]));
        if (parentWhere) {
          where = { [r.name]: parentWhere };
          break;
        }
      }
    }
    memo.set(m.name, where);
    return where;
  };
  const scopes = new Map<string, ScopeWhere>();
  const unscoped: string[] = [];
  for (const m of models) {
    const where = scopeOf(m, new Set());
    if (where) scopes.set(m.name, where);
    else unscoped.push(m.name);
  }
  if (unscoped.length > 0) {
    throw new Error(
      `no workspace scope for model ${unscoped.join(", ")}: give it a workspaceId, a relation to a scoped model, or a rule in src/features/backup/datamodel.ts`,
    );
  }
  return scopes;
}
