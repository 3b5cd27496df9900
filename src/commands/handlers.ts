// The command table: every feature's handlers in one list. `satisfies CommandHandlers` makes a command kind the
// parser knows but no feature handles a compile error. Adding a command: its grammar in parse.ts, its handler in
// the feature's commands.ts, its entry here.
import { accountCommands } from "../features/accounts/commands.js";
import { alertCommands } from "../features/alerts/commands.js";
import { calibrationCommands } from "../features/calibration/commands.js";
import { dealCommands } from "../features/deals/commands.js";
import { exportCommands } from "../features/import-export/commands.js";
import { digestCommands } from "../features/digest/commands.js";
import { funnelCommands } from "../features/funnel/commands.js";
import { segmentCommands } from "../features/segments/commands.js";
import { teamCommands } from "../features/teams/commands.js";
import { importCommands } from "../features/import-export/import-commands.js";
import { helpMessage } from "../ui/help.js";
import type { CommandHandlers } from "./registry.js";

export const COMMAND_HANDLERS = {
  help: async (env) => helpMessage({ locale: env.locale }),
  ...accountCommands,
  ...dealCommands,
  ...exportCommands,
  ...teamCommands,
  ...funnelCommands,
  ...digestCommands,
  ...calibrationCommands,
  ...importCommands,
  ...segmentCommands,
  ...alertCommands,
} satisfies CommandHandlers;
