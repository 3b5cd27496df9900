// `kvalue import|export|demo|migrate|console`: the commands that work on the database (DATABASE_URL).
import { teamSegments } from "../../features/segments/service.js";
import { segmentsCsv, segmentsJson } from "../../features/segments/export.js";
import { extname } from "node:path";
import { EXIT, type CliIo, type CommandRun } from "../command.js";
import { runConsole, LOCAL } from "../../console/console.js";
import { fileSizeProblem } from "../../features/import-export/import-parse.js";
import { accountsCsv, accountsJson, partsCsv } from "../../features/import-export/accounts-csv.js";
import { PART_KINDS, type PartKind } from "../../features/import-export/part-columns.js";
import { parseStageMap } from "../../features/import-export/part-parse.js";
import { isoDate } from "../../core/facts.js";
import type { Stage } from "../../core/enums.js";
import { fileProblemText, importResultLines } from "../../features/import-export/ui/summary.js";
import type { Locale } from "../../i18n/locale.js";
import { matrixTableCsv, matrixTableJson } from "../../features/import-export/export-format.js";
import { cliDefaultLocale, loadConfig } from "../../config.js";
import { errorMessage } from "../../commands/reply.js";
import { mrkdwnToText } from "../../console/render.js";
import { t } from "../../i18n/catalog.js";
import { isServiceError } from "../../features/errors.js";
import { exportAccounts, exportParts, importFile } from "../../features/import-export/service.js";
import { loadDemo, isEmpty } from "../../features/demo/service.js";
import { managementTable } from "../../features/accounts/portfolio.js";
import { pickTeam, type TeamRef } from "../../features/teams/scope.js";
import { listWorkspaces, teamsOfWorkspace } from "../../features/teams/service.js";
import type { ServiceDeps } from "../../features/deps.js";
import { migrate, openStore } from "../../store/index.js";
import { cliActor, localScope, withLocalStore } from "../local.js";
import { readArgs } from "../options.js";

export const importCommand: CommandRun = {
  async run(args, io) {
    const parsed = readArgs(args, {
      format: { type: "string" },
      team: { type: "string" },
      workspace: { type: "string" },
      lang: { type: "string" },
      "dry-run": { type: "boolean" },
      strict: { type: "boolean" },
      kind: { type: "string" },
      "as-of": { type: "string" },
      "stage-map": { type: "string" },
    });
    if (!parsed.ok) {
      io.err(`kvalue import: ${parsed.message}\n`);
      return EXIT.invalid;
    }
    const { positionals, values: options } = parsed;
    const locale = cliLocale(options.lang);
    const file = positionals[0];
    if (!file) {
      io.err("kvalue import: name a CSV or JSON file\n");
      return EXIT.invalid;
    }
    const format = options.format ?? (extname(file).toLowerCase() === ".json" ? "json" : "csv");
    if (format !== "csv" && format !== "json") {
      io.err(`kvalue import: --format is csv or json, not ${format}\n`);
      return EXIT.invalid;
    }
    // A file too large is refused before it is read (a 2 GB file would not fit in memory).
    const tooLarge = fileSizeProblem((await io.fileSize?.(file)) ?? 1);
    if (tooLarge) {
      io.err(`${fileProblemText(locale, file, tooLarge)}\n`);
      return EXIT.invalid;
    }
    const kind = options.kind;
    if (kind !== undefined && kind !== "accounts" && !(PART_KINDS as readonly string[]).includes(kind)) {
      io.err(`kvalue import: --kind is accounts, contacts, needs or opportunities, not ${kind}\n`);
      return EXIT.invalid;
    }
    const asOf = options["as-of"];
    if (asOf !== undefined && !isoDate.safeParse(asOf).success) {
      io.err(`kvalue import: --as-of is a date YYYY-MM-DD, not ${asOf}\n`);
      return EXIT.invalid;
    }
    let stageMap: Map<string, Stage> | undefined;
    if (options["stage-map"] !== undefined) {
      const map = parseStageMap(await io.readText(options["stage-map"]));
      if (!map.ok) {
        for (const e of map.errors) io.err(`${options["stage-map"]}: line ${e.row}: ${e.message}\n`);
        return EXIT.invalid;
      }
      stageMap = map.map;
    }
    const bytes = await io.readBytes(file);
    return withLocalStore(async (deps) => {
      // --workspace: a Slack workspace's team, named by the operator; without it, the console's local team.
      const target =
        options.workspace === undefined ? null : await slackTarget(deps, options.workspace, options.team, io);
      if (options.workspace !== undefined && target === null) return EXIT.invalid;
      try {
        const team = target?.team ?? pickTeam(await localScope(deps), options.team ?? null, LOCAL.channelId);
        const workspaceId = target?.workspaceId ?? LOCAL.workspaceId;
        const started = performance.now();
        const result = await importFile(deps, { ...cliActor(file), workspaceId, source: "import" }, team, {
          bytes,
          fileName: file,
          format,
          strict: options.strict === true,
          dryRun: options["dry-run"] === true,
          ...(kind === undefined ? {} : { kind: kind as "accounts" | PartKind }),
          ...(asOf === undefined ? {} : { asOf }),
          ...(stageMap === undefined ? {} : { stageMap }),
        });
        const { ok, lines } = importResultLines(locale, result, { file, team: team.name });
        if (!ok) {
          io.err(`${lines.join("\n")}\n`);
          return EXIT.invalid;
        }
        io.out(`${lines.join("\n")}\n(${Math.round(performance.now() - started)} ms)\n`);
        return EXIT.ok;
      } catch (e) {
        if (!isServiceError(e)) throw e;
        io.err(`${mrkdwnToText(errorMessage(e, locale).text)}\n${t(locale, "import.nothing_imported")}\n`);
        return EXIT.invalid;
      }
    });
  },
};

/** `--lang zh|en`; without it, the environment's (KVALUE_DEFAULT_LOCALE, then LANG). */
const cliLocale = (lang: string | undefined): Locale =>
  lang === undefined ? cliDefaultLocale() : lang.toLowerCase().startsWith("zh") ? "zh-CN" : "en";

/** The team `--team` of Slack workspace `--workspace`; when either is missing or unknown, the choices are listed. */
async function slackTarget(
  deps: ServiceDeps,
  workspaceId: string,
  teamName: string | undefined,
  io: CliIo,
): Promise<{ team: TeamRef; workspaceId: string } | null> {
  const workspaces = await listWorkspaces(deps);
  const workspace = workspaces.find((w) => w.id === workspaceId.trim());
  if (!workspace) {
    io.err(
      `kvalue import: no workspace "${workspaceId}"; workspaces: ${workspaces.map((w) => `${w.id} (${w.name})`).join(", ") || "none"}\n`,
    );
    return null;
  }
  const teams = await teamsOfWorkspace(deps, workspace.id);
  const key = (teamName ?? "").replace(/^#/, "").trim().toLowerCase();
  const team = key ? teams.find((t) => t.name.toLowerCase() === key || t.channelId.toLowerCase() === key) : undefined;
  if (!team) {
    const said = teamName === undefined ? "name a team with --team" : `no team "${teamName}" in ${workspace.id}`;
    io.err(
      `kvalue import: ${said}; teams in ${workspace.id} (${workspace.name}): ${teams.map((t) => t.name).join(", ") || "none (create one with /kvalue team create in a channel)"}\n`,
    );
    return null;
  }
  return { team, workspaceId: workspace.id };
}

export const exportCommand: CommandRun = {
  async run(args, io) {
    const parsed = readArgs(args, {
      format: { type: "string" },
      lang: { type: "string" },
      team: { type: "string" },
      kind: { type: "string" },
    });
    if (!parsed.ok) {
      io.err(`kvalue export: ${parsed.message}\n`);
      return EXIT.invalid;
    }
    const options = parsed.values;
    const format = options.format ?? "csv";
    if (format !== "csv" && format !== "json") {
      io.err(`kvalue export: --format is csv or json, not ${format}\n`);
      return EXIT.invalid;
    }
    const kind = options.kind ?? "matrix";
    if (
      kind !== "matrix" &&
      kind !== "accounts" &&
      kind !== "segments" &&
      !(PART_KINDS as readonly string[]).includes(kind)
    ) {
      io.err(`kvalue export: --kind is matrix, accounts, segments, contacts, needs or opportunities, not ${kind}\n`);
      return EXIT.invalid;
    }
    const locale = (options.lang ?? "zh").startsWith("en") ? "en" : "zh-CN";
    return withLocalStore(async (deps) => {
      const scope = await localScope(deps);
      const input = { team: options.team ?? null, channelId: LOCAL.channelId };
      if (kind === "segments") {
        const { segments } = await teamSegments(deps, scope, input);
        io.out(format === "json" ? segmentsJson(segments) : segmentsCsv(segments, locale));
        return EXIT.ok;
      }
      if (kind !== "matrix" && kind !== "accounts") {
        const { rows } = await exportParts(deps, scope, input, kind as PartKind);
        io.out(partsCsv(kind as PartKind, rows, locale));
        return EXIT.ok;
      }
      if (kind === "accounts") {
        const { records } = await exportAccounts(deps, scope, input);
        io.out(format === "json" ? accountsJson(records) : accountsCsv(records, locale));
        return EXIT.ok;
      }
      const { rows } = await managementTable(deps, scope, input);
      io.out(format === "json" ? `${matrixTableJson(rows)}\n` : matrixTableCsv(rows, { locale }));
      return EXIT.ok;
    });
  },
};

export const demoCommand: CommandRun = {
  async run(_args, io) {
    return withLocalStore(async (deps) => {
      if (!(await isEmpty(deps, LOCAL.workspaceId))) {
        io.err("kvalue demo: the local workspace already has accounts; nothing loaded\n");
        return EXIT.invalid;
      }
      const r = await loadDemo(deps, { ...cliActor(), source: "demo" }, LOCAL.channelId, { history: true });
      io.out(`loaded the demo portfolio: team ${r.team}, ${r.accounts} accounts, ${r.opportunities} opportunities\n`);
      return EXIT.ok;
    });
  },
};

export const migrateCommand: CommandRun = {
  async run(_args, io) {
    const store = await openStore(loadConfig().databaseUrl);
    try {
      const r = await migrate(store);
      for (const w of r.warnings) io.err(`warning: ${w}\n`);
      io.out(r.applied.length ? `applied ${r.applied.join(", ")}\n` : "the database is up to date\n");
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};

export const consoleCommand: CommandRun = {
  async run() {
    const config = loadConfig();
    return withLocalStore(async (deps) => {
      await runConsole({ deps, input: process.stdin, output: process.stdout, defaultLocale: config.defaultLocale });
      return EXIT.ok;
    });
  },
};
