// `kvalue funnel [FILE|-]`: METHOD §10.2.
import { funnelOutput } from "../../core/contract.js";
import { funnelInputSchema } from "../../core/facts.js";
import { funnel } from "../../core/funnel.js";
import { jsonCommand } from "../json-command.js";

export const funnelCommand = jsonCommand({
  name: "funnel",
  schema: funnelInputSchema,
  compute: (input) => funnelOutput(funnel(input)),
});
