// A CRM's own stage names → kvalue stages (销售易 and 纷享销客 let each tenant name its stages: 初步沟通, 方案报价 …).
// A map comes from a file (`kvalue import --stage-map`, `kvalue stages --file`) or from `名称=S1` pairs typed in
// Slack or the console, and a team keeps one that every import of its opportunities applies. Pure.
import { z } from "zod";
import { STAGES, type Stage } from "../../core/enums.js";
import { inEach, t } from "../../i18n/catalog.js";
import type { Locale } from "../../i18n/locale.js";
import { parseEnum } from "./cells.js";
import { saidIssue, type ImportIssue } from "./import-parse.js";
import { termKey } from "./labels.js";

/** One CRM stage name (as the user wrote it, for showing back) and the kvalue stage it stands for. */
export type StageMapEntry = readonly [name: string, stage: Stage];
export type StageMap = readonly StageMapEntry[];

/** A team's map stays small enough to show in one Slack message; a CRM has a dozen stages, not hundreds. */
export const MAX_STAGE_NAMES = 100;
const MAX_NAME_LENGTH = 60;

/** The second cell of a header row. */
const HEADER_STAGE = /^(kvalue\s*)?(stage|阶段)$/i;

/** A stage-map text: one `CRM stage name,S3` per line (comma, tab, `=` or `:`; `#` comments); the stage as a code or
 *  kvalue's name. A name given twice for two stages, a name too long or too many names are errors, each by line.
 *  `typed`: the pairs of `/kvalue stages 初步沟通=S1`, whose bad ones are told in that form, not the file's. */
export function parseStageMap(
  text: string,
  typed = false,
): { ok: true; map: StageMapEntry[] } | { ok: false; errors: ImportIssue[] } {
  const map: StageMapEntry[] = [];
  const at = new Map<string, Stage>();
  const errors: ImportIssue[] = [];
  const fail = (line: number | null, text: (l: Locale) => string) =>
    errors.push(saidIssue(line, null, "", inEach(text)));
  let first = true;
  text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (line === "" || line.startsWith("#")) return;
      const m = /^(.*?)\s*[,\t=:：，＝]\s*([^,\t=:：，＝]+?)\s*$/.exec(line);
      const name = m?.[1] ?? "";
      const stage = m ? parseEnum("stage", m[2] ?? "") : null;
      // A spreadsheet's header row ("CRM stage name,stage", "原系统阶段名,阶段") names the columns, not a stage.
      const header = first && HEADER_STAGE.test(m?.[2] ?? "");
      first = false;
      if (header) return;
      if (!stage?.ok || stage.value === null || name === "") {
        return fail(i + 1, (l) =>
          t(l, typed ? "import.parse.stage_map_pair" : "import.parse.stage_map_line", {
            line,
            stages: STAGES.join(l === "en" ? ", " : "、"),
          }),
        );
      }
      if (name.length > MAX_NAME_LENGTH)
        return fail(i + 1, (l) => t(l, "import.parse.stage_map_long", { name, max: MAX_NAME_LENGTH }));
      const seen = at.get(termKey(name));
      if (seen !== undefined && seen !== stage.value)
        return fail(i + 1, (l) => t(l, "import.parse.stage_map_twice", { name, stage: seen }));
      if (seen !== undefined) return;
      at.set(termKey(name), stage.value);
      map.push([name, stage.value]);
    });
  if (map.length > MAX_STAGE_NAMES)
    fail(null, (l) => t(l, "import.parse.stage_map_many", { n: map.length, max: MAX_STAGE_NAMES }));
  return errors.length ? { ok: false, errors } : { ok: true, map };
}

/** The map's names as the CSV reader looks them up (by termKey); a later entry wins over an earlier one. */
export function stageLookup(map: StageMap): Map<string, Stage> {
  return new Map(map.map(([name, stage]) => [termKey(name), stage]));
}

/** `base` with `changes` applied: a name given again takes its new stage, in its old place; new names go last. */
export function mergeStageMaps(base: StageMap, changes: StageMap): StageMapEntry[] {
  const next = new Map(changes.map(([name, stage]) => [termKey(name), [name, stage] as const]));
  const merged = base.map((entry) => {
    const key = termKey(entry[0]);
    const changed = next.get(key);
    next.delete(key);
    return changed ?? entry;
  });
  return [...merged, ...next.values()];
}

const stored = z.array(z.tuple([z.string(), z.enum(STAGES)]));

/** The map as Team.importStageMap keeps it (null: none). */
export const encodeStageMap = (map: StageMap): string | null => (map.length ? JSON.stringify(map) : null);

/** Team.importStageMap read back; a value this code did not write reads as no map rather than failing imports. */
export function decodeStageMap(text: string | null): StageMapEntry[] {
  if (text === null) return [];
  try {
    const parsed = stored.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
