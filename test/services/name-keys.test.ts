import { describe, expect, it } from "vitest";
import { pinyin } from "pinyin-pro";
import { nameKeys, normalizeName } from "../../src/features/accounts/name-keys.js";
import { syntheticAccountsCsv } from "../../src/features/import-export/synthetic.js";
import { demoPortfolio } from "../../src/features/demo/portfolio.js";

describe("account name keys", () => {
  it("folds case, spaces and full-width forms", () => {
    expect(normalizeName("ＡＣＭＥ　有限公司（中国）")).toBe("acme有限公司中国");
    expect(normalizeName("  Acme  Corp. ")).toBe("acmecorp");
  });

  it("finds 省大数据局 by full pinyin and by initials", () => {
    const keys = nameKeys("省大数据局");
    expect(keys).toContain("省大数据局");
    expect(keys).toContain("shengdashujuju");
    expect(keys).toContain("sdsjj");
  });

  it("keeps Latin parts of mixed names whole in the initials", () => {
    expect(nameKeys("华为ICT学院")).toEqual(["华为ict学院", "huaweiictxueyuan", "hwictxy"]);
  });

  it("gives one key for a plain English name", () => {
    expect(nameKeys("Acme Bank")).toEqual(["acmebank"]);
  });

  // The keys as pinyin-pro's full per-character reading gives them (the reference the one-call path must equal):
  // polyphones read in context (银行 háng, 重庆 chóng), Latin runs whole, characters it does not know kept as they are.
  const reference = (name: string): string[] => {
    const parts = pinyin(name.normalize("NFKC"), { toneType: "none", type: "all", nonZh: "consecutive", v: true });
    const full = normalizeName(parts.map((p) => (p.isZh ? p.pinyin : p.origin)).join(""));
    const initials = normalizeName(parts.map((p) => (p.isZh ? p.pinyin.charAt(0) : p.origin)).join(""));
    return [...new Set([normalizeName(name), full, ...(initials.length >= 2 ? [initials] : [])])].filter(Boolean);
  };
  it("gives the full reading's keys for every synthetic and demo name and for awkward ones", () => {
    const synthetic = syntheticAccountsCsv(3_000, 5)
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[1] ?? "");
    const demoNames = demoPortfolio("2026-12-07").accounts.flatMap((a) => [a.name, ...(a.aliases ?? [])]);
    const awkward = [
      "重庆银行",
      "行长银行行业",
      "TOS运维 重庆",
      "绿地 lü 女",
      "中国银行（香港）",
      "〇号线",
      "𠀾字号",
      "A𠀾B",
      "乐山乐器",
    ];
    for (const name of [...synthetic, ...demoNames, ...awkward])
      expect([name, nameKeys(name)]).toEqual([name, reference(name)]);
  });
});
