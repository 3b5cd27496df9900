// Amounts and counts as reps say them in Chinese ("两千万", "一个亿", "三点五亿", "五百多万", "三年") → the digits
// the shared parsers read ("2000万", "1亿", "3.5亿", "500万", "3年"). Approximation words (约, 大概, 左右, 多)
// are dropped: the value recorded is the one stated. Deterministic, so the model only ever copies words.

const DIGIT: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  两: 2,
  贰: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL_UNIT: Readonly<Record<string, number>> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** 一千二百 → 1200, 十五 → 15, 三 → 3; null if the text is not a Chinese number below 10,000. */
function belowTenThousand(s: string): number | null {
  let total = 0,
    digit = -1;
  for (const ch of s) {
    if (ch in DIGIT) {
      digit = DIGIT[ch] ?? 0;
      continue;
    }
    const unit = SMALL_UNIT[ch];
    if (unit === undefined) return null;
    total += (digit < 0 ? 1 : digit) * unit;
    digit = -1;
  }
  return total + (digit > 0 ? digit : 0);
}

const CN_NUMBER = /[零〇一壹二两贰三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟]+(?:点[零〇一二两三四五六七八九]+)?/g;

export function arabicAmount(text: string): string {
  let s = text
    .normalize("NFKC")
    .trim()
    .replace(/^(约|大约|大概|差不多|将近|接近|近|超过|预计|估计)/, "")
    .replace(/(左右|上下|以上|多|出头)(?=[万亿千百元]|$)/g, "")
    .replace(/个(?=亿|万)/g, "");
  s = s.replace(CN_NUMBER, (m) => {
    const [whole = "", frac] = m.split("点");
    const n = belowTenThousand(whole);
    if (n === null) return m;
    const decimals = frac
      ? Array.from(frac)
          .map((c) => String(DIGIT[c] ?? ""))
          .join("")
      : "";
    return decimals ? `${n}.${decimals}` : String(n);
  });
  return s.replace(/(\d)\s*多\s*(?=[万亿])/g, "$1");
}
