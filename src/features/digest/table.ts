// Monospace tables for the digest's code blocks: CJK characters take two cells, so columns are padded by display
// width; the first column is left-aligned, numbers right-aligned.

const WIDE = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/** A table inside ``` fences. Backticks in cells would end the block, so they are replaced. */
export function codeTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const clean = (s: string) => s.replace(/`/g, "'");
  const all = [head, ...rows].map((r) => r.map(clean));
  const widths = head.map((_, c) => Math.max(...all.map((r) => displayWidth(r[c] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => pad(cell, widths[c] ?? 0, c > 0))
      .join("  ")
      .trimEnd();
  return ["```", ...all.map(line), "```"].join("\n");
}
