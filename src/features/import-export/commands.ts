// `/kvalue export [team]`: the reply says what was exported; the CSV and the chart go with it as files, into the
// team's own channel when asked there (its members are the team), else to the user directly. Registered in
// src/commands/handlers.ts.
import type { FeatureCommands } from "../../commands/registry.js";
import { t } from "../../i18n/index.js";
import { esc, textMessage } from "../../ui/text.js";
import { resolveScope } from "../teams/scope.js";
import { exportMatrix } from "./matrix-export.js";

export const exportCommands = {
  export: async (env, command) => {
    const scope = await resolveScope(env.deps, env.actor);
    const x = await exportMatrix(
      env.deps,
      scope,
      { team: command.team, ...(env.channelId ? { channelId: env.channelId } : {}) },
      env.locale,
    );
    const inTeamChannel = env.channelId !== undefined && env.channelId === x.team.channelId;
    // The console saves the files and prints where; Slack uploads them to the channel or the DM.
    const said =
      env.actor.source === "console" ? "export.done_console" : inTeamChannel ? "export.done_channel" : "export.done_dm";
    const message = textMessage(
      t(env.locale, said, {
        team: esc(x.team.name),
        n: x.accounts,
        date: x.asOf,
      }),
    );
    const slug = x.asOf;
    return {
      ...message,
      files: [
        {
          filename: `kvalue-matrix-${slug}.csv`,
          title: t(env.locale, "export.csv_title", { team: x.team.name, date: x.asOf }),
          bytes: x.csv,
        },
        {
          filename: `kvalue-matrix-${slug}.png`,
          title: t(env.locale, "export.chart_title", { team: x.team.name, date: x.asOf }),
          bytes: x.chart,
        },
      ],
      ...(inTeamChannel && env.channelId ? { filesChannel: env.channelId } : {}),
    };
  },
} satisfies FeatureCommands<"export">;
