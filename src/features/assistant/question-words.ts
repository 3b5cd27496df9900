// Whether free text is a question, told without a model: the assistant routes on it, and a slash command that found
// no account says "ask me" instead of "this looks like a note". Pure.
// Question words at the start. Chinese has no word boundaries, so \b guards only the English ones.
const QUESTION_START_ZH =
  /^(为什么|为何|哪些|哪个|哪家|怎么|怎样|如何|多少|是否|能否|有没有|请问|比较|对比|假如|如果|假设|帮我(看|查|比较|排|分析))/u;
const QUESTION_START_EN =
  /^(what|which|why|how|who|whom|should|could|can|would|is|are|do|does|compare|show|list|rank|tell me)\b/i;

/** Cheap routing before any model call: a question mark or a question word. Anything else is read as a note,
 *  and the extraction's own intent still catches a question that slipped through. */
export const looksLikeQuestion = (text: string): boolean => {
  const s = text.trim();
  return /[?？]$/.test(s) || QUESTION_START_ZH.test(s) || QUESTION_START_EN.test(s);
};
