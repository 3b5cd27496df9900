// The contract between the dispatcher and the features: what a command handler gets (CommandEnv) and what the
// table of handlers must cover. Only types, so every feature's commands.ts can import it without a cycle.
import type { ServiceDeps } from "../features/deps.js";
import type { Actor, Scope } from "../features/teams/scope.js";
import type { Locale } from "../i18n/index.js";
import type { SlackMessage } from "../ui/types.js";
import type { Command } from "./parse.js";

/** What a surface knows about Slack channels (Slack: conversations.*; console: the demo channel). */
export interface ChannelDirectory {
  members(channelId: string): Promise<string[]>;
  name(channelId: string): Promise<string | null>;
}

export interface CommandEnv {
  deps: ServiceDeps;
  /** Verified by the surface (signed Slack request or the local console), never taken from the text. */
  actor: Actor;
  channelId?: string;
  locale: Locale;
  channels: ChannelDirectory;
  /** The actor's scope as the surface read it when the request came in (handlers take it through `scopeOf`);
   *  absent, it is read when needed. */
  scope?: Scope;
}

export type CommandKind = Command["kind"];

/** The parsed command of one kind (`digest` covers all of its actions). */
export type CommandMap = { [K in CommandKind]: Extract<Command, { kind: K }> };

export type CommandHandler<K extends CommandKind> = (env: CommandEnv, command: CommandMap[K]) => Promise<SlackMessage>;

/** One handler per command kind: the assembled table `satisfies` this, so a missing one does not compile. */
export type CommandHandlers = { readonly [K in CommandKind]: CommandHandler<K> };

/** The handlers one feature contributes. */
export type FeatureCommands<K extends CommandKind> = Pick<CommandHandlers, K>;
