// `kvalue bridge [FILE|-]`: METHOD §10.3.
import { bridge } from "../../core/bridge.js";
import { bridgeOutput } from "../../core/contract.js";
import { bridgeInputSchema } from "../../core/facts.js";
import { duplicateIds } from "../../core/issues.js";
import { jsonCommand } from "../json-command.js";

export const bridgeCommand = jsonCommand({
  name: "bridge",
  schema: bridgeInputSchema,
  // An id twice in one snapshot would make the bridge ambiguous.
  check: (input) => [
    ...duplicateIds(input.previous.opportunities, ["previous", "opportunities"]),
    ...duplicateIds(input.current.opportunities, ["current", "opportunities"]),
  ],
  compute: (input) => bridgeOutput(bridge(input)),
});
