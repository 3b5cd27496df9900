// `/kvalue …` text → a command. Shared by Slack and the local console, so both accept exactly the same input.
// Pure: no lookups here; names stay strings until the service resolves them.
import { looksLikeQuestion } from "../features/assistant/question-words.js";

export type Command =
  | { kind: "help" }
  /** `fields`: every fact `set` can write, its values and an example. */
  | { kind: "fields" }
  /** `import [path]`: in Slack, how to send a file; in the console, the file at `path`. */
  | { kind: "import"; path: string | null }
  | { kind: "card"; account: string }
  | { kind: "new"; name: string }
  | { kind: "set"; account: string; assignments: { field: string; value: string }[] }
  | { kind: "matrix"; team: string | null }
  | { kind: "top"; n: number }
  | { kind: "mine" }
  | { kind: "export"; team: string | null }
  | { kind: "deal"; deal: string; assignments: { field: string; value: string }[] }
  | { kind: "history"; account: string }
  | { kind: "funnel"; team: string | null; period: string | null }
  | { kind: "target"; team: string; amount: string; period: string | null }
  | { kind: "team-create"; name: string | null }
  /** `locale: null` (bare `lang`): say the current language and the choices. */
  | { kind: "lang"; locale: "zh-CN" | "en" | "auto" | null }
  /** `calibration [team]` the report; `calibration versions` the model versions; `calibration revert <label>`. */
  | { kind: "calibration"; action: "report"; team: string | null }
  | { kind: "calibration"; action: "versions" }
  | { kind: "calibration"; action: "revert"; version: string }
  | { kind: "segment"; industry: string | null; region: string | null; year: string | null }
  | { kind: "digest"; action: "subscribe"; args: string[] }
  | { kind: "digest"; action: "unsubscribe" | "list" | "preview" }
  | { kind: "alerts"; action: "show" | "preview" }
  | { kind: "alerts"; action: "on" | "off"; alert: string }
  | { kind: "alerts"; action: "days"; days: string; team: string | null }
  /** `stages [team]`: the team's stage map; `… clear`; `… 初步沟通=S1 旧名=` sets names (an empty stage removes). */
  | { kind: "stages"; team: string | null; action: "show" | "clear" }
  | { kind: "stages"; team: string | null; action: "set"; pairs: { field: string; value: string }[] };

/** The subcommands with a usage line of their own (messages `reply.usage.<topic>`). */
export type UsageTopic =
  | "help"
  | "new"
  | "set"
  | "top"
  | "target"
  | "team"
  | "lang"
  | "digest"
  | "segment"
  | "deal"
  | "alerts"
  | "stages"
  | "calibration"
  | "history";

/** A parse error names what was wrong; `usage` is the help topic to show with it. */
export interface CommandError {
  error: "usage" | "bad_number" | "bad_amount" | "bad_assignment" | "bad_lang" | "too_long";
  usage: UsageTopic;
  detail?: string;
}

export const MAX_COMMAND_LENGTH = 2000;
const TOP_MAX = 50;

// Chinese words a rep may type instead of the English subcommand.
const ALIASES: Record<string, string> = {
  帮助: "help",
  字段: "fields",
  矩阵: "matrix",
  排行: "top",
  优先客户: "top",
  优先: "top",
  priorities: "top",
  我的: "mine",
  导出: "export",
  商机: "deal",
  记录: "history",
  历史: "history",
  变更: "history",
  漏斗: "funnel",
  目标: "target",
  设置: "set",
  新建: "new",
  团队: "team",
  语言: "lang",
  周报: "digest",
  提醒: "alerts",
  阶段映射: "stages",
  "stage-map": "stages",
  stagemap: "stages",
  校准: "calibration",
  calibrate: "calibration",
  模型校准: "calibration",
  细分市场: "segment",
  市场: "segment",
  segments: "segment",
  "?": "help",
  "？": "help",
};

/** Splits on any white space (incl. the ideographic space), keeping "quoted", “quoted” and 「quoted」 parts whole,
 *  also after a prefix: name="Acme Corp" is one token `name=Acme Corp`. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /([^\s"“「]*)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?)|(\S+)/gu;
  for (const m of text.replace(/\u3000/g, " ").matchAll(re)) {
    const token = m[5] ?? (m[1] ?? "") + (m[2] ?? m[3] ?? m[4] ?? "");
    if (token !== "") tokens.push(token);
  }
  return tokens;
}

/** Text as typed, minus what no name or value contains and databases refuse (PostgreSQL text cannot hold NUL):
 *  control characters other than tab and line breaks; unpaired surrogates become U+FFFD. */
export function cleanInput(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

export function parseCommand(raw: string): Command | CommandError {
  if (raw.length > MAX_COMMAND_LENGTH) return { error: "too_long", usage: "help" };
  const text = cleanInput(raw);
  const tokens = tokenize(text.trim());
  const head = tokens[0];
  if (head === undefined) return { kind: "help" };
  const sub = ALIASES[head] ?? head.toLowerCase();
  const rest = tokens.slice(1);
  switch (sub) {
    case "help":
      return { kind: "help" };
    case "fields":
    case "field":
      return { kind: "fields" };
    case "import":
    case "导入":
      return { kind: "import", path: rest.length ? rest.join(" ") : null };
    case "new":
      return rest.length ? { kind: "new", name: rest.join(" ") } : { error: "usage", usage: "new" };
    case "set":
      return parseSet(rest);
    case "mine":
      return { kind: "mine" };
    case "export":
      return { kind: "export", team: rest.length ? rest.join(" ") : null };
    case "deal":
      return parseDeal(rest);
    case "history":
      return rest.length ? { kind: "history", account: rest.join(" ") } : { error: "usage", usage: "history" };
    case "matrix":
      return { kind: "matrix", team: rest.length ? rest.join(" ") : null };
    case "top": {
      if (rest.length === 0) return { kind: "top", n: 10 };
      const n = Number(rest[0]);
      if (!Number.isInteger(n) || n < 1 || rest.length > 1)
        return { error: "bad_number", usage: "top", detail: rest.join(" ") };
      return { kind: "top", n: Math.min(n, TOP_MAX) };
    }
    case "funnel":
      return parseFunnel(rest);
    case "segment":
      // segment → the team's list; segment <industry> <region> [year] → one segment
      if (rest.length === 0) return { kind: "segment", industry: null, region: null, year: null };
      if (rest.length < 2 || rest.length > 3) return { error: "usage", usage: "segment" };
      return { kind: "segment", industry: rest[0] ?? "", region: rest[1] ?? "", year: rest[2] ?? null };
    // The model versions by the words a manager reaches for first.
    case "model":
    case "models":
    case "versions":
    case "模型":
    case "模型版本":
      return rest.length === 0 ? { kind: "calibration", action: "versions" } : { error: "usage", usage: "calibration" };
    case "calibration": {
      const action = (rest[0] ?? "").toLowerCase();
      // Adopt and Keep are buttons under a report that proposes a change: typed, no team called "adopt" is meant.
      if (["adopt", "keep", "采用", "保持"].includes(action)) return { error: "usage", usage: "calibration" };
      if (rest.length === 1 && (action === "versions" || action === "版本"))
        return { kind: "calibration", action: "versions" };
      if (action === "revert" || action === "回退")
        return rest.length === 2
          ? { kind: "calibration", action: "revert", version: rest[1] ?? "" }
          : { error: "usage", usage: "calibration" };
      return { kind: "calibration", action: "report", team: rest.length ? rest.join(" ") : null };
    }
    case "target": {
      // target <team> <amount> [period]: the amount is the first token that looks like money. A minus sign is
      // read too, so a negative amount is refused as one ("must be more than 0"), not as something else.
      const at = rest.findIndex((t) => /^[-−－]?[¥￥]?[\d,，.]+(万|亿|w|m)?$/iu.test(t));
      // A team and then no amount: the last word is where the amount goes, so say what is wrong with it.
      if (at < 1)
        return rest.length >= 2
          ? { error: "bad_amount", usage: "target", detail: rest[rest.length - 1] ?? "" }
          : { error: "usage", usage: "target" };
      const period = rest.slice(at + 1).join(" ") || null;
      return { kind: "target", team: rest.slice(0, at).join(" "), amount: rest[at] ?? "", period };
    }
    case "team":
      if ((rest[0] ?? "").toLowerCase() === "create" || rest[0] === "创建") {
        return { kind: "team-create", name: rest.slice(1).join(" ") || null };
      }
      return { error: "usage", usage: "team" };
    case "lang": {
      if (rest.length === 0) return { kind: "lang", locale: null };
      const v = (rest[0] ?? "").toLowerCase();
      const locale =
        v.startsWith("zh") || v === "中文"
          ? "zh-CN"
          : v.startsWith("en") || v === "英文"
            ? "en"
            : v === "auto"
              ? "auto"
              : null;
      return locale ? { kind: "lang", locale } : { error: "bad_lang", usage: "lang", detail: rest[0] ?? "" };
    }
    case "alerts":
      return parseAlerts(rest);
    case "stages":
      return parseStages(rest);
    case "digest": {
      const action = (rest[0] ?? "").toLowerCase();
      if (action === "subscribe") return { kind: "digest", action, args: rest.slice(1) };
      if (action === "unsubscribe" || action === "list" || action === "preview") return { kind: "digest", action };
      return { error: "usage", usage: "digest" };
    }
    default:
      return { kind: "card", account: tokens.join(" ") };
  }
}

// alerts · alerts preview · alerts on|off <kind|all> · alerts days <n|default> [team]
const ALERT_ACTIONS: Record<string, "preview" | "on" | "off" | "days"> = {
  preview: "preview",
  预览: "preview",
  on: "on",
  开: "on",
  开启: "on",
  打开: "on",
  off: "off",
  关: "off",
  关闭: "off",
  days: "days",
  天数: "days",
};
function parseAlerts(rest: string[]): Command | CommandError {
  const head = rest[0];
  if (head === undefined) return { kind: "alerts", action: "show" };
  const action = ALERT_ACTIONS[head.toLowerCase()];
  if (action === "preview" && rest.length === 1) return { kind: "alerts", action };
  if ((action === "on" || action === "off") && rest.length === 2)
    return { kind: "alerts", action, alert: rest[1] ?? "" };
  if (action === "days" && rest.length >= 2)
    return { kind: "alerts", action, days: rest[1] ?? "", team: rest.slice(2).join(" ") || null };
  return { error: "usage", usage: "alerts" };
}

// stages [team] · stages [team] clear · stages [team] <CRM name>=<stage> … (an empty stage removes the name); a pair
// may also be written 初步沟通:S1, as a map file's lines are.
function parseStages(words: string[]): Command | CommandError {
  const rest = words.map((w) => (/[=＝]/.test(w) ? w : w.replace(/[:：]/, "=")));
  const first = rest.findIndex((t) => t.includes("=") || t.includes("＝"));
  const head = first < 0 ? rest : rest.slice(0, first);
  const team = (names: string[]) => (names.length ? names.join(" ") : null);
  if (first < 0) {
    const last = (head[head.length - 1] ?? "").toLowerCase();
    return last === "clear" || last === "清空"
      ? { kind: "stages", team: team(head.slice(0, -1)), action: "clear" }
      : { kind: "stages", team: team(head), action: "show" };
  }
  const pairs = assignmentsFrom(rest.slice(first));
  if (typeof pairs === "string") return { error: "bad_assignment", usage: "stages", detail: pairs };
  return { kind: "stages", team: team(head), action: "set", pairs };
}

/** `field=value` pairs (also with a full-width ＝) from the first token that has one; null names the bad token. */
function assignmentsFrom(tokens: string[]): { field: string; value: string }[] | string {
  const out: { field: string; value: string }[] = [];
  for (const token of tokens) {
    const [field, ...value] = token.replace("＝", "=").split("=");
    if (!field || value.length === 0) return token;
    out.push({ field, value: value.join("=") });
  }
  return out;
}

// deal <account or deal> [stage=S3] [amount=300万] [close=2026-03-31] [reason=price]
function parseDeal(rest: string[]): Command | CommandError {
  const first = rest.findIndex((t) => t.includes("=") || t.includes("＝"));
  const query = (first < 0 ? rest : rest.slice(0, first)).join(" ");
  if (!query) return { error: "usage", usage: "deal" };
  const assignments = first < 0 ? [] : assignmentsFrom(rest.slice(first));
  if (typeof assignments === "string") return { error: "bad_assignment", usage: "deal", detail: assignments };
  return { kind: "deal", deal: query, assignments };
}

function parseSet(rest: string[]): Command | CommandError {
  const first = rest.findIndex((t) => t.includes("=") || t.includes("＝"));
  if (first < 1) return { error: "usage", usage: "set" };
  const assignments: { field: string; value: string }[] = [];
  for (const token of rest.slice(first)) {
    const [field, ...value] = token.replace("＝", "=").split("=");
    if (!field || value.length === 0) return { error: "bad_assignment", usage: "set", detail: token };
    assignments.push({ field, value: value.join("=") });
  }
  return { kind: "set", account: rest.slice(0, first).join(" "), assignments };
}

// funnel [team] [period]: a trailing token shaped like a period (2026, 2026-Q3, 2026Q3, 2026-11) is the period.
// 2026, 2026-Q3, 2026-11, and the same in Chinese (2026年, 2026年第3季度, 2026年11月; funnel/periods.ts reads them).
const PERIOD = /^\d{4}(-?[qQ][1-4]|-\d{2}|年(第?[1-4一二三四]季度?|[qQ][1-4]|\d{1,2}月)?)?$/u;
/** A last word that starts with a year but is no period (2027Q5): kept in the team name, since a team may be called
 *  that; the handler calls it a bad period only when no such team exists. */
export function periodAttempt(team: string | null): string | null {
  const last = team?.split(" ").at(-1) ?? "";
  return /^\d{4}/.test(last) && !PERIOD.test(last) ? last : null;
}
function parseFunnel(rest: string[]): Command {
  const last = rest[rest.length - 1];
  const period = last !== undefined && PERIOD.test(last) ? last : null;
  const teamTokens = period ? rest.slice(0, -1) : rest;
  return { kind: "funnel", team: teamTokens.length ? teamTokens.join(" ") : null, period };
}

/** The English subcommands, for "did you mean …?" when the text is neither a command nor an account. */
const SUBCOMMANDS = [
  "help",
  "fields",
  "new",
  "set",
  "mine",
  "matrix",
  "top",
  "funnel",
  "target",
  "team",
  "lang",
  "digest",
  "calibration",
  "alerts",
  "stages",
] as const;

/** Edit distance with adjacent transpositions (`tpo` → `top` is one edit). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The subcommand a mistyped first word was probably meant to be (one edit for short words, two for longer). */
export function nearestSubcommand(word: string): string | null {
  const w = word.toLowerCase();
  if (!/^[a-z]{2,}$/.test(w)) return null;
  let best: { sub: string; d: number } | null = null;
  for (const sub of SUBCOMMANDS) {
    const d = editDistance(w, sub);
    if (d > 0 && d <= (sub.length <= 4 ? 1 : 2) && (best === null || d < best.d)) best = { sub, d };
  }
  return best?.sub ?? null;
}

/** What text that matched no account most likely is: a mistyped command, a number, a question, a note, or a new
 *  name. */
export type UnknownText =
  | { kind: "typo"; suggestion: string }
  | { kind: "number"; n: number }
  | { kind: "no_letters" }
  | { kind: "question" }
  | { kind: "note" }
  | { kind: "name" };

export function classifyUnknown(text: string): UnknownText {
  const tokens = tokenize(text.trim());
  const head = tokens[0] ?? "";
  const sub = nearestSubcommand(head);
  if (sub !== null && tokens.length <= 3) return { kind: "typo", suggestion: [sub, ...tokens.slice(1)].join(" ") };
  if (/^\d+$/.test(text.trim())) return { kind: "number", n: Number(text.trim()) };
  if (!/\p{L}/u.test(text)) return { kind: "no_letters" };
  if (looksLikeQuestion(text)) return { kind: "question" };
  // A name is short and has no sentence in it; a note has sentence punctuation, figures among words, or length.
  const sentence = /[，。！？；!?;]|[,.:：]\s/u.test(text);
  const figures = tokens.length >= 2 && /\d/.test(text);
  if (sentence || figures || text.length > 40 || tokens.length >= 6) return { kind: "note" };
  return { kind: "name" };
}
