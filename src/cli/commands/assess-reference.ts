// `kvalue assess` read the reference way: the whole document parsed, validated with the zod schema of METHOD §10.1
// (every problem named with its place), then scored. The streaming path (../assess-stream.ts) hands over to this
// whenever it cannot vouch for the input, so every message about bad input comes from here.
import { assessAll } from "../../core/assess.js";
import { assessOutput } from "../../core/contract.js";
import { assessInputSchema } from "../../core/facts.js";
import { duplicateIds } from "../../core/issues.js";
import { readFriendlyFacts } from "../friendly-facts.js";
import type { JsonCommandSpec } from "../json-command.js";

export const assessReference: JsonCommandSpec<typeof assessInputSchema> = {
  name: "assess",
  schema: assessInputSchema,
  // Money, percentages, enums and yes/no as the CSV import and /kvalue set read them (issue 13.12).
  prepare: readFriendlyFacts,
  check: (input) => duplicateIds(input.accounts, ["accounts"]),
  compute: (input) => assessOutput(assessAll(input)),
};
