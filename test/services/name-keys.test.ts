import { describe, expect, it } from "vitest";
import { nameKeys, normalizeName } from "../../src/features/accounts/name-keys.js";

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
});
