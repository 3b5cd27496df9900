// The stage-map text (a file, or pairs typed in Slack) and the map a team keeps: names by line, a name given twice
// for two stages refused, merging in place, and a stored value this code did not write read as no map.
import { describe, expect, it } from "vitest";
import {
  decodeStageMap,
  encodeStageMap,
  MAX_STAGE_NAMES,
  mergeStageMaps,
  parseStageMap,
  stageLookup,
} from "../../src/features/import-export/stage-map.js";

const said = (text: string) => {
  const r = parseStageMap(text);
  return r.ok ? [] : r.errors.map((e) => [e.row, e.said?.en]);
};

describe("stage-map text", () => {
  it("reads one name per line with any separator, stages as codes or kvalue's names, skipping comments and blanks", () => {
    expect(
      parseStageMap("\uFEFF# 销售易\r\n初步沟通,S1\n\n需求分析\tS2\n方案报价 = 方案\n合同签订：赢单\n输了:L\n"),
    ).toEqual({
      ok: true,
      map: [
        ["初步沟通", "S1"],
        ["需求分析", "S2"],
        ["方案报价", "S3"],
        ["合同签订", "W"],
        ["输了", "L"],
      ],
    });
  });

  it("names every bad line: no stage, an unknown stage, no name, a name twice for two stages, a name too long", () => {
    expect(said("初步沟通\n方案,S9\n,S1\n初步 沟通,S1\n初步沟通,S2\n" + `${"长".repeat(61)},S1`)).toEqual([
      [
        1,
        '"初步沟通" is not "CRM stage name,stage"; the stage is one of S0, S1, S2, S3, S4, S5, W, L, A or its name (方案, 投标 …)',
      ],
      [
        2,
        '"方案,S9" is not "CRM stage name,stage"; the stage is one of S0, S1, S2, S3, S4, S5, W, L, A or its name (方案, 投标 …)',
      ],
      [
        3,
        '",S1" is not "CRM stage name,stage"; the stage is one of S0, S1, S2, S3, S4, S5, W, L, A or its name (方案, 投标 …)',
      ],
      [5, "“初步沟通” is given twice, for two stages (first for S1)"],
      [6, `“${"长".repeat(61)}” is longer than 60 characters: a stage name, not a sentence`],
    ]);
    // The same name for the same stage twice is kept once.
    expect(parseStageMap("初步沟通,S1\n初步 沟通,S1")).toEqual({ ok: true, map: [["初步沟通", "S1"]] });
    const many = Array.from({ length: MAX_STAGE_NAMES + 1 }, (_, i) => `阶段${i},S1`).join("\n");
    expect(said(many)).toEqual([[null, `${MAX_STAGE_NAMES + 1} stage names: a map holds at most ${MAX_STAGE_NAMES}`]]);
  });

  it("skips a spreadsheet's header row, on the first line only", () => {
    const map = [["方案交流", "S3"]];
    expect(parseStageMap("CRM stage name,stage\n方案交流,S3\n")).toEqual({ ok: true, map });
    expect(parseStageMap("原系统阶段名,阶段\r\n方案交流,S3")).toEqual({ ok: true, map });
    // Only the first line may be a header: "阶段" further down is a bad line.
    expect(said("方案交流,S3\n原系统阶段名,阶段")[0]?.[0]).toBe(2);
    expect(parseStageMap("CRM stage name,stage\n")).toEqual({ ok: true, map: [] });
  });
});

describe("a team's stage map", () => {
  it("looks names up as cells are compared (width, case, spaces), a later entry winning", () => {
    const lookup = stageLookup([
      ["Proposal Review", "S3"],
      ["初步沟通", "S1"],
      ["proposal review", "S4"],
    ]);
    expect([lookup.get("proposalreview"), lookup.get("初步沟通"), lookup.size]).toEqual(["S4", "S1", 2]);
  });

  it("merges a change in place and appends new names", () => {
    const base = [
      ["初步沟通", "S1"],
      ["方案报价", "S3"],
    ] as const;
    const change = [
      ["方案 报价", "S4"],
      ["合同签订", "W"],
    ] as const;
    expect(mergeStageMaps(base, change)).toEqual([
      ["初步沟通", "S1"],
      ["方案 报价", "S4"],
      ["合同签订", "W"],
    ]);
  });

  it("is stored as JSON (none as null) and a value it did not write reads as no map", () => {
    expect(encodeStageMap([])).toBeNull();
    const map = [["初步沟通", "S1"]] as const;
    expect(decodeStageMap(encodeStageMap(map))).toEqual(map);
    for (const bad of [null, "{", '{"a":"S1"}', '[["初步沟通","S9"]]']) expect(decodeStageMap(bad)).toEqual([]);
  });
});
