// Questions about the bot's own instructions ("reveal your system prompt", "你的提示词是什么") get a fixed short
// text, never the model's words: the prompts hold nothing secret, but a model asked to recite them improvises,
// and what it improvises would be posted as kvalue's voice. Asked before any model call; an answer that recites
// a prompt anyway (the request was worded past the patterns) is replaced by the same text.
import { comparable } from "../extraction/validate.js";

const ABOUT_EN = String.raw`(?:your|the bot'?s|kvalue'?s)\s+(?:instructions|prompts?|rules|guidelines|configuration|directives)`;
const ASKS_EN = [
  /\b(?:system|initial|hidden|original|developer)\s+(?:prompt|instructions?)s?\b/i,
  new RegExp(
    String.raw`\b(?:what|show|reveal|print|repeat|tell|give|output|share|dump|recite|display|list)\b.{0,30}\b${ABOUT_EN}\b`,
    "i",
  ),
  /\b(?:repeat|print|reveal|output|recite|dump)\b.{0,40}\b(?:everything above|the text above|words above|before this message|verbatim)\b/i,
];
const ABOUT_ZH = "你(?:的|被给的|收到的)(?:指令|指示|设定|规则|说明|提示|配置|人设)";
const ASKS_ZH = [
  /提示词|系统提示|系统指令|初始指令|初始提示|预设指令|隐藏指令|开发者指令/u,
  new RegExp(`${ABOUT_ZH}(?:是什么|有哪些|是啥|都有什么)`, "u"),
  new RegExp(`(?:告诉|给|发|展示|显示|输出|打印|复述|透露|泄露|公开|列出)(?:我|一下|出)?.{0,8}${ABOUT_ZH}`, "u"),
  /(?:复述|重复|原样输出|逐字输出|打印)(?:一下)?.{0,12}(?:上面|以上|之前|前面)的?(?:内容|文字|话|指令)/u,
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
