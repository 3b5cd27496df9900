// `kvalue assess [FILE|-]`: METHOD §10.1.
import { assessAll } from "../../core/assess.js";
import { assessOutput } from "../../core/contract.js";
import { assessInputSchema } from "../../core/facts.js";
import { duplicateIds } from "../../core/issues.js";
import { jsonCommand } from "../json-command.js";

export const assessCommand = jsonCommand({
  name: "assess",
  schema: assessInputSchema,
  check: (input) => duplicateIds(input.accounts, ["accounts"]),
  compute: (input) => assessOutput(assessAll(input)),
});
