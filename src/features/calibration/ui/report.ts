// The calibration report (METHOD §6) as a Slack message in plain words: is the stage forecast better than the base
// rate, does V rank accounts, what the refit proposes and why it would or would not be adopted. Pure.
import type { KnownBlock } from "@slack/types";
import type { CalibrateOutput } from "../../../core/index.js";
import { formatDate, t, type Locale } from "../../../i18n/index.js";
import { actionRows, button, confirmed, context, divider, fallback, header, section } from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { fitMessage, oneLine, truncate } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";

export interface CalibrationView {
  /** the team's name, or null for the whole workspace */
  teamName: string | null;
  asOf: string;
  output: CalibrateOutput;
  /** the weights in force, to show next to the blended ones */
  weights: Record<"CV" | "PT" | "SF" | "RA", number>;
  yWeights: Record<"PT" | "SF", number>;
  /** the value the Adopt / Keep buttons carry (present only when the refit proposes an adoption) */
  decision: string | null;
  /** what happened to the charts: they follow (Slack), they could not be drawn, or nothing to say */
  charts: "below" | "failed" | null;
}

/** Ratios as the report prints them: three decimals, "—" when undefined. */
export const ratio = (x: number | null | undefined, dp = 3): string =>
  x === null || x === undefined ? "—" : x.toFixed(dp);

export const scopeName = (l: Locale, teamName: string | null): string =>
  teamName ? truncate(oneLine(teamName), 60) : t(l, "calibration.scope_all");

function weightsLine<K extends string>(now: Record<K, number>, blended: Record<K, number> | null): string {
  return (Object.keys(now) as K[])
    .map((k) => `${k} ${ratio(now[k], 2)} → ${blended ? ratio(blended[k], 2) : "—"}`)
    .join(" · ");
}

function refitText<K extends string>(
  l: Locale,
  key: "calibration.refit.weights" | "calibration.refit.y_weights",
  now: Record<K, number>,
  r: CalibrateOutput["refit"] | CalibrateOutput["y_refit"],
): string {
  const blended = r.blended as Record<K, number> | null;
  const lines = [t(l, key, { weights: weightsLine(now, blended) })];
  if (r.auc_old !== null || r.auc_new !== null)
    lines.push(t(l, "calibration.refit.auc", { old: ratio(r.auc_old), new: ratio(r.auc_new) }));
  lines.push(
    r.adopt
      ? t(l, "calibration.refit.adopt")
      : t(l, "calibration.refit.keep", {
          reasons: r.reasons.map((c) => t(l, `calibration.reason.${c}`)).join(t(l, "common.list_separator")) || "—",
        }),
  );
  return lines.join("\n");
}

export function calibrationMessage(v: CalibrationView, l: Locale): SlackMessage {
  const o = v.output;
  const scope = scopeName(l, v.teamName);
  const s = o.stage;
  const forecast =
    s.n === 0 || s.bss === null
      ? t(l, "calibration.forecast.none")
      : t(l, s.flag === "worse_than_base_rate" ? "calibration.forecast.worse" : "calibration.forecast.better", {
          brier: ratio(s.brier),
          ref: ratio(s.brier_ref),
          base: ratio(s.base_rate),
          bss: ratio(s.bss),
        });
  const r = o.ranking;
  const ranking =
    r.n === 0 || r.monotone === null
      ? t(l, "calibration.ranking.none")
      : r.monotone
        ? t(l, "calibration.ranking.monotone", { bins: r.bins.length, lift: ratio(r.lift, 2), auc: ratio(r.auc) })
        : t(l, "calibration.ranking.not_monotone", {
            bins: r.bins.length,
            n: r.violations.length,
            lift: ratio(r.lift, 2),
            auc: ratio(r.auc),
            pairs: r.violations.map(([a, b]) => `${a + 1}→${b + 1}`).join(t(l, "common.list_separator")),
          });
  const blocks: KnownBlock[] = [
    header(t(l, "calibration.header", { scope })),
    context(
      t(l, "calibration.context", { date: formatDate(l, v.asOf), model: o.model_version, opps: s.n, accounts: r.n }),
    ),
    section(`${t(l, "calibration.forecast.title")}\n${forecast}`),
    section(`${t(l, "calibration.ranking.title")}\n${ranking}`),
    divider(),
    section(`${t(l, "calibration.refit.title")}\n${refitText(l, "calibration.refit.weights", v.weights, o.refit)}`),
    section(refitText(l, "calibration.refit.y_weights", v.yWeights, o.y_refit)),
  ];
  if (v.decision !== null) {
    const [row] = actionRows(
      [
        confirmed(button(t(l, "calibration.adopt_button"), ACTION_IDS.adoptVersion, v.decision, "primary"), {
          title: t(l, "calibration.confirm.title"),
          text: t(l, "calibration.confirm.text"),
          yes: t(l, "calibration.confirm.yes"),
          no: t(l, "calibration.confirm.no"),
        }),
        button(t(l, "calibration.keep_button"), ACTION_IDS.keepVersion, v.decision),
      ],
      "kv_calibration",
    );
    if (row) blocks.push(row);
  }
  if (v.charts)
    blocks.push(context(t(l, v.charts === "below" ? "calibration.charts_below" : "calibration.charts_failed")));
  const text = fallback(`${t(l, "calibration.header", { scope })} · BSS ${ratio(s.bss)} · AUC ${ratio(r.auc)}`);
  return fitMessage({ text, blocks }, { more: (n) => t(l, "common.omitted_sections", { n }) });
}
