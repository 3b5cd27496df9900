// When an answer cannot be trusted (a figure no tool returned, even after one correction), the person gets the
// tool results themselves, laid out as lines: dull, but every number on it came from the services.
import { t, type Locale } from "../../../i18n/index.js";
import { isToolError, toolLabel, type ToolError } from "./tools.js";

const MAX_LINES = 30;

/** A lookup that failed, in words: the person never sees the code the model reads ("account_not_found"). */
export function toolErrorText(locale: Locale, e: ToolError): string {
  const query = e.query ?? "";
  if (e.error === "account_not_found" && query)
    return t(locale, "assistant.qa.tool_error.account_not_found", { query });
  if (e.error === "ambiguous_account" && query)
    return t(locale, "assistant.qa.tool_error.ambiguous_account", {
      query,
      matches: (e.matches ?? []).join(t(locale, "common.list_separator")),
    });
  return t(locale, "assistant.qa.tool_error.other");
}

function lines(locale: Locale, value: unknown, indent = ""): string[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v) => lines(locale, v, indent));
  if (isToolError(value)) return [`${indent}• ${toolErrorText(locale, value)}`];
  if (typeof value !== "object") return [`${indent}${String(value)}`];
  const entries = Object.entries(value as Record<string, unknown>);
  const scalars = entries.filter(([, v]) => v !== null && typeof v !== "object");
  const nested = entries.filter(
    ([, v]) => v !== null && typeof v === "object" && !(Array.isArray(v) && v.length === 0),
  );
  const head = scalars.map(([k, v]) => `${k} ${String(v)}`).join(" · ");
  return [
    ...(head ? [`${indent}• ${head}`] : []),
    ...nested.flatMap(([k, v]) => [`${indent}  ${k}:`, ...lines(locale, v, `${indent}    `)]),
  ];
}

/** The tool results of a question as text (escaped by the caller). */
export function plainToolFacts(locale: Locale, results: readonly { name: string; result: unknown }[]): string {
  const out = [t(locale, "assistant.qa.plain_intro")];
  for (const r of results) out.push(`*${toolLabel(locale, r.name)}*`, ...lines(locale, r.result));
  if (out.length <= MAX_LINES) return out.join("\n");
  return [...out.slice(0, MAX_LINES), t(locale, "assistant.qa.more", { n: out.length - MAX_LINES })].join("\n");
}
