// The import as the surfaces offer it (`/kvalue import`, a file in a DM, `import PATH` in the console): a dry run of an uploaded (Slack) or local (console) file with an Import button
// whose value names the file and the team, then the import itself. The surface fetches the bytes; the team must be
// one of the user's scope (the teams they may write to), checked again when the button is pressed.
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { t } from "../../i18n/catalog.js";
import { actionRows, button, section } from "../../ui/blocks.js";
import { ACTION_IDS } from "../../ui/ids.js";
import { escapeMrkdwn, truncateMrkdwn } from "../../ui/limits.js";
import { SLACK_LIMITS } from "../../ui/limits.js";
import type { SlackMessage } from "../../ui/types.js";
import { pickTeam, resolveScope, type TeamRef } from "../teams/scope.js";
import { ServiceError } from "../errors.js";
import { importFile, type FileImportInput } from "./service.js";
import { parseStageMap } from "./stage-map.js";
import { IMPORT_KINDS } from "./part-columns.js";
import { isoDate } from "../../core/facts.js";
import { setTeamStageMap, storedStageMap, type StageMapChange } from "./stage-map-service.js";
import { stageMapErrorText, stageMapMessage } from "./ui/stage-map.js";
import { esc, textMessage } from "../../ui/text.js";
import { importResultLines, noRecords } from "./ui/summary.js";

export const importCommands = {
  // A slash command carries no file: say how to send one. The console reads `import <path>` itself, so there a bare
  // `import` is told to name a path, not to send a file in a DM it does not have.
  import: async (env) => {
    const help = t(env.locale, env.actor.source === "console" ? "import.help_console" : "import.help");
    return { text: help, blocks: [section(help)] };
  },
  stages: async (env, command) => {
    const { locale } = env;
    const team = await importTarget(env, command.team);
    if (command.action === "show")
      return stageMapMessage(locale, { team: team.name, map: await storedStageMap(env.deps, team.id) });
    let change: StageMapChange = { clear: true };
    if (command.action === "set") {
      const given = command.pairs.filter((p) => p.value.trim() !== "");
      const parsed = parseStageMap(given.map((p) => `${p.field}=${p.value}`).join("\n"), true);
      if (!parsed.ok)
        return textMessage(
          [...parsed.errors.map((e) => esc(e.said?.[locale] ?? e.message)), t(locale, "reply.usage.stages")].join("\n"),
        );
      change = { set: parsed.map, remove: command.pairs.filter((p) => p.value.trim() === "").map((p) => p.field) };
    }
    try {
      const set = await setTeamStageMap(env.deps, env.actor, team, change);
      const notice = set.changed
        ? t(locale, "stages.changed", { team: esc(team.name), before: set.before.length, after: set.map.length })
        : t(locale, "stages.unchanged");
      return stageMapMessage(locale, { team: team.name, map: set.map, notice });
    } catch (e) {
      if (!(e instanceof ServiceError) || e.field !== "stage_map") throw e;
      return textMessage(stageMapErrorText(locale, e));
    }
  },
} satisfies FeatureCommands<"import" | "stages">;

/** What a surface may say about a file besides its bytes (the console's `--kind`, `--as-of`, as the CLI's). */
export type ImportOptions = Pick<FileImportInput, "kind" | "asOf">;

/** What the Import button carries: the surface's reference to the file (a Slack file id, a local path), the team,
 *  and the options of the dry run, so that the import itself reads the file the same way. */
export interface ImportButtonValue extends ImportOptions {
  ref: string;
  teamId: string;
  fileName: string;
}

export const encodeImportButton = (v: ImportButtonValue): string => JSON.stringify(v);
export function decodeImportButton(value: string): ImportButtonValue | null {
  try {
    const v = JSON.parse(value) as Partial<ImportButtonValue>;
    if (typeof v.ref !== "string" || typeof v.teamId !== "string" || typeof v.fileName !== "string") return null;
    return {
      ref: v.ref,
      teamId: v.teamId,
      fileName: v.fileName,
      ...(IMPORT_KINDS.find((k) => k === v.kind) ? { kind: v.kind } : {}),
      ...(isoDate.safeParse(v.asOf).success ? { asOf: v.asOf } : {}),
    };
  } catch {
    return null;
  }
}

function linesMessage(lines: readonly string[], buttons: ReturnType<typeof button>[] = []): SlackMessage {
  const body = truncateMrkdwn(lines.map(escapeMrkdwn).join("\n"), SLACK_LIMITS.sectionText);
  return { text: body.slice(0, 300), blocks: [section(body), ...actionRows(buttons)] };
}

/** The team a file goes into: named in the message, else the channel's, else the user's only team. */
export async function importTarget(env: CommandEnv, teamName: string | null): Promise<TeamRef> {
  return pickTeam(await resolveScope(env.deps, env.actor), teamName, env.channelId);
}

/** The dry run of a file, and (when it would change something) an Import button that runs it for real. */
export async function previewImport(
  env: CommandEnv,
  input: { bytes: Uint8Array; fileName: string; team: TeamRef; ref: string; options?: ImportOptions },
): Promise<SlackMessage> {
  const actor = { ...env.actor, source: "import" as const };
  const options = input.options ?? {};
  const result = await importFile(env.deps, actor, input.team, {
    bytes: input.bytes,
    fileName: input.fileName,
    dryRun: true,
    ...options,
  });
  const { ok, lines } = importResultLines(env.locale, result, { file: input.fileName, team: input.team.name });
  const s = result.status === "done" ? result.summary : null;
  const changes = s !== null && s.accounts + s.contacts + s.needs + s.opportunities + s.segments + s.changed.length > 0;
  // A file without records already says so; "matches what kvalue has" would be wrong about it.
  if (!ok || !changes)
    return linesMessage(ok && s && !noRecords(s) ? [...lines, t(env.locale, "import.no_changes")] : lines);
  const value = encodeImportButton({ ref: input.ref, teamId: input.team.id, fileName: input.fileName, ...options });
  return linesMessage(lines, [button(t(env.locale, "import.button"), ACTION_IDS.importFile, value, "primary")]);
}

/** The import itself, after the button: the team is checked against the presser's scope again. */
export async function runImport(
  env: CommandEnv,
  input: { bytes: Uint8Array; fileName: string; teamId: string; options?: ImportOptions },
): Promise<SlackMessage> {
  const scope = await resolveScope(env.deps, env.actor);
  const team = scope.teams.find((x) => x.id === input.teamId);
  // A team outside the presser's scope (a forwarded message, a member who left) is refused without naming it.
  if (!team)
    throw new ServiceError("not_found", `team ${input.teamId} is not in ${env.actor.userId}'s scope`, "team", {
      team: input.teamId,
      teams: scope.teams.map((x) => x.name).join(" · "),
    });
  const actor = { ...env.actor, source: "import" as const };
  const result = await importFile(env.deps, actor, team, {
    bytes: input.bytes,
    fileName: input.fileName,
    ...input.options,
  });
  return linesMessage(importResultLines(env.locale, result, { file: input.fileName, team: team.name }).lines);
}
