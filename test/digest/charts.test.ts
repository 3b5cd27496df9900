import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import type { Quadrant } from "../../src/core/enums.js";
import {
  MAX_POINT_LABELS,
  PIXEL_RATIO,
  dualFunnelSpec,
  renderDualFunnel,
  renderValueMatrix,
  valueMatrixSpec,
  type DualFunnelData,
  type ValueMatrixData,
  type ValueMatrixPoint,
} from "../../src/features/digest/charts/index.js";
import { chartFont, loadChartFont } from "../../src/features/digest/charts/font.js";
import { placeLabels, type Box } from "../../src/features/digest/charts/labels.js";

// PNGs land here so a person can open them; set KVALUE_CHART_OUT to choose another folder.
const OUT = process.env.KVALUE_CHART_OUT ?? join(tmpdir(), "kvalue-charts");
mkdirSync(OUT, { recursive: true });
const save = (name: string, png: Buffer): void => writeFileSync(join(OUT, `${name}.png`), png);

/** A font read back from bytes (through a temporary file, as resvg reads it). */
function loadChartFontFrom(bytes: Buffer): ReturnType<typeof loadChartFont> {
  const dir = mkdtempSync(join(tmpdir(), "kvalue-font-test-"));
  try {
    writeFileSync(join(dir, "subset.ttf"), bytes);
    return loadChartFont(join(dir, "subset.ttf"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.readUInt32BE(8)).toBe(13); // IHDR is always the first chunk, 13 bytes long
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** 万/亿 as the zh-CN digest shows amounts. */
const wan = (n: number): string =>
  n >= 1e8 ? `${Number((n / 1e8).toFixed(2))}亿` : n >= 1e4 ? `${Number((n / 1e4).toFixed(1))}万` : `${n}元`;

const zhFunnel: DualFunnelData = {
  title: "双漏斗 · 华东政企一部 · 2025-W28",
  countLabel: "商机数（个）",
  amountLabel: "金额",
  formatAmount: wan,
  stages: [
    { label: "S0 线索", count: 120, amount: 300_000_000 },
    { label: "S1 商机", count: 64, amount: 182_000_000 },
    { label: "S2 立项", count: 31, amount: 95_500_000 },
    { label: "S3 方案", count: 22, amount: 71_000_000 },
    { label: "S4 投标", count: 11, amount: 30_000_000 },
    { label: "S5 谈判", count: 6, amount: 18_400_000 },
  ],
};

const enFunnel: DualFunnelData = {
  title: "Dual funnel · Public sector East · week 28",
  countLabel: "Opportunities",
  amountLabel: "Amount (CNY)",
  formatAmount: (n) => `¥${(n / 1e6).toFixed(1)}M`,
  stages: [
    { label: "S0 Lead", count: 1240, amount: 3_000_000_000 },
    { label: "S1 Qualified opportunity", count: 310, amount: 1_500_000_000 },
    { label: "S2 Internal go", count: 95, amount: 700_000_000 },
    { label: "S3 Solution / pre-bid shaping", count: 41, amount: 520_000_000 },
    { label: "S4 Bid / formal quote", count: 12, amount: 95_000_000 },
    { label: "S5 Negotiation", count: 0, amount: 0 },
  ],
};

const zhNames: Record<Quadrant, string> = {
  strategic: "战略客户",
  develop: "发展客户",
  maintain: "维持客户",
  opportunistic: "机会客户",
};
const enNames: Record<Quadrant, string> = {
  strategic: "Strategic",
  develop: "Develop",
  maintain: "Maintain",
  opportunistic: "Opportunistic",
};

const quadrantOf = (x: number, y: number): Quadrant =>
  x >= 50 ? (y >= 50 ? "strategic" : "maintain") : y >= 50 ? "develop" : "opportunistic";

/** Deterministic pseudo-random accounts (an LCG, so the fixture is the same on every run). */
function accounts(n: number, seed = 7): ValueMatrixPoint[] {
  let s = seed;
  const next = (): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const places = ["某省", "某市", "广西壮族自治区邕宁区", "华东", "西南", "内蒙古鄂尔多斯"];
  const kinds = ["大数据管理局", "人民医院", "城投集团", "电力公司", "教育局", "交通集团", "水务集团", "税务局"];
  return Array.from({ length: n }, (_, i) => {
    const x = Math.round(next() * 1000) / 10;
    const y = Math.round(next() * 1000) / 10;
    return {
      label: `${places[i % places.length]}${kinds[(i * 7) % kinds.length]}${i}`,
      x,
      y,
      quadrant: quadrantOf(x, y),
    };
  });
}

const zhMatrix = (points: ValueMatrixPoint[]): ValueMatrixData => ({
  title: `客户价值矩阵 · 华东政企一部 · ${points.length} 个客户`,
  points,
  quadrantNames: zhNames,
  xLabel: "当前价值 X（CV）",
  yLabel: "未来吸引力 Y（0.6·PT + 0.4·SF）",
  provisionalNote: (n) => `待评估 ${n} 个客户未画入象限（资料不全）`,
});

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe("chart font", () => {
  it("is Noto Sans SC from the installed package, with 汉字 one em wide", () => {
    const font = chartFont();
    expect(font.family).toBe("Noto Sans SC");
    expect(font.sourcePath).toContain("@expo-google-fonts/noto-sans-sc");
    expect(font.measure("某省大数据管理局", 12)).toBeCloseTo(96, 5);
    // Latin is proportional, not the 0.8 em vega guesses without a canvas.
    expect(font.measure("iiii", 12)).toBeLessThan(font.measure("WWWW", 12) / 2);
    expect(chartFont()).toBe(font); // parsed once per process
  });

  it("cuts a small subset that still carries the glyphs of the text", async () => {
    const subset = await chartFont().subset("战略客户 Strategic 0123456789");
    expect(subset.readUInt32BE(0)).toBe(0x00010000);
    expect(subset.length).toBeLessThan(600_000);
    expect(subset.equals(await chartFont().subset("战略客户 Strategic 0123456789"))).toBe(true);
    // The subset is a font resvg can use: same family, the text's characters mapped, the rest not.
    const cut = loadChartFontFrom(subset);
    expect(cut.family).toBe("Noto Sans SC");
    for (const ch of "战略客户 Strategic 0123456789") expect(cut.has(ch.codePointAt(0) ?? 0)).toBe(true);
    expect(cut.has("某".codePointAt(0) ?? 0)).toBe(false);
    expect(cut.measure("战略客户 Strategic", 12)).toBeCloseTo(chartFont().measure("战略客户 Strategic", 12), 5);
  });
});

describe("renderDualFunnel", () => {
  it("draws S0 线索 … S5 谈判 with counts and 万/亿 amounts as a PNG", async () => {
    const png = await renderDualFunnel(zhFunnel);
    save("funnel-zh", png);
    expect(pngSize(png)).toEqual({ width: 760 * PIXEL_RATIO, height: (68 + 6 * 34 + 16) * PIXEL_RATIO });
  });

  it("draws English labels, cutting an over-long stage name with …", async () => {
    const png = await renderDualFunnel(enFunnel);
    save("funnel-en", png);
    expect(pngSize(png).width).toBe(760 * PIXEL_RATIO);
    const rows = dualFunnelSpec(enFunnel).data?.[0];
    const labels =
      rows && "values" in rows && Array.isArray(rows.values)
        ? rows.values.map((r) => (r as { label: string }).label)
        : [];
    expect(labels).toHaveLength(6);
    for (const label of labels) expect(chartFont().measure(label, 12)).toBeLessThanOrEqual(170);
  });

  it("draws an empty funnel when there are no stages", async () => {
    const png = await renderDualFunnel({ ...zhFunnel, stages: [], emptyLabel: "本周没有商机" });
    save("funnel-empty", png);
    expect(pngSize(png)).toEqual({ width: 760 * PIXEL_RATIO, height: (68 + 34 + 16) * PIXEL_RATIO });
  });

  it("gives identical bytes for the same input", async () => {
    const [a, b] = [await renderDualFunnel(zhFunnel), await renderDualFunnel(zhFunnel)];
    expect(a.equals(b)).toBe(true);
  });

  it("throws a clear Error for bad input, so the digest can fall back to text", async () => {
    await expect(
      renderDualFunnel({ ...zhFunnel, stages: [{ label: "S0 线索", count: -1, amount: 0 }] }),
    ).rejects.toThrow(/^dual funnel chart: stages\[0\]\.count must be a finite number ≥ 0/);
    await expect(
      renderDualFunnel({ ...zhFunnel, stages: [{ label: "S0 线索", count: 1, amount: Number.NaN }] }),
    ).rejects.toThrow(/stages\[0\]\.amount/);
    const boom = (): string => {
      throw new Error("boom");
    };
    await expect(renderDualFunnel({ ...zhFunnel, formatAmount: boom })).rejects.toThrow(
      /formatAmount\(300000000\) threw/,
    );
  });
});

describe("renderValueMatrix", () => {
  const size = { width: 622 * PIXEL_RATIO, height: 680 * PIXEL_RATIO };

  it("draws a dozen Chinese-named accounts in their quadrants", async () => {
    const png = await renderValueMatrix(zhMatrix(accounts(12)));
    save("matrix-zh-12", png);
    expect(pngSize(png)).toEqual(size);
  });

  it("draws English names and quadrant titles", async () => {
    const points: ValueMatrixPoint[] = [
      { label: "Acme Provincial Data Bureau", x: 82, y: 77, quadrant: "strategic" },
      { label: "Northwind City Hospital", x: 35, y: 68, quadrant: "develop" },
      { label: "Contoso Water Group", x: 71, y: 22, quadrant: "maintain" },
      { label: "Fabrikam County SOE", x: 18, y: 31, quadrant: "opportunistic" },
      { label: "Edge case at 50/50", x: 50, y: 50, quadrant: "strategic" },
      { label: "Origin", x: 0, y: 0, quadrant: "opportunistic" },
      { label: "Top corner", x: 100, y: 100, quadrant: "strategic" },
    ];
    const png = await renderValueMatrix({
      title: "Value matrix · Public sector East",
      points,
      quadrantNames: enNames,
      xLabel: "Current value X (CV)",
      yLabel: "Attractiveness Y",
      provisionalNote: (n) => `${n} provisional not plotted`,
    });
    save("matrix-en", png);
    expect(pngSize(png)).toEqual(size);
  });

  it("draws the empty matrix with zero counts", async () => {
    const png = await renderValueMatrix(zhMatrix([]));
    save("matrix-empty", png);
    expect(pngSize(png)).toEqual(size);
  });

  it("stays legible with 200 accounts: at most 20 names, none overlapping, every quadrant named", async () => {
    const points = accounts(200);
    const png = await renderValueMatrix(zhMatrix(points));
    save("matrix-zh-200", png);
    expect(pngSize(png)).toEqual(size);

    const plot = valueMatrixSpec(zhMatrix(points)).marks?.find((m) => m.name === "plot");
    const labelData = plot && "data" in plot ? plot.data?.find((d) => d.name === "labels") : undefined;
    const placed = (labelData && "values" in labelData ? labelData.values : []) as (Box & {
      point: number;
      text: string;
    })[];
    expect(placed.length).toBeGreaterThanOrEqual(12);
    expect(placed.length).toBeLessThanOrEqual(MAX_POINT_LABELS);
    for (const [i, a] of placed.entries()) for (const b of placed.slice(i + 1)) expect(overlaps(a, b)).toBe(false);
    const named = new Set(placed.map((l) => points[l.point]?.quadrant));
    expect(named).toEqual(new Set(["strategic", "develop", "maintain", "opportunistic"]));
  });

  it("leaves provisional accounts out of the quadrants: not drawn, not counted, named in a note", async () => {
    const points: ValueMatrixPoint[] = [
      { label: "某省大数据局", x: 80, y: 80, quadrant: "strategic" },
      { label: "某市医院", x: 30, y: 70, quadrant: "develop" },
      { label: "青溪县公安局", x: 70, y: 75, quadrant: "strategic", provisional: true },
      { label: "某省文旅厅", x: 20, y: 60, quadrant: "develop", provisional: true },
    ];
    const plot = valueMatrixSpec(zhMatrix(points)).marks?.find((m) => m.name === "plot");
    const marks = plot && "marks" in plot ? (plot.marks ?? []) : [];
    const textOf = (name: string) => {
      const value = marks.find((m) => m.name === name)?.encode?.enter?.text;
      return value && "value" in value ? value.value : undefined;
    };
    expect(textOf("corner_strategic")).toBe("战略客户 · 1");
    expect(textOf("corner_develop")).toBe("发展客户 · 1");
    expect(textOf("provisionalNote")).toBe("待评估 2 个客户未画入象限（资料不全）");
    const data = plot && "data" in plot ? (plot.data ?? []) : [];
    const drawn = data.find((d) => d.name === "points");
    expect(drawn && "values" in drawn ? drawn.values : []).toHaveLength(2);
    const labels = data.find((d) => d.name === "labels");
    const named = (labels && "values" in labels ? labels.values : []) as { text: string }[];
    expect(named.map((l) => l.text).sort()).toEqual(["某市医院", "某省大数据局"]);
    save("matrix-provisional", await renderValueMatrix(zhMatrix(points)));
    // No provisional account, no note.
    const plain = valueMatrixSpec(zhMatrix(points.slice(0, 2))).marks?.find((m) => m.name === "plot");
    expect(plain && "marks" in plain ? plain.marks?.some((m) => m.name === "provisionalNote") : true).toBe(false);
  });

  it("gives identical bytes for the same input", async () => {
    const data = zhMatrix(accounts(200));
    const [a, b] = [await renderValueMatrix(data), await renderValueMatrix(data)];
    expect(a.equals(b)).toBe(true);
  });

  it("throws a clear Error for scores outside 0–100 or an unknown quadrant", async () => {
    await expect(renderValueMatrix(zhMatrix([{ label: "某局", x: 120, y: 10, quadrant: "maintain" }]))).rejects.toThrow(
      /^value matrix chart: points\[0\] \(某局\) must have x and y in 0–100/,
    );
    const bad = { label: "某局", x: 10, y: 10, quadrant: "gold" } as unknown as ValueMatrixPoint;
    await expect(renderValueMatrix(zhMatrix([bad]))).rejects.toThrow(/quadrant must be one of/);
  });
});

describe("placeLabels", () => {
  const bounds = { x0: 0, y0: 0, x1: 200, y1: 100 };

  it("puts a name right of its point when there is room, else left", () => {
    const placed = placeLabels({
      points: [
        { x: 20, y: 50 },
        { x: 190, y: 50 },
      ],
      radius: 3,
      candidates: [
        { point: 0, text: "甲", width: 30 },
        { point: 1, text: "乙", width: 30 },
      ],
      max: 5,
      lineHeight: 12,
      bounds,
      obstacles: [],
    });
    expect(placed.map((l) => l.align)).toEqual(["left", "right"]);
  });

  it("skips a name that fits nowhere and stops at the maximum", () => {
    const points = [
      { x: 100, y: 50 },
      { x: 10, y: 10 },
      { x: 150, y: 80 },
    ];
    const placed = placeLabels({
      points,
      radius: 3,
      candidates: [
        { point: 0, text: "too wide", width: 500 },
        { point: 1, text: "a", width: 20 },
        { point: 2, text: "b", width: 20 },
      ],
      max: 1,
      lineHeight: 12,
      bounds,
      obstacles: [],
    });
    expect(placed.map((l) => l.text)).toEqual(["a"]);
  });
});

describe("vega", () => {
  it("logs no warnings for any of the charts (a warning would mean a spec bug)", async () => {
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    try {
      await renderDualFunnel(zhFunnel);
      await renderDualFunnel({ ...enFunnel, stages: [] });
      await renderValueMatrix(zhMatrix(accounts(200)));
      await renderValueMatrix(zhMatrix([]));
      expect(warn).not.toHaveBeenCalled();
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });
});

describe("timing and memory", () => {
  it("renders a chart warm in well under a second", async () => {
    const data = zhMatrix(accounts(200, 11));
    const rss0 = process.memoryUsage().rss;
    let t = performance.now();
    await renderValueMatrix(data);
    const first = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      await renderDualFunnel(zhFunnel);
      await renderValueMatrix(data);
      warm.push((performance.now() - t) / 2);
    }
    const rssMb = (process.memoryUsage().rss - rss0) / 1e6;
    console.log(
      `charts: first ${first.toFixed(0)} ms, warm ${warm.map((w) => w.toFixed(0)).join("/")} ms per chart, RSS +${rssMb.toFixed(0)} MB; PNGs in ${OUT}`,
    );
    expect(Math.min(...warm)).toBeLessThan(1000);
  });
});
