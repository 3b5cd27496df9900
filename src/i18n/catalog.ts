// t(locale, key, params) and name(locale, kind, code): the only way surfaces get words.
import type { Locale } from "./locale.js";
import { en } from "./messages/en.js";
import { zhCN, type MessageKey } from "./messages/zh-CN.js";
import { fill, type Param, type TemplateParams } from "./template.js";
import type { Vocabulary, VocabularyKind } from "./vocabulary.js";
import { enVocabulary } from "./vocabulary/en.js";
import { zhCNVocabulary } from "./vocabulary/zh-CN.js";

export type { MessageKey } from "./messages/zh-CN.js";

/** The params a key needs in either language (the union of both templates' placeholders). Distributed over K
 *  first: intersecting the two languages' unions for the whole key set would multiply them (keys²) and exceed
 *  the checker's union limit once the catalogue passes ~300 keys. */
export type MessageParams<K extends MessageKey> = K extends MessageKey
  ? TemplateParams<(typeof zhCN)[K]> & TemplateParams<(typeof en)[K]>
  : never;

type ParamArgs<K extends MessageKey> = keyof MessageParams<K> extends never
  ? [params?: Record<string, never>]
  : [params: MessageParams<K>];

const MESSAGES: Record<Locale, Record<MessageKey, string | ((p: never) => string)>> = { "zh-CN": zhCN, en };
const VOCABULARIES: Record<Locale, Vocabulary> = { "zh-CN": zhCNVocabulary, en: enVocabulary };

/** A message in the given language. Params are required exactly when the key has placeholders. */
export function t<K extends MessageKey>(locale: Locale, key: K, ...args: ParamArgs<K>): string;
// Non-generic implementation: resolving ParamArgs<K> for every key at once is more than the checker can
// represent, and the overload above already checked the call.
export function t(locale: Locale, key: MessageKey, params?: Readonly<Record<string, Param>>): string {
  const template = MESSAGES[locale][key] as string | ((p: never) => string) | undefined;
  // Only reachable through a cast; show the key rather than crash a handler.
  if (template === undefined) return key;
  if (typeof template === "function") return (template as (p: Readonly<Record<string, Param>>) => string)(params ?? {});
  return fill(template, params ?? {});
}

/** A message whose key is picked at run time (a reason code an error carries), with its values as they come. */
export function tCode(locale: Locale, key: MessageKey, params: Readonly<Record<string, Param>>): string {
  return (t as (l: Locale, k: MessageKey, p?: Readonly<Record<string, Param>>) => string)(locale, key, params);
}

/** The name of a code, e.g. name("zh-CN", "quadrant", "strategic") → "战略客户". */
export function name<K extends VocabularyKind>(locale: Locale, kind: K, code: keyof Vocabulary[K]): string {
  const names = VOCABULARIES[locale][kind] as Record<PropertyKey, string>;
  const v = names[code];
  // Codes arrive from stored data; an unexpected one shows as itself rather than as "undefined".
  return v ?? String(code);
}

/** Whether a vocabulary has a name for `code` (for data that may hold codes newer than this build). */
export function hasName(locale: Locale, kind: VocabularyKind, code: string): boolean {
  return Object.hasOwn(VOCABULARIES[locale][kind], code);
}

/** The whole vocabulary of a language (for tests and select options). */
export function vocabulary(locale: Locale): Vocabulary {
  return VOCABULARIES[locale];
}

/** All message keys (for the catalogue parity test). */
export function messageKeys(locale: Locale): MessageKey[] {
  return Object.keys(MESSAGES[locale]) as MessageKey[];
}

/** A text said in every language: for messages made where the reader's language is not known yet (an import's
 *  parse issues), so each surface can pick its reader's. */
export type Localized = Readonly<Record<Locale, string>>;
export const inEach = (say: (locale: Locale) => string): Localized => ({ "zh-CN": say("zh-CN"), en: say("en") });
