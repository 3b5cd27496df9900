// `kvalue model [--revert LABEL]`: the model versions of the local workspace (the one in force, every adopt, keep
// and revert) and, with --revert, an earlier adopted version (or v1-default) put back in force with every account
// re-scored. The same functions as `/kvalue calibration versions` and `calibration revert` in Slack and the console.
import { EXIT, type CommandRun } from "../command.js";
import { readArgs } from "../options.js";
import { contextOf } from "../lang.js";
import { argsText } from "../say.js";
import { cliActor, withLocalStore } from "../local.js";
import { revertOutcome, showVersions } from "../../features/calibration/commands.js";
import type { CommandEnv } from "../../commands/registry.js";
import { mrkdwnToText, renderBlocks } from "../../console/render.js";
import { t } from "../../i18n/index.js";

export const modelCommand: CommandRun = {
  async run(args, io, given) {
    const { locale } = contextOf(given);
    const parsed = readArgs(args, { revert: { type: "string" } });
    if (!parsed.ok || parsed.positionals.length > 0) {
      io.err(`${parsed.ok ? t(locale, "cli.model.usage") : argsText(locale, "model", parsed)}\n`);
      return EXIT.invalid;
    }
    const label = parsed.values.revert;
    // The listing writes nothing, not even the local workspace of a fresh database; a revert does.
    return withLocalStore(
      async (deps) => {
        const env: CommandEnv = {
          deps,
          actor: cliActor(),
          locale,
          channels: { members: async () => [], name: async () => null },
        };
        if (label !== undefined) {
          const { done, message } = await revertOutcome(env, label);
          const said = `${mrkdwnToText(message.text)}\n`;
          if (done) io.out(said);
          else io.err(said);
          return done ? EXIT.ok : EXIT.invalid;
        }
        // The screen without its Revert buttons: here a version goes back with --revert.
        const { blocks = [] } = await showVersions(env);
        const text = renderBlocks(blocks.filter((b) => b.type !== "actions")).text;
        const hint = blocks.some((b) => b.type === "actions") ? `\n${t(locale, "cli.model.hint")}` : "";
        io.out(`${text}${hint}\n`);
        return EXIT.ok;
      },
      { readOnly: label === undefined },
    );
  },
};
