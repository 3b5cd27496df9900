// `kvalue calibrate [FILE|-]`: METHOD §10.4 (the §6 feedback loop).
import { calibrate, calibrateIssues } from "../../core/calibrate.js";
import { calibrateOutput } from "../../core/contract.js";
import { calibrateInputSchema } from "../../core/facts.js";
import { jsonCommand } from "../json-command.js";

export const calibrateCommand = jsonCommand({
  name: "calibrate",
  summary: "feedback loop: stage reliability, score ranking check, weight refit (METHOD §10.4)",
  schema: calibrateInputSchema,
  // A repeated observation would be counted twice in every statistic.
  check: calibrateIssues,
  compute: (input) => calibrateOutput(calibrate(input)),
});
