// The one CJK font the charts use, and its advance widths for text measurement.
//
// The machine has only DejaVu fonts, so resvg is given Noto Sans SC explicitly. Vega lays out text with its own
// width function (no node-canvas here), which by default guesses 0.8 em per character: too narrow for 汉字 (1 em),
// too wide for Latin. We read the real advance widths from the same TTF that resvg draws with, so layout and
// drawing agree. Parsed once per process; the 10 MB file buffer is not kept.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Only one weight is loaded (about 10 MB); bold is not available, so charts never ask for it. */
const FONT_PACKAGE = "@expo-google-fonts/noto-sans-sc";
const FONT_FILE = join("400Regular", "NotoSansSC_400Regular.ttf");

export interface ChartFont {
  /** Absolute path, passed to resvg's `font.fontFiles`. */
  readonly path: string;
  /** Family name as written in the TTF's name table, so SVG `font-family` matches exactly what resvg loaded. */
  readonly family: string;
  /** Width in px of `text` at `fontSize` px, from the font's advance widths (no kerning). */
  measure(text: string, fontSize: number): number;
}

let cached: ChartFont | undefined;

export function chartFont(): ChartFont {
  cached ??= loadChartFont(resolveFontPath());
  return cached;
}

function resolveFontPath(): string {
  const require = createRequire(import.meta.url);
  let pkgJson: string;
  try {
    pkgJson = require.resolve(`${FONT_PACKAGE}/package.json`);
  } catch (cause) {
    throw new Error(`chart font: package ${FONT_PACKAGE} is not installed`, { cause });
  }
  return join(dirname(pkgJson), FONT_FILE);
}

export function loadChartFont(path: string): ChartFont {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (cause) {
    throw new Error(`chart font: cannot read ${path}`, { cause });
  }
  const metrics = parseTtfMetrics(buf, path);
  const { unitsPerEm, bmp, astral, notdefAdvance, family } = metrics;
  return {
    path,
    family,
    measure(text: string, fontSize: number): number {
      let units = 0;
      for (const ch of text) {
        const cp = ch.codePointAt(0) ?? 0;
        const adv = cp < 0x10000 ? bmp[cp] ?? UNMAPPED : astral.get(cp) ?? UNMAPPED;
        // Unmapped characters are drawn as .notdef by resvg, so they take its width.
        units += adv === UNMAPPED ? notdefAdvance : adv;
      }
      return (units / unitsPerEm) * fontSize;
    },
  };
}

const UNMAPPED = 0xffff;

interface TtfMetrics {
  unitsPerEm: number;
  family: string;
  notdefAdvance: number;
  /** Advance per BMP code point; UNMAPPED where the font has no glyph. 128 KB instead of a 30k-entry Map. */
  bmp: Uint16Array;
  astral: Map<number, number>;
}

/** Minimal sfnt reader: head, hhea, hmtx, cmap (format 12 or 4) and name. Throws on anything it cannot read. */
export function parseTtfMetrics(buf: Buffer, what: string): TtfMetrics {
  const fail = (msg: string): never => {
    throw new Error(`chart font: ${what}: ${msg}`);
  };
  if (buf.length < 12) fail("file too short");
  const version = buf.readUInt32BE(0);
  if (version !== 0x00010000 && version !== 0x4f54544f /* OTTO */) fail("not a TrueType/OpenType font");

  const tables = new Map<string, { offset: number; length: number }>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const offset = buf.readUInt32BE(rec + 8);
    const length = buf.readUInt32BE(rec + 12);
    if (offset + length > buf.length) fail("table outside file");
    tables.set(buf.toString("latin1", rec, rec + 4), { offset, length });
  }
  const table = (tag: string): number => tables.get(tag)?.offset ?? fail(`missing '${tag}' table`);

  const unitsPerEm = buf.readUInt16BE(table("head") + 18);
  if (unitsPerEm === 0) fail("unitsPerEm is 0");
  const numberOfHMetrics = buf.readUInt16BE(table("hhea") + 34);
  if (numberOfHMetrics === 0) fail("no horizontal metrics");
  const hmtx = table("hmtx");
  const advanceOf = (glyph: number): number =>
    buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const bmp = new Uint16Array(0x10000).fill(UNMAPPED);
  const astral = new Map<number, number>();
  const setGlyph = (cp: number, glyph: number): void => {
    if (glyph === 0) return;
    const adv = Math.min(advanceOf(glyph), UNMAPPED - 1);
    if (cp < 0x10000) bmp[cp] = adv;
    else astral.set(cp, adv);
  };
  readCmap(buf, table("cmap"), setGlyph, fail);

  return { unitsPerEm, family: readFamily(buf, table("name")) ?? fail("no family name"), notdefAdvance: advanceOf(0), bmp, astral };
}

function readCmap(buf: Buffer, cmap: number, set: (cp: number, glyph: number) => void, fail: (m: string) => never): void {
  const subtables: { platform: number; encoding: number; offset: number; format: number }[] = [];
  const n = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const offset = cmap + buf.readUInt32BE(rec + 4);
    subtables.push({ platform: buf.readUInt16BE(rec), encoding: buf.readUInt16BE(rec + 2), offset, format: buf.readUInt16BE(offset) });
  }
  // Prefer the full-Unicode table; fall back to the BMP one.
  const full = subtables.find((s) => s.format === 12 && (s.platform === 3 || s.platform === 0));
  if (full) {
    const groups = buf.readUInt32BE(full.offset + 12);
    for (let g = 0; g < groups; g++) {
      const rec = full.offset + 16 + g * 12;
      const start = buf.readUInt32BE(rec);
      const end = buf.readUInt32BE(rec + 4);
      const glyph = buf.readUInt32BE(rec + 8);
      for (let cp = start; cp <= end; cp++) set(cp, glyph + cp - start);
    }
    return;
  }
  const bmpTable = subtables.find((s) => s.format === 4 && (s.platform === 3 || s.platform === 0));
  if (!bmpTable) fail("no Unicode cmap (format 12 or 4)");
  const o = bmpTable!.offset;
  const segCount = buf.readUInt16BE(o + 6) / 2;
  const ends = o + 14;
  const starts = ends + segCount * 2 + 2;
  const deltas = starts + segCount * 2;
  const rangeOffsets = deltas + segCount * 2;
  for (let s = 0; s < segCount; s++) {
    const end = buf.readUInt16BE(ends + s * 2);
    const start = buf.readUInt16BE(starts + s * 2);
    const delta = buf.readInt16BE(deltas + s * 2);
    const ro = buf.readUInt16BE(rangeOffsets + s * 2);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      let glyph: number;
      if (ro === 0) glyph = (cp + delta) & 0xffff;
      else {
        const g = buf.readUInt16BE(rangeOffsets + s * 2 + ro + (cp - start) * 2);
        glyph = g === 0 ? 0 : (g + delta) & 0xffff;
      }
      set(cp, glyph);
    }
  }
}

/** Typographic family (name id 16) or family (id 1), preferring Windows/Unicode English records. */
function readFamily(buf: Buffer, name: number): string | undefined {
  const count = buf.readUInt16BE(name + 2);
  const strings = name + buf.readUInt16BE(name + 4);
  const found = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const rec = name + 6 + i * 12;
    const platform = buf.readUInt16BE(rec);
    const language = buf.readUInt16BE(rec + 4);
    const nameId = buf.readUInt16BE(rec + 6);
    if ((nameId !== 1 && nameId !== 16) || platform !== 3 || language !== 0x409 || found.has(nameId)) continue;
    const start = strings + buf.readUInt16BE(rec + 10);
    const bytes = Buffer.from(buf.subarray(start, start + buf.readUInt16BE(rec + 8)));
    found.set(nameId, bytes.swap16().toString("utf16le"));
  }
  return found.get(16) ?? found.get(1);
}
