// Whether a message meant for a Chinese reader still holds English words (issue 13, item 12). What may stay in
// Latin letters is what the reader wrote or must type: file names, field codes (revenue_ttm), JSON paths
// (accounts[0].budget_status), options (--strict), the command (kvalue import), and the tokens a test allows.

/** The English words left in `text` once the allowed tokens are taken out. */
export function englishWords(text: string, allowed: readonly string[] = []): string[] {
  let s = text;
  // Longest first, so "budget_status" goes before "budget".
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) s = s.split(a).join(" ");
  s = s
    .replace(/\(input\)(:\d+:\d+)?/g, " ")
    .replace(/[A-Za-z_]\w*(\[\d+\])+(\.\w+(\[\d+\])*)*/g, " ") // JSON paths
    .replace(/--[a-z][a-z-]*/g, " ") // options
    .replace(/\bkvalue( [a-z]+)?/g, " ") // the command
    .replace(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g, " ") // field codes
    .replace(/\b(JSON|CSV|UTF-8)\b/g, " ");
  return s.match(/[A-Za-z]{2,}/g) ?? [];
}
