// `/kvalue help`.
import { t } from "../i18n/catalog.js";
import { context, fallback, header, section } from "./blocks.js";
import { fitMessage } from "./limits.js";
import type { HelpData, SlackMessage } from "./types.js";

export function helpMessage(data: HelpData): SlackMessage {
  const { locale } = data;
  const commands = [
    t(locale, "help.cmd.account"),
    t(locale, "help.cmd.set"),
    t(locale, "help.cmd.fields"),
    t(locale, "help.cmd.matrix"),
    t(locale, "help.cmd.mine"),
    t(locale, "help.cmd.deal"),
    t(locale, "help.cmd.history"),
    t(locale, "help.cmd.export"),
    t(locale, "help.cmd.top"),
    t(locale, "help.cmd.funnel"),
    t(locale, "help.cmd.segment"),
    t(locale, "help.cmd.target"),
    t(locale, "help.cmd.digest"),
    t(locale, "help.cmd.alerts"),
    t(locale, "help.cmd.import"),
    t(locale, "help.cmd.stages"),
    t(locale, "help.cmd.calibration"),
    t(locale, "help.cmd.lang"),
    t(locale, "help.cmd.help"),
  ];
  return fitMessage(
    {
      text: fallback(t(locale, "help.fallback")),
      blocks: [
        header(t(locale, "help.header")),
        section(t(locale, "help.intro")),
        section(commands.map((c) => `• ${c}`).join("\n")),
        context(t(locale, "help.free_text")),
      ],
    },
    { more: (n) => t(locale, "common.omitted_sections", { n }) },
  );
}
