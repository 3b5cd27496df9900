// `/kvalue team create [name]` and `/kvalue lang zh|en|auto`. Registered in src/commands/handlers.ts.
import { t, type Locale } from "../../i18n/index.js";
import type { FeatureCommands } from "../../commands/registry.js";
import { esc, textMessage } from "../../ui/text.js";
import { setLocalePref } from "./prefs.js";
import { createTeam } from "./service.js";

export const teamCommands = {
  "team-create": async (env, command) => {
    const { locale } = env;
    // A team is a channel's members: a DM (D…) is nobody's team.
    if (!env.channelId || env.channelId.startsWith("D")) return textMessage(t(locale, "reply.usage.team"));
    const members = await env.channels.members(env.channelId);
    const channelName = command.name ?? (await env.channels.name(env.channelId)) ?? env.channelId;
    const { team, created } = await createTeam(env.deps, env.actor, {
      channelId: env.channelId,
      name: channelName,
      members,
    });
    return textMessage(
      created
        ? t(locale, "reply.team.created", { name: esc(team.name), n: members.length })
        : t(locale, "reply.team.exists", { name: esc(team.name) }),
    );
  },
  lang: async (env, command) => {
    // The reply's own language is the current one, so the message names it.
    if (command.locale === null) return textMessage(t(env.locale, "reply.lang.current"));
    await setLocalePref(
      env.deps,
      env.actor.workspaceId,
      env.actor.userId,
      command.locale === "auto" ? null : command.locale,
    );
    const next: Locale = command.locale === "auto" ? env.locale : command.locale;
    return textMessage(t(next, command.locale === "auto" ? "reply.lang.auto" : "reply.lang.set"));
  },
} satisfies FeatureCommands<"team-create" | "lang">;
