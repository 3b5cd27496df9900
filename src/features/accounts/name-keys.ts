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
    const parts = pinyin(name.normalize("NFKC"), { toneType: "none", type: "all", nonZh: "consecutive", v: true });
    const full = normalizeName(parts.map((p) => (p.isZh ? p.pinyin : p.origin)).join(""));
    const initials = normalizeName(parts.map((p) => (p.isZh ? p.pinyin.charAt(0) : p.origin)).join(""));
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
