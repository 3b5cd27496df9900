// `kvalue import|export|demo|migrate|console`: the commands that work on the database (DATABASE_URL).
import { teamSegments } from "../../features/segments/service.js";
import { segmentsCsv, segmentsJson } from "../../features/segments/export.js";
import { extname } from "node:path";
import { EXIT, type CliIo, type CommandRun } from "../command.js";
import { LOCAL } from "../../console/local-user.js";
import { decodeImportFile, fileSizeProblem } from "../../features/import-export/import-parse.js";
import { accountsCsv, accountsJson, partsCsv } from "../../features/import-export/accounts-csv.js";
import { IMPORT_KINDS, PART_KINDS, type PartKind } from "../../features/import-export/part-columns.js";
import { parseStageMap, type StageMapEntry } from "../../features/import-export/stage-map.js";
import { setTeamStageMap, storedStageMap } from "../../features/import-export/stage-map-service.js";
import { stageMapLines } from "../../features/import-export/ui/stage-map.js";
import { isoDate } from "../../core/facts.js";
import { fileProblemText, importResultLines } from "../../features/import-export/ui/summary.js";
import type { Locale } from "../../i18n/locale.js";
import { matrixTableCsv, matrixTableJson } from "../../features/import-export/export-format.js";
import { loadConfig } from "../../config.js";
import { errorMessage } from "../../commands/reply.js";
import { mrkdwnToText } from "../../console/render.js";
import { t } from "../../i18n/catalog.js";
import { formatInt } from "../../i18n/format.js";
import { isServiceError } from "../../features/errors.js";
import { exportAccounts, exportParts, importFile } from "../../features/import-export/service.js";
import { Handoff } from "../../features/import-export/handoff.js";
import { loadDemo, isEmpty } from "../../features/demo/service.js";
import { managementTable } from "../../features/accounts/portfolio.js";
import { pickTeam, type Scope, type TeamRef } from "../../features/teams/scope.js";
import { listWorkspaces, teamsOfWorkspace } from "../../features/teams/service.js";
import type { ServiceDeps } from "../../features/deps.js";
import { migrate, openStore } from "../../store/index.js";
import { cliActor, withLocalStore } from "../local.js";
import { readArgs } from "../options.js";
import { contextOf } from "../lang.js";
import { argsText, readErrorText } from "../say.js";

/** "a, b or c" / "a、b 或 c". */
const choices = (locale: Locale, values: readonly string[]): string =>
  locale === "en"
    ? `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`
    : `${values.slice(0, -1).join("、")} 或 ${values[values.length - 1]}`;

export const importCommand: CommandRun = {
  async run(args, io, given) {
    const { locale } = contextOf(given);
    const parsed = readArgs(args, {
      format: { type: "string" },
      team: { type: "string" },
      workspace: { type: "string" },
      "dry-run": { type: "boolean" },
      strict: { type: "boolean" },
      kind: { type: "string" },
      "as-of": { type: "string" },
      "stage-map": { type: "string" },
    });
    if (!parsed.ok) {
      io.err(`${argsText(locale, "import", parsed)}\n`);
      return EXIT.invalid;
    }
    const { positionals, values: options } = parsed;
    const file = positionals[0];
    if (!file) {
      io.err(`${t(locale, "cli.import.no_file")}\n`);
      return EXIT.invalid;
    }
    // A second file was read as nothing while the first was imported: one file per import.
    if (positionals.length > 1) {
      io.err(`${t(locale, "cli.one_file", { command: "import", n: positionals.length })}\n`);
      return EXIT.invalid;
    }
    const format = options.format ?? (extname(file).toLowerCase() === ".json" ? "json" : "csv");
    if (format !== "csv" && format !== "json") {
      io.err(`${t(locale, "cli.format", { command: "import", value: format })}\n`);
      return EXIT.invalid;
    }
    // A file too large is refused before it is read (a 2 GB file would not fit in memory).
    const tooLarge = fileSizeProblem((await io.fileSize?.(file)) ?? 1);
    if (tooLarge) {
      io.err(`${fileProblemText(locale, file, tooLarge)}\n`);
      return EXIT.invalid;
    }
    const kind = IMPORT_KINDS.find((k) => k === options.kind);
    if (options.kind !== undefined && kind === undefined) {
      const values = choices(locale, ["accounts", "segments", ...PART_KINDS]);
      io.err(`${t(locale, "cli.kind", { command: "import", values, value: options.kind })}\n`);
      return EXIT.invalid;
    }
    const asOf = options["as-of"];
    if (asOf !== undefined && !isoDate.safeParse(asOf).success) {
      io.err(`${t(locale, "cli.as_of", { command: "import", value: asOf })}\n`);
      return EXIT.invalid;
    }
    const stageFile = options["stage-map"];
    const stageMap = stageFile === undefined ? undefined : await readStageMapFile(io, locale, "import", stageFile);
    if (stageMap === null) return EXIT.invalid;
    // An unreadable file is the user's slip, said as such (not an internal error).
    // Handed over: once decoded, the file's bytes are not kept through the parse and the writes (18 MB of a
    // 100,000-row export).
    let bytes: Handoff<Uint8Array>;
    try {
      bytes = new Handoff(await io.readBytes(file));
    } catch (e) {
      io.err(`${readErrorText(locale, "import", e)}\n${t(locale, "import.nothing_imported")}\n`);
      return EXIT.invalid;
    }
    // A dry run writes nothing, not even the local workspace and team of a fresh database.
    const dryRun = options["dry-run"] === true;
    return withLocalStore(
      async (deps, _store, scope) => {
        // --workspace: a Slack workspace's team, named by the operator; without it, the console's local team.
        try {
          const target = await targetTeam(deps, scope, options, io, locale);
          if (target === null) return EXIT.invalid;
          const { team, workspaceId } = target;
          const started = performance.now();
          const { progress } = io;
          const importing = importFile(deps, { ...cliActor(file), workspaceId, source: "import" }, team, {
            bytes,
            fileName: file,
            format,
            strict: options.strict === true,
            dryRun,
            ...(kind === undefined ? {} : { kind }),
            ...(asOf === undefined ? {} : { asOf }),
            ...(stageMap === undefined ? {} : { stageMap }),
            onProgress:
              progress &&
              ((written, total) =>
                progress(t(locale, "cli.import.progress", { written: formatInt(written), total: formatInt(total) }))),
          });
          const result = await importing.finally(() => progress?.(""));
          const { ok, lines } = importResultLines(locale, result, { file, team: team.name });
          if (!ok) {
            io.err(`${lines.join("\n")}\n`);
            return EXIT.invalid;
          }
          io.out(
            `${lines.join("\n")}\n${t(locale, "cli.import.ms", { ms: Math.round(performance.now() - started) })}\n`,
          );
          return EXIT.ok;
        } catch (e) {
          if (!isServiceError(e)) throw e;
          io.err(`${mrkdwnToText(errorMessage(e, locale).text)}\n${t(locale, "import.nothing_imported")}\n`);
          return EXIT.invalid;
        }
      },
      { readOnly: dryRun },
    );
  },
};

/** A stage-map file read and parsed; null (its problems said on stderr) when it cannot be read or has bad lines. */
async function readStageMapFile(
  io: CliIo,
  locale: Locale,
  command: string,
  file: string,
): Promise<StageMapEntry[] | null> {
  let bytes: Uint8Array;
  try {
    bytes = await io.readBytes(file);
  } catch (e) {
    io.err(`${readErrorText(locale, command, e)}\n`);
    return null;
  }
  // Read as an import file is (a CRM's GBK export, a BOM; empty or binary refused), not as UTF-8 alone.
  const decoded = decodeImportFile(bytes);
  if (!decoded.ok) {
    io.err(`${fileProblemText(locale, file, decoded.problem)}\n`);
    return null;
  }
  const map = parseStageMap(decoded.text);
  // An empty file would clear the team's map without a word (`kvalue stages --clear` does that on purpose).
  if (map.ok && map.map.length === 0) {
    io.err(`${file}: ${t(locale, "import.parse.stage_map_empty")}\n`);
    return null;
  }
  if (map.ok) return map.map;
  for (const e of map.errors) {
    const message = e.said?.[locale] ?? e.message;
    io.err(
      `${e.row === null ? `${file}: ${message}` : t(locale, "import.parse.stage_map_place", { file, row: e.row, message })}\n`,
    );
  }
  return null;
}

/** `kvalue stages [--file FILE | --clear]`: shows, replaces or clears the stage map a team's imports apply. */
export const stagesCommand: CommandRun = {
  async run(args, io, given) {
    const { locale } = contextOf(given);
    const parsed = readArgs(args, {
      file: { type: "string" },
      clear: { type: "boolean" },
      team: { type: "string" },
      workspace: { type: "string" },
    });
    if (!parsed.ok || parsed.positionals.length > 0 || (parsed.values.file !== undefined && parsed.values.clear)) {
      io.err(`${parsed.ok ? t(locale, "cli.stages.usage") : argsText(locale, "stages", parsed)}\n`);
      return EXIT.invalid;
    }
    const options = parsed.values;
    const file = options.file === undefined ? undefined : await readStageMapFile(io, locale, "stages", options.file);
    if (file === null) return EXIT.invalid;
    // Shown only: nothing is written, not even the local workspace and team of a fresh database.
    const readOnly = file === undefined && !options.clear;
    return withLocalStore(
      async (deps, _store, scope) => {
        try {
          const target = await targetTeam(deps, scope, options, io, locale);
          if (target === null) return EXIT.invalid;
          const { team, workspaceId } = target;
          const actor = { ...cliActor(options.file), workspaceId };
          let map = await storedStageMap(deps, team.id);
          const lines: string[] = [];
          if (file !== undefined || options.clear) {
            const set = await setTeamStageMap(
              deps,
              actor,
              team,
              file === undefined ? { clear: true } : { replace: file },
            );
            map = set.map;
            lines.push(
              set.changed
                ? t(locale, "stages.changed", { team: team.name, before: set.before.length, after: set.map.length })
                : t(locale, "stages.unchanged"),
            );
          }
          lines.push(
            map.length
              ? t(locale, "stages.head", { team: team.name, n: map.length })
              : t(locale, "stages.none", { team: team.name }),
            ...stageMapLines(locale, map).map((l) => `  ${l}`),
          );
          io.out(`${lines.map(mrkdwnToText).join("\n")}\n`);
          return EXIT.ok;
        } catch (e) {
          if (!isServiceError(e)) throw e;
          io.err(`${mrkdwnToText(errorMessage(e, locale).text)}\n`);
          return EXIT.invalid;
        }
      },
      { readOnly },
    );
  },
};

/** The team a database command acts on: `--team` of Slack workspace `--workspace`, else of the console's local
 *  workspace (`scope`: its only team without `--team`; see withLocalStore). Null when the operator named an unknown
 *  one (said on stderr); a local `--team` that is no team throws the ServiceError the command reports. */
async function targetTeam(
  deps: ServiceDeps,
  scope: () => Promise<Scope>,
  options: { workspace?: string | undefined; team?: string | undefined },
  io: CliIo,
  locale: Locale,
): Promise<{ team: TeamRef; workspaceId: string } | null> {
  if (options.workspace !== undefined) return slackTarget(deps, options.workspace, options.team, io, locale);
  const team = pickTeam(await scope(), options.team ?? null, LOCAL.channelId);
  return { team, workspaceId: LOCAL.workspaceId };
}

/** The team `--team` of Slack workspace `--workspace`; when either is missing or unknown, the choices are listed. */
async function slackTarget(
  deps: ServiceDeps,
  workspaceId: string,
  teamName: string | undefined,
  io: CliIo,
  locale: Locale,
): Promise<{ team: TeamRef; workspaceId: string } | null> {
  const workspaces = await listWorkspaces(deps);
  const workspace = workspaces.find((w) => w.id === workspaceId.trim());
  if (!workspace) {
    const list = workspaces.map((w) => `${w.id} (${w.name})`).join(", ") || t(locale, "cli.none");
    io.err(`${t(locale, "cli.no_workspace", { id: workspaceId, list })}\n`);
    return null;
  }
  const teams = await teamsOfWorkspace(deps, workspace.id);
  const key = (teamName ?? "").replace(/^#/, "").trim().toLowerCase();
  const team = key ? teams.find((t) => t.name.toLowerCase() === key || t.channelId.toLowerCase() === key) : undefined;
  if (!team) {
    const list = teams.map((x) => x.name).join(", ") || t(locale, "cli.no_teams");
    const where = `${workspace.id} (${workspace.name})`;
    io.err(
      `${teamName === undefined ? t(locale, "cli.name_team", { workspace: where, list }) : t(locale, "cli.no_team", { workspace: where, team: teamName, list })}\n`,
    );
    return null;
  }
  return { team, workspaceId: workspace.id };
}

export const exportCommand: CommandRun = {
  async run(args, io, given) {
    const ctx = contextOf(given);
    const parsed = readArgs(args, {
      format: { type: "string" },
      team: { type: "string" },
      kind: { type: "string" },
    });
    if (!parsed.ok) {
      io.err(`${argsText(ctx.locale, "export", parsed)}\n`);
      return EXIT.invalid;
    }
    if (parsed.positionals.length > 0) {
      io.err(`${t(ctx.locale, "cli.export.no_file", { args: parsed.positionals.join(" ") })}\n`);
      return EXIT.invalid;
    }
    const options = parsed.values;
    const format = options.format ?? "csv";
    if (format !== "csv" && format !== "json") {
      io.err(`${t(ctx.locale, "cli.format", { command: "export", value: format })}\n`);
      return EXIT.invalid;
    }
    const kind = options.kind ?? "matrix";
    if (
      kind !== "matrix" &&
      kind !== "accounts" &&
      kind !== "segments" &&
      !(PART_KINDS as readonly string[]).includes(kind)
    ) {
      const values = choices(ctx.locale, ["matrix", "accounts", "segments", ...PART_KINDS]);
      io.err(`${t(ctx.locale, "cli.kind", { command: "export", values, value: kind })}\n`);
      return EXIT.invalid;
    }
    if (format === "json" && (PART_KINDS as readonly string[]).includes(kind)) {
      io.err(`${t(ctx.locale, "cli.export.parts_csv", { kind })}\n`);
      return EXIT.invalid;
    }
    // The file's headers are in Chinese unless --lang says otherwise (a 管理表 goes to Chinese colleagues).
    const locale: Locale = ctx.lang ?? "zh-CN";
    // An export writes nothing, not even the local workspace and team of a fresh database.
    return withLocalStore(
      async (deps, _store, scope) => {
        try {
          return await exportKind(deps, await scope(), io, kind, format, options.team ?? null, locale);
        } catch (e) {
          // No such team, or not one of the user's: the service's message, in the reader's language.
          if (!isServiceError(e)) throw e;
          const reason = mrkdwnToText(errorMessage(e, ctx.locale).text);
          io.err(`${t(ctx.locale, "cli.refused", { command: "export", reason })}\n`);
          return EXIT.invalid;
        }
      },
      { readOnly: true },
    );
  },
};

async function exportKind(
  deps: ServiceDeps,
  scope: Scope,
  io: CliIo,
  kind: string,
  format: "csv" | "json",
  team: string | null,
  locale: Locale,
): Promise<number> {
  const input = { team, channelId: LOCAL.channelId };
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
}

export const demoCommand: CommandRun = {
  async run(_args, io, given) {
    const { locale } = contextOf(given);
    return withLocalStore(async (deps) => {
      if (!(await isEmpty(deps, LOCAL.workspaceId))) {
        io.err(`${t(locale, "cli.demo.not_empty")}\n`);
        return EXIT.invalid;
      }
      const r = await loadDemo(deps, { ...cliActor(), source: "demo" }, LOCAL.channelId, { history: true });
      io.out(`${t(locale, "cli.demo.loaded", r)}\n`);
      return EXIT.ok;
    });
  },
};

export const migrateCommand: CommandRun = {
  async run(_args, io, given) {
    const { locale } = contextOf(given);
    const store = await openStore(loadConfig().databaseUrl);
    try {
      const r = await migrate(store);
      for (const w of r.warnings) io.err(`${t(locale, "cli.migrate.warning", { text: w })}\n`);
      io.out(
        `${r.applied.length ? t(locale, "cli.migrate.applied", { list: r.applied.join(", ") }) : t(locale, "cli.migrate.up_to_date")}\n`,
      );
      return EXIT.ok;
    } finally {
      await store.close();
    }
  },
};

export const consoleCommand: CommandRun = {
  async run(_args, _io, given) {
    const config = loadConfig();
    // --lang picks the console's language; without it, the configured default as before.
    const defaultLocale = given?.lang ?? config.defaultLocale;
    // Loaded only here: import, export and the other database commands start without the console's modules.
    const { runConsole } = await import("../../console/console.js");
    return withLocalStore(
      async (deps) => {
        await runConsole({ deps, input: process.stdin, output: process.stdout, defaultLocale });
        return EXIT.ok;
      },
      { interactive: true },
    );
  },
};
