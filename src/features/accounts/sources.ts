// Where a change came from (FactChange.source): a code list of its own, so surfaces and scope can name it
// without reaching for the repository.
export const FACT_SOURCES = ["slash", "modal", "assistant", "import", "console", "cli", "demo", "system"] as const;
export type FactSource = (typeof FACT_SOURCES)[number];
