// The layer rules of docs/architecture.md, checked by `npm run lint:deps` (and so by CI through `npm run lint`).
// Paths are relative to the repository root; every regex is anchored so that a rule names exactly the files it means.
// Type-only imports count as dependencies (tsPreCompilationDeps): a type is a coupling too.

/** The thin adapters: Slack listeners, the terminal console, the `kvalue` CLI. */
const SURFACES = "^src/(slack|console|cli)/";

/**
 * The only surface files that may open the database: they build ServiceDeps for the CLI's database commands
 * (openStore + migrate, then createServiceDeps). Anything else in a surface goes through a feature service.
 */
const STORE_WIRING = ["^src/cli/local\\.ts$", "^src/cli/commands/database\\.ts$"];

// TypeScript 7 (tsgo) ships no JavaScript compiler API, so dependency-cruiser reads TypeScript with swc. Without
// @swc/core it would skip every .ts file and report "no violations" over 0 modules: stop loudly instead.
try {
  require.resolve("@swc/core");
} catch {
  throw new Error("dependency-cruiser needs the devDependency @swc/core to read TypeScript files (npm ci)");
}

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "No cycles, type-only imports included: a cycle means two modules are one, or a layer is inverted.",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-is-self-contained",
      severity: "error",
      comment: "src/core is the pure method: it imports only src/core and npm packages (no Node built-ins, no I/O).",
      from: { path: "^src/core/" },
      to: { pathNot: ["^src/core/", "(^|/)node_modules/"] },
    },
    {
      name: "ui-kit-imports-core-and-i18n-only",
      severity: "error",
      comment: "src/ui (the Block Kit kit) imports only src/ui, src/core, src/i18n and npm packages.",
      from: { path: "^src/ui/" },
      to: { pathNot: ["^src/(ui|core|i18n)/", "(^|/)node_modules/"] },
    },
    {
      name: "surfaces-not-to-repositories",
      severity: "error",
      comment:
        "Surfaces call feature services; repositories (one per feature, and their aggregate " +
        "src/features/repositories.ts) are for services only.",
      from: { path: SURFACES },
      to: { path: "^src/features/([^/]+/repository|repositories)\\.ts$" },
    },
    {
      name: "surfaces-not-to-store",
      severity: "error",
      comment: "Surfaces never reach the database; only the CLI wiring files listed in STORE_WIRING open the store.",
      from: { path: SURFACES, pathNot: STORE_WIRING },
      to: { path: "^src/store/" },
    },
    {
      name: "surfaces-not-to-prisma",
      severity: "error",
      comment: "Surfaces never use Prisma: neither the @prisma packages nor the generated clients.",
      from: { path: SURFACES },
      to: { path: ["(^|/)node_modules/@prisma/", "^prisma/[^/]+/generated/"] },
    },
    {
      name: "features-not-to-surfaces",
      severity: "error",
      comment: "Features are called by surfaces, never the other way round.",
      from: { path: "^src/features/" },
      to: { path: SURFACES },
    },
    {
      name: "store-not-to-features",
      severity: "error",
      comment: "src/store is the client factory and migrations; it knows nothing about features.",
      from: { path: "^src/store/" },
      to: { path: "^src/features/" },
    },
  ],
  options: {
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // Keep the generated Prisma clients in the graph (so the Prisma rule sees them) without cruising their insides.
    doNotFollow: { path: ["node_modules", "^prisma/[^/]+/generated/"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
