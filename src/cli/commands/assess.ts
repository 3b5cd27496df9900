// `kvalue assess [FILE|-]`: METHOD §10.1. An account's scalar facts may be written as the CSV import and
// `/kvalue set` read them (money as 300万 or ¥3,000,000, percentages as 25%, enums by code or Chinese name, 是/否);
// a document that fails the schema is read again that way (src/cli/friendly-facts.ts).
import { assessAll } from "../../core/assess.js";
import { assessOutput } from "../../core/contract.js";
import { assessInputSchema } from "../../core/facts.js";
import { duplicateIds } from "../../core/issues.js";
import { jsonCommand } from "../json-command.js";

export const assessCommand = jsonCommand({
  name: "assess",
  schema: assessInputSchema,
  prepare: async (input) => (await import("../friendly-facts.js")).readFriendlyFacts(input),
  check: (input) => duplicateIds(input.accounts, ["accounts"]),
  compute: (input) => assessOutput(assessAll(input)),
});
