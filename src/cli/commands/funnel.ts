// `kvalue funnel [FILE|-]`: METHOD §10.2.
import { funnelOutput } from "../../core/contract.js";
import { funnelInputSchema } from "../../core/facts.js";
import { funnel } from "../../core/funnel.js";
import { duplicateIds } from "../../core/issues.js";
import { jsonCommand } from "../json-command.js";

export const funnelCommand = jsonCommand({
  name: "funnel",
  schema: funnelInputSchema,
  // An id twice would count one opportunity twice, as assess and bridge refuse it.
  check: (input) => duplicateIds(input.opportunities, ["opportunities"]),
  compute: (input) => funnelOutput(funnel(input)),
});
