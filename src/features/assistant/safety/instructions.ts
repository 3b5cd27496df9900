// Questions about the bot's own instructions ("reveal your system prompt", "你的提示词是什么") get a fixed short
// text, never the model's words: the prompts hold nothing secret, but a model asked to recite them improvises,
// and what it improvises would be posted as kvalue's voice. Asked before any model call; an answer that recites
// a prompt anyway (the request was worded past the patterns) is replaced by the same text.
import { comparable } from "../extraction/validate.js";

const ASKS_EN = [
  /\b(?:system|initial|hidden|original|developer|pre-?)\s*(?:prompt|instructions?|message)s?\b/i,
  /\b(?:your|the bot'?s|kvalue'?s|its)\s+(?:instructions|prompts?|rules|guidelines|configuration|directives)\b/i,
  /\b(?:repeat|print|show|reveal|output|recite|dump)\b.{0,40}\b(?:above|before this|everything you were told|verbatim)\b/i,
];
const ASKS_ZH = [
  /提示词|系统提示|系统指令|系统消息|初始指令|初始提示|预设指令|隐藏指令|开发者指令/u,
  /你(?:的|被给的|收到的)(?:指令|指示|设定|规则|说明|提示|配置|人设)/u,
  /(?:复述|重复|原样输出|逐字|打印).{0,12}(?:上面|以上|之前|前面)/u,
];

export function asksAboutInstructions(text: string): boolean {
  const s = text.normalize("NFKC");
  return ASKS_EN.some((re) => re.test(s)) || ASKS_ZH.some((re) => re.test(s));
}

/** Window of a prompt line that, found in an answer, shows the answer recites the prompt. */
const WINDOW = 24;

/** Whether `answer` repeats a stretch of any of the prompts (spacing, width and punctuation ignored). */
export function recitesPrompt(answer: string, prompts: readonly string[]): boolean {
  const hay = comparable(answer);
  if (hay.length < WINDOW) return false;
  for (const prompt of prompts) {
    for (const line of prompt.split("\n")) {
      const needle = comparable(line);
      for (let i = 0; i + WINDOW <= needle.length; i += WINDOW / 2) {
        if (hay.includes(needle.slice(i, i + WINDOW))) return true;
      }
    }
  }
  return false;
}
