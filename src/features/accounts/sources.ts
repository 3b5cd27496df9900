// Where a change came from (FactChange.source): a code list of its own, so surfaces and scope can name it
// without reaching for the repository. `undo` marks the rows that undid an earlier change (sourceRef: its id).
export const FACT_SOURCES = [
  "slash",
  "modal",
  "assistant",
  "import",
  "console",
  "cli",
  "demo",
  "system",
  "undo",
] as const;
export type FactSource = (typeof FACT_SOURCES)[number];
