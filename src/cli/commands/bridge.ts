// `kvalue bridge [FILE|-]`: METHOD §10.3.
import { bridge } from "../../core/bridge.js";
import { bridgeOutput } from "../../core/contract.js";
import { bridgeInputSchema } from "../../core/facts.js";
import { duplicateIds, type PlacedIssue } from "../../core/issues.js";
import { t } from "../../i18n/index.js";
import { jsonCommand } from "../json-command.js";

export const bridgeCommand = jsonCommand({
  name: "bridge",
  schema: bridgeInputSchema,
  // An id twice in one snapshot would make the bridge ambiguous; snapshots the wrong way round would reverse it.
  check: (input) => [
    ...duplicateIds(input.previous.opportunities, ["previous", "opportunities"]),
    ...duplicateIds(input.current.opportunities, ["current", "opportunities"]),
    ...snapshotOrder(input.previous.as_of, input.current.as_of),
  ],
  compute: (input) => bridgeOutput(bridge(input)),
});

function snapshotOrder(previous: string, current: string): PlacedIssue[] {
  if (current >= previous) return [];
  const say = (locale: "zh-CN" | "en") => t(locale, "issue.bridge_order", { previous, current });
  return [{ path: "current.as_of", message: say("en"), said: { "zh-CN": say("zh-CN"), en: say("en") } }];
}
