// Forgiving account-name keys (DESIGN "Surfaces"): case, spacing, full/half-width forms, punctuation,
// and pinyin for Chinese names, so `/kvalue shengdashuju` or `/kvalue sdsjj` finds 省大数据局.
// Keys are stored as alias rows so that lookup stays one indexed SQL query.
import { pinyin } from "pinyin-pro";
import { normalizeName } from "./keys.js";

export { normalizeName };

const HAN = /\p{Script=Han}/u;

/** The keys a name can be found by: its normalized form and, for Chinese names, full pinyin and initials. */
export function nameKeys(name: string): string[] {
  const keys = new Set<string>();
  const normalized = normalizeName(name);
  if (normalized) keys.add(normalized);
  if (HAN.test(name)) {
    // Two plain-array calls cost ~30% less than one `type: "all"` call, which builds a dozen fields per character
    // (an import keys every name: issue 11.7); other characters pass through whole in both.
    const text = name.normalize("NFKC");
    const options = { toneType: "none", type: "array", nonZh: "consecutive", v: true } as const;
    const full = normalizeName(pinyin(text, options).join(""));
    const initials = normalizeName(pinyin(text, { ...options, pattern: "first" }).join(""));
    if (full) keys.add(full);
    if (initials.length >= 2) keys.add(initials);
  }
  return [...keys];
}

/** The alias rows of an account: every key of its name and aliases except the name's own normalized form (stored on
 *  the account), each once, with the spelling it came from. */
export function aliasKeys(name: string, aliases: readonly string[]): [key: string, alias: string][] {
  const rows = new Map<string, string>();
  const own = normalizeName(name);
  for (const alias of [name, ...aliases]) {
    for (const key of nameKeys(alias)) if (key !== own && !rows.has(key)) rows.set(key, alias);
  }
  return [...rows];
}
