// `/kvalue calibration [team]` (managers) and its Adopt / Keep buttons, for Slack and the local console alike:
// the report in plain words with its two charts, and the decision on the refit's proposal; `calibration versions`
// with a Revert button per earlier version, and `calibration revert <label>`. Registered in src/commands/handlers.ts;
// the buttons' listeners (src/slack/listeners/actions/calibration.ts), the console's numbered choices and
// `kvalue model` call `decideCalibration`, `showVersions` and `revertModel`.
import type { CommandEnv, FeatureCommands } from "../../commands/registry.js";
import { t } from "../../i18n/index.js";
import { esc, textMessage } from "../../ui/text.js";
import type { SlackMessage } from "../../ui/types.js";
import { isServiceError, ServiceError } from "../errors.js";
import {
  adoptVersion,
  calibrationReport,
  keepVersion,
  modelVersions,
  revertVersion,
  versionInForce,
  type CalibrationReport,
} from "./service.js";
import { calibrationMessage, scopeName } from "./ui/report.js";
import { versionsMessage } from "./ui/versions.js";

/** What an Adopt / Keep button carries: the report's team and date, and the version it was computed under. */
interface DecisionRef {
  team: string | null;
  asOf: string;
  basedOn: string;
}

const encodeDecision = (r: CalibrationReport): string =>
  JSON.stringify({ t: r.team?.name ?? null, a: r.asOf, v: r.basedOn.label });

function decodeDecision(value: string): DecisionRef {
  try {
    const raw = JSON.parse(value) as { t?: unknown; a?: unknown; v?: unknown };
    if (
      (typeof raw.t === "string" || raw.t === null) &&
      typeof raw.a === "string" &&
      /^\d{4}-\d{2}-\d{2}$/.test(raw.a) &&
      typeof raw.v === "string"
    ) {
      return { team: raw.t, asOf: raw.a, basedOn: raw.v };
    }
  } catch {
    /* falls through */
  }
  throw new ServiceError("invalid", "not a calibration decision", "report");
}

/** A manager-only refusal says so in words (the generic "no access" reads as a missing account). */
function refusal(env: CommandEnv, e: unknown): SlackMessage {
  if (isServiceError(e) && e.code === "forbidden" && e.field === "user")
    return textMessage(t(env.locale, "calibration.managers_only"));
  throw e;
}

async function showCalibration(
  env: CommandEnv,
  team: string | null,
  o: { charts?: boolean } = {},
): Promise<SlackMessage> {
  let report: CalibrationReport;
  try {
    report = await calibrationReport(env.deps, env.actor, { team });
  } catch (e) {
    return refusal(env, e);
  }
  const model = await versionInForce(env.deps, env.actor.workspaceId);
  const l = env.locale;
  const proposes = report.output.refit.adopt || report.output.y_refit.adopt;
  let files: SlackMessage["files"];
  if (o.charts !== false) {
    try {
      // vega, resvg and the CJK font are loaded by the first chart, not by every process at start.
      const { renderCalibrationCharts } = await import("./charts.js");
      files = await renderCalibrationCharts(report.output, scopeName(l, report.team?.name ?? null), report.asOf, l);
    } catch {
      files = undefined;
    }
  }
  const message = calibrationMessage(
    {
      teamName: report.team?.name ?? null,
      asOf: report.asOf,
      output: report.output,
      weights: model.weights,
      yWeights: model.yWeights,
      decision: proposes ? encodeDecision(report) : null,
      charts: o.charts === false ? null : files ? "below" : "failed",
    },
    l,
  );
  return files ? { ...message, files } : message;
}

/**
 * Adopt or Keep from a report's button: the report is computed again for the same team and date (deterministic:
 * nothing after that date is read) and must still rest on the version in force; adoptVersion's compare-and-set
 * settles a race with another adoption.
 */
export async function decideCalibration(
  env: CommandEnv,
  decision: "adopt" | "keep",
  value: string,
): Promise<SlackMessage> {
  const l = env.locale;
  try {
    const ref = decodeDecision(value);
    const report = await calibrationReport(env.deps, env.actor, { team: ref.team, asOf: ref.asOf });
    if (report.basedOn.label !== ref.basedOn)
      return textMessage(t(l, "calibration.stale", { label: esc(report.basedOn.label) }));
    if (decision === "adopt") {
      const r = await adoptVersion(env.deps, env.actor, report);
      return textMessage(t(l, "calibration.adopted", { label: esc(r.label), based: esc(r.basedOn), n: r.rescored }));
    }
    const r = await keepVersion(env.deps, env.actor, report);
    return textMessage(t(l, "calibration.kept", { label: esc(r.label) }));
  } catch (e) {
    if (isServiceError(e) && e.code === "conflict" && e.field === "model_version") {
      const now = await versionInForce(env.deps, env.actor.workspaceId);
      return textMessage(t(l, "calibration.stale", { label: esc(now.label) }));
    }
    return refusal(env, e);
  }
}

/** `calibration versions`: the version in force, the decisions on it, and a Revert button per earlier version. */
export async function showVersions(env: CommandEnv): Promise<SlackMessage> {
  try {
    return versionsMessage(env.locale, await modelVersions(env.deps, env.actor));
  } catch (e) {
    return refusal(env, e);
  }
}

/**
 * `calibration revert <label>` and the versions screen's Revert button (after Slack's confirm dialog): that version
 * back in force, compare-and-set, then every account re-scored under it. An unknown label lists the ones there are.
 */
export async function revertModel(env: CommandEnv, label: string): Promise<SlackMessage> {
  return (await revertOutcome(env, label)).message;
}

/** `revertModel` with whether the version changed (the CLI's exit status). */
export async function revertOutcome(env: CommandEnv, label: string): Promise<{ done: boolean; message: SlackMessage }> {
  const l = env.locale;
  const no = (message: SlackMessage) => ({ done: false, message });
  try {
    const r = await revertVersion(env.deps, env.actor, label);
    const text = t(l, "calibration.reverted", { label: esc(r.label), based: esc(r.basedOn), n: r.rescored });
    return { done: true, message: textMessage(text) };
  } catch (e) {
    if (isServiceError(e) && e.field === "model_version") {
      if (e.code === "not_found") {
        const { revertable } = await modelVersions(env.deps, env.actor);
        const labels = revertable.map(esc).join(", ");
        const key = labels ? "calibration.revert.unknown" : "calibration.revert.unknown_none";
        return no(textMessage(t(l, key, { label: esc(label), labels })));
      }
      if (e.code === "invalid") return no(textMessage(t(l, "calibration.revert.in_force", { label: esc(label) })));
      if (e.code === "conflict") return no(await showVersions(env));
    }
    return no(refusal(env, e));
  }
}

export const calibrationCommands = {
  calibration: (env, command) =>
    command.action === "versions"
      ? showVersions(env)
      : command.action === "revert"
        ? revertModel(env, command.version)
        : showCalibration(env, command.team),
} satisfies FeatureCommands<"calibration">;
