// One note → one structured call (plus at most one retry, retry.ts): the whole extraction, intent included, so a
// note costs one model round trip in the normal case.
import type { LlmPort } from "../llm/port.js";
import { callStructured, type CallBudget } from "../llm/retry.js";
import { EXTRACTION_SYSTEM_PROMPT, extractionUserPrompt, SEGMENT_PROMPT, type ExtractionContext } from "./prompt.js";
import {
  extractionSchema,
  extractionWithSegmentsSchema,
  type ExtractedSegmentUpdate,
  type Extraction,
} from "./schema.js";

/**
 * Tokens of a note sent to the model. Prompt and schema take about 1,200, so a request stays under the issue's
 * 2,000-token bar whatever the note; a longer note is cut and the proposal says so.
 */
export const NOTE_TOKEN_BUDGET = 650;

/** The note cut to the token budget (cl100k/o200k-style counting; other servers count similarly). The tokenizer's
 *  tables are loaded on first use: a deployment without a model never pays their memory. */
export async function notePrompt(
  note: string,
  budget: number = NOTE_TOKEN_BUDGET,
): Promise<{ text: string; truncated: boolean }> {
  const { decode, encode } = await import("gpt-tokenizer");
  const tokens = encode(note);
  if (tokens.length <= budget) return { text: note, truncated: false };
  return { text: decode(tokens.slice(0, budget)).replace(/\uFFFD+$/u, ""), truncated: true };
}

/** At most this many segments are listed to the model (newest first). */
export const MAX_PROMPT_SEGMENTS = 8;
/** Tokens the segment part (prompt line, schema, list of ≤ 8 keys) may take; the note gives them up, so a request
 *  with segments stays under the same 2,000-token bar. */
export const SEGMENT_TOKEN_RESERVE = 240;

/** The note's token budget for a request with or without the segment part. */
export const noteBudget = (ctx: Pick<ExtractionContext, "segments">): number =>
  ctx.segments?.length ? NOTE_TOKEN_BUDGET - SEGMENT_TOKEN_RESERVE : NOTE_TOKEN_BUDGET;

/** The messages of one note's request (the note already cut to its budget). */
export function extractionMessages(note: string, ctx: ExtractionContext) {
  const segments = ctx.segments?.slice(0, MAX_PROMPT_SEGMENTS) ?? [];
  return [
    {
      role: "system" as const,
      content: segments.length > 0 ? `${EXTRACTION_SYSTEM_PROMPT}\n${SEGMENT_PROMPT}` : EXTRACTION_SYSTEM_PROMPT,
    },
    { role: "user" as const, content: extractionUserPrompt(note, { ...ctx, segments }) },
  ];
}

/** Enough for a dense note's JSON; the request stays bounded either way. */
const MAX_COMPLETION_TOKENS = 1_500;

export type NoteExtraction = Extraction & { segments?: ExtractedSegmentUpdate[] };

export async function extractFacts(
  llm: LlmPort,
  note: string,
  ctx: ExtractionContext,
  budget: CallBudget,
): Promise<NoteExtraction> {
  const { text } = await notePrompt(note, noteBudget(ctx));
  const messages = extractionMessages(text, ctx);
  const request = { purpose: "extract" as const, messages, maxTokens: MAX_COMPLETION_TOKENS };
  if (!ctx.segments?.length)
    return (await callStructured(llm, { ...request, format: { name: "note_facts", schema: extractionSchema } }, budget))
      .value;
  const format = { name: "note_facts", schema: extractionWithSegmentsSchema };
  // A reply without the segment part (a server that ignores strict schemas) still gives the account's facts.
  const read = extractionWithSegmentsSchema.extend({
    segments: extractionWithSegmentsSchema.shape.segments.optional(),
  });
  return (await callStructured<NoteExtraction>(llm, { ...request, format }, budget, read)).value;
}
