// The language of the CLI's messages: `--lang zh-CN|en` on any command, else the environment's. Only the words
// for people change; JSON output keeps its English keys (the METHOD §10 contract). No i18n import here: `kvalue
// assess` of a good file must not load the message catalogue (test/cli/start.test.ts).
import type { Locale } from "../i18n/locale.js";

export interface CliContext {
  /** The language to speak. */
  locale: Locale;
  /** The language named by --lang, or null when it came from the environment (export's files default to zh-CN). */
  lang: Locale | null;
}

/** zh, zh-CN, zh_CN, zh-Hans → zh-CN; en, en-US, en_GB → en; anything else is not a language kvalue speaks. */
export function parseLang(value: string): Locale | null {
  const v = value.trim().toLowerCase();
  if (/^zh(?:[-_](?:cn|hans|sg))?$/.test(v)) return "zh-CN";
  if (/^en(?:[-_][a-z]{2,4})?$/.test(v)) return "en";
  return null;
}

/** KVALUE_DEFAULT_LOCALE, else the terminal's locale (LC_ALL, LC_MESSAGES, LANG: zh_CN.UTF-8 → zh-CN), else
 *  English. */
export function cliDefaultLocale(env: NodeJS.ProcessEnv = process.env): Locale {
  const pick = env.KVALUE_DEFAULT_LOCALE || env.LC_ALL || env.LC_MESSAGES || env.LANG || "en";
  return pick.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

/** Every `--lang X` / `--lang=X` taken out of a command's arguments (after `--`, arguments are left alone). */
export function takeLang(
  args: readonly string[],
): { ok: true; args: string[]; lang: Locale | null } | { ok: false; value: string } {
  const rest: string[] = [];
  let lang: Locale | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] ?? "";
    if (a === "--") {
      rest.push(...args.slice(i));
      break;
    }
    let value: string | undefined;
    if (a === "--lang") value = args[++i] ?? "";
    else if (a.startsWith("--lang=")) value = a.slice("--lang=".length);
    else {
      rest.push(a);
      continue;
    }
    const parsed = parseLang(value);
    if (parsed === null) return { ok: false, value };
    lang = parsed;
  }
  return { ok: true, args: rest, lang };
}

/** The context a command runs in when it is called without one (in-process tests): the environment's language. */
export const contextOf = (ctx: CliContext | undefined): CliContext => ctx ?? { locale: cliDefaultLocale(), lang: null };
