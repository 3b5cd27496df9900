// `/kvalue calibration versions`: the model version in force, every decision on it (adopt, keep, revert) newest
// first with who and when, and a Revert button per version that can be put back in force (Slack's confirm dialog;
// a numbered choice with a question in the console). Pure.
import type { KnownBlock } from "@slack/types";
import { t, type Locale } from "../../../i18n/index.js";
import { actionRows, button, confirmed, context, fallback, header, mention, section } from "../../../ui/blocks.js";
import { ACTION_IDS } from "../../../ui/ids.js";
import { escapeMrkdwn, fitLines, fitMessage } from "../../../ui/limits.js";
import type { SlackMessage } from "../../../ui/types.js";
import { whenText } from "../../accounts/ui/history.js";
import type { ModelVersions } from "../service.js";

export function versionsMessage(l: Locale, v: ModelVersions): SlackMessage {
  const label = (s: string) => `\`${escapeMrkdwn(s)}\``;
  const lines = v.decisions.map((d) =>
    t(l, `calibration.versions.${d.kind}`, {
      when: whenText(d.at),
      who: mention(d.by) || escapeMrkdwn(d.by),
      label: label(d.label),
      based: label(d.basedOn),
    }),
  );
  const blocks: KnownBlock[] = [
    header(t(l, "calibration.versions.header")),
    section(t(l, "calibration.versions.in_force", { label: label(v.inForce) })),
    section(
      lines.length
        ? fitLines(lines, 2800, { more: (n) => t(l, "common.more_items", { n }) })
        : t(l, "calibration.versions.none"),
    ),
  ];
  blocks.push(
    ...actionRows(
      v.revertable.map((target) =>
        confirmed(button(t(l, "calibration.revert_button", { label: target }), ACTION_IDS.revertVersion, target), {
          title: t(l, "calibration.revert.confirm_title"),
          text: t(l, "calibration.revert.confirm_text", { label: target }),
          yes: t(l, "calibration.revert.confirm_yes"),
          no: t(l, "calibration.confirm.no"),
        }),
      ),
      "kv_model_versions",
    ),
  );
  if (v.revertable.length > 0) blocks.push(context(t(l, "calibration.versions.hint")));
  const text = fallback(t(l, "calibration.versions.fallback", { label: v.inForce, n: v.decisions.length }));
  return fitMessage({ text, blocks }, { more: (n) => t(l, "common.omitted_sections", { n }) });
}
