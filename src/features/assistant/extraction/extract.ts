// One note → one structured call (plus at most one retry, retry.ts): the whole extraction, intent included, so a
// note costs one model round trip in the normal case.
import type { LlmPort } from "../llm/port.js";
import { callStructured, type CallBudget } from "../llm/retry.js";
import { EXTRACTION_SYSTEM_PROMPT, extractionUserPrompt, type ExtractionContext } from "./prompt.js";
import { extractionSchema, type Extraction } from "./schema.js";

/**
 * Tokens of a note sent to the model. Prompt and schema take about 1,200, so a request stays under the issue's
 * 2,000-token bar whatever the note; a longer note is cut and the proposal says so.
 */
export const NOTE_TOKEN_BUDGET = 650;

/** The note cut to the token budget (cl100k/o200k-style counting; other servers count similarly). The tokenizer's
 *  tables are loaded on first use: a deployment without a model never pays their memory. */
export async function notePrompt(note: string): Promise<{ text: string; truncated: boolean }> {
  const { decode, encode } = await import("gpt-tokenizer");
  const tokens = encode(note);
  if (tokens.length <= NOTE_TOKEN_BUDGET) return { text: note, truncated: false };
  return { text: decode(tokens.slice(0, NOTE_TOKEN_BUDGET)).replace(/\uFFFD+$/u, ""), truncated: true };
}
/** Enough for a dense note's JSON; the request stays bounded either way. */
const MAX_COMPLETION_TOKENS = 1_500;

export async function extractFacts(
  llm: LlmPort,
  note: string,
  ctx: ExtractionContext,
  budget: CallBudget,
): Promise<Extraction> {
  const { text } = await notePrompt(note);
  const { value } = await callStructured(
    llm,
    {
      purpose: "extract",
      messages: [
        { role: "system", content: EXTRACTION_SYSTEM_PROMPT },
        { role: "user", content: extractionUserPrompt(text, ctx) },
      ],
      format: { name: "note_facts", schema: extractionSchema },
      maxTokens: MAX_COMPLETION_TOKENS,
    },
    budget,
  );
  return value;
}
