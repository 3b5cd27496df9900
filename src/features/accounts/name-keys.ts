// Forgiving account-name keys (DESIGN "Surfaces"): case, spacing, full/half-width forms, punctuation,
// and pinyin for Chinese names, so `/kvalue shengdashuju` or `/kvalue sdsjj` finds 省大数据局.
// Keys are stored as alias rows so that lookup stays one indexed SQL query.
import { pinyin } from "pinyin-pro";
import { normalizeName } from "./keys.js";

export { normalizeName };

const HAN = /\p{Script=Han}/u;
/** A name as pinyin-pro splits it: each Han character, each run of other characters. */
const RUNS = /\p{Script=Han}|[^\p{Script=Han}]+/gu;

/** A syllable's initial; an unknown character (outside the BMP, two code units) comes back whole. */
const firstChar = (s: string): string => {
  const c = s.codePointAt(0);
  return c === undefined ? "" : String.fromCodePoint(c);
};

/** The keys a name can be found by: its normalized form and, for Chinese names, full pinyin and initials. */
export function nameKeys(name: string): string[] {
  const keys = new Set<string>();
  const normalized = normalizeName(name);
  if (normalized) keys.add(normalized);
  if (HAN.test(name)) {
    // One plain-array call: `type: "all"` builds a dozen fields per character, and an import keys every name (issue
    // 11.7). A Han character gives one syllable, any other run one item kept whole, so the initials follow from the
    // items when the counts agree; a character pinyin-pro does not know comes back merged with its neighbours: ask
    // it for the initials then.
    const text = name.normalize("NFKC");
    const options = { toneType: "none", type: "array", nonZh: "consecutive", v: true } as const;
    const syllables = pinyin(text, options);
    const runs = text.match(RUNS) ?? [];
    const full = normalizeName(syllables.join(""));
    const initials = normalizeName(
      runs.length === syllables.length
        ? syllables.map((p, i) => (HAN.test(runs[i] ?? "") ? firstChar(p) : p)).join("")
        : pinyin(text, { ...options, pattern: "first" }).join(""),
    );
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
