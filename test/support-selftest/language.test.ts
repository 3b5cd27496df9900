import { describe, expect, it } from "vitest";
import { englishWords } from "../support/language.js";

describe("englishWords", () => {
  it("finds the English in a half-translated message", () => {
    expect(englishWords("第 2 行：“很多” is not an amount of money")).toEqual([
      "is",
      "not",
      "an",
      "amount",
      "of",
      "money",
    ]);
  });
  it("lets paths, field codes, options, the command and allowed tokens through", () => {
    const zh = "kvalue import：accounts[0].budget_status：应为以下之一：none|planned（--strict）revenue_ttm 与 crm.csv";
    expect(englishWords(zh, ["none", "planned", "crm.csv"])).toEqual([]);
    expect(englishWords(zh)).toEqual(["none", "planned", "crm", "csv"]);
  });
});
