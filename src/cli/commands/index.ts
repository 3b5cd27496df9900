// The command table of `kvalue`. Adding a command is one line here (and its own file beside this one).
import type { Command } from "../command.js";
import { assessCommand } from "./assess.js";
import { backupCommand, restoreCommand } from "./backup.js";
import { bridgeCommand } from "./bridge.js";
import { calibrateCommand } from "./calibrate.js";
import { consoleCommand, demoCommand, exportCommand, importCommand, migrateCommand } from "./database.js";
import { funnelCommand } from "./funnel.js";

export const COMMANDS: readonly Command[] = [
  assessCommand,
  funnelCommand,
  bridgeCommand,
  calibrateCommand,
  importCommand,
  exportCommand,
  demoCommand,
  migrateCommand,
  backupCommand,
  restoreCommand,
  consoleCommand,
];
