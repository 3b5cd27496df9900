// The one CJK font the charts use: its advance widths (for vega's text layout) and per-chart subsets (for resvg).
//
// Why widths: the machine has only DejaVu fonts and no node-canvas, so vega would guess 0.8 em per character —
// too narrow for 汉字 (1 em), too wide for Latin. Reading the advances from the TTF that resvg draws with keeps
// layout and drawing in agreement.
//
// Why subsets: resvg-js 2.6 keeps fonts as file paths and re-reads the whole file several times per <text>
// element (seen with strace: ~6 reads per element). With the 10 MB Noto Sans SC that is ~7 ms per label, ~0.5 s
// for a labelled matrix. A copy of the font that keeps every glyph id but carries outlines only for the glyphs a
// chart uses is ~0.3 MB and renders in a few ms. GSUB/GPOS are dropped from the subset: substitutions could point
// at glyphs without outlines, and without kerning resvg's advances equal the ones measured here.
//
// The TTF is read and indexed once per process; the buffer is kept (≈10 MB) to cut subsets from.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** Only one weight is loaded; bold is not available, so charts never ask for it. */
const FONT_PACKAGE = "@expo-google-fonts/noto-sans-sc";
const FONT_FILE = join("400Regular", "NotoSansSC_400Regular.ttf");

export interface ChartFont {
  /** The installed TTF this font was read from. */
  readonly sourcePath: string;
  /** Family name from the TTF's name table, so SVG `font-family` matches exactly what resvg loads. */
  readonly family: string;
  /** Width in px of `text` at `fontSize` px, from the font's advance widths (no kerning, like the subset). */
  measure(text: string, fontSize: number): number;
  /** True if the font has a glyph for this code point (others are drawn as the .notdef box). */
  has(codePoint: number): boolean;
  /** A complete TTF with the same glyph ids and metrics, but outlines only for .notdef and the glyphs of `text`. */
  subset(text: string): Buffer;
}

let cached: ChartFont | undefined;

export function chartFont(): ChartFont {
  cached ??= loadChartFont(resolveFontPath());
  return cached;
}

function resolveFontPath(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve(`${FONT_PACKAGE}/package.json`)), FONT_FILE);
  } catch (cause) {
    throw new Error(`chart font: package ${FONT_PACKAGE} is not installed`, { cause });
  }
}

export function loadChartFont(path: string): ChartFont {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (cause) {
    throw new Error(`chart font: cannot read ${path}`, { cause });
  }
  const ttf = indexTtf(buf, path);
  const glyphOf = (cp: number): number => (cp < 0x10000 ? ttf.bmp[cp] ?? 0 : ttf.astral.get(cp) ?? 0);
  return {
    sourcePath: path,
    family: ttf.family,
    measure(text: string, fontSize: number): number {
      let units = 0;
      // Unmapped characters map to glyph 0 (.notdef), which is also what resvg draws for them.
      for (const ch of text) units += ttf.advance(glyphOf(ch.codePointAt(0) ?? 0));
      return (units / ttf.unitsPerEm) * fontSize;
    },
    has: (cp) => glyphOf(cp) !== 0,
    subset(text: string): Buffer {
      const glyphs = new Set<number>([0]);
      for (const ch of text) glyphs.add(glyphOf(ch.codePointAt(0) ?? 0));
      return buildSubset(ttf, glyphs);
    },
  };
}

interface Table {
  offset: number;
  length: number;
}

interface IndexedTtf {
  buf: Buffer;
  tables: Map<string, Table>;
  unitsPerEm: number;
  family: string;
  numGlyphs: number;
  advance: (glyph: number) => number;
  /** Glyph id per BMP code point (0 = none): 128 KB instead of a 30k-entry Map. */
  bmp: Uint16Array;
  astral: Map<number, number>;
  /** Byte range of each glyph inside `glyf`: glyph g is [loca[g], loca[g+1]). */
  loca: Uint32Array;
}

/** Minimal sfnt reader for a TrueType-outline font. Throws on anything it cannot read. */
function indexTtf(buf: Buffer, what: string): IndexedTtf {
  const fail = (msg: string): never => {
    throw new Error(`chart font: ${what}: ${msg}`);
  };
  if (buf.length < 12 || buf.readUInt32BE(0) !== 0x00010000) fail("not a TrueType (glyf) font");

  const tables = new Map<string, Table>();
  const numTables = buf.readUInt16BE(4);
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    const offset = buf.readUInt32BE(rec + 8);
    const length = buf.readUInt32BE(rec + 12);
    if (offset + length > buf.length) fail("table outside file");
    tables.set(buf.toString("latin1", rec, rec + 4), { offset, length });
  }
  const table = (tag: string): Table => tables.get(tag) ?? fail(`missing '${tag}' table`);
  for (const tag of REQUIRED_TABLES) table(tag);

  const head = table("head").offset;
  const unitsPerEm = buf.readUInt16BE(head + 18);
  if (unitsPerEm === 0) fail("unitsPerEm is 0");
  const longLoca = buf.readInt16BE(head + 50) === 1;
  const numGlyphs = buf.readUInt16BE(table("maxp").offset + 4);
  const numberOfHMetrics = buf.readUInt16BE(table("hhea").offset + 34);
  if (numberOfHMetrics === 0 || numberOfHMetrics > numGlyphs) fail("bad hhea.numberOfHMetrics");
  const hmtx = table("hmtx").offset;
  const advance = (glyph: number): number => buf.readUInt16BE(hmtx + 4 * Math.min(glyph, numberOfHMetrics - 1));

  const locaAt = table("loca").offset;
  const loca = new Uint32Array(numGlyphs + 1);
  for (let g = 0; g <= numGlyphs; g++) loca[g] = longLoca ? buf.readUInt32BE(locaAt + 4 * g) : 2 * buf.readUInt16BE(locaAt + 2 * g);
  if ((loca[numGlyphs] ?? 0) > table("glyf").length) fail("loca points outside glyf");

  const bmp = new Uint16Array(0x10000);
  const astral = new Map<number, number>();
  readCmap(buf, table("cmap").offset, numGlyphs, (cp, glyph) => {
    if (cp < 0x10000) bmp[cp] = glyph;
    else astral.set(cp, glyph);
  }, fail);

  const family = readFamily(buf, table("name").offset) ?? fail("no family name");
  return { buf, tables, unitsPerEm, family, numGlyphs, advance, bmp, astral, loca };
}

function readCmap(buf: Buffer, cmap: number, numGlyphs: number, set: (cp: number, glyph: number) => void, fail: (m: string) => never): void {
  const subtables: { platform: number; offset: number; format: number }[] = [];
  const n = buf.readUInt16BE(cmap + 2);
  for (let i = 0; i < n; i++) {
    const rec = cmap + 4 + i * 8;
    const offset = cmap + buf.readUInt32BE(rec + 4);
    subtables.push({ platform: buf.readUInt16BE(rec), offset, format: buf.readUInt16BE(offset) });
  }
  const put = (cp: number, glyph: number): void => {
    if (glyph > 0 && glyph < numGlyphs) set(cp, glyph);
  };
  // Prefer the full-Unicode table; fall back to the BMP one.
  const full = subtables.find((s) => s.format === 12 && (s.platform === 3 || s.platform === 0));
  if (full) {
    const groups = buf.readUInt32BE(full.offset + 12);
    for (let g = 0; g < groups; g++) {
      const rec = full.offset + 16 + g * 12;
      const start = buf.readUInt32BE(rec);
      const end = Math.min(buf.readUInt32BE(rec + 4), 0x10ffff);
      const glyph = buf.readUInt32BE(rec + 8);
      for (let cp = start; cp <= end; cp++) put(cp, glyph + cp - start);
    }
    return;
  }
  const bmpTable = subtables.find((s) => s.format === 4 && (s.platform === 3 || s.platform === 0)) ?? fail("no Unicode cmap (format 12 or 4)");
  const o = bmpTable.offset;
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
      if (ro === 0) put(cp, (cp + delta) & 0xffff);
      else {
        const g = buf.readUInt16BE(rangeOffsets + s * 2 + ro + (cp - start) * 2);
        put(cp, g === 0 ? 0 : (g + delta) & 0xffff);
      }
    }
  }
}

/** Typographic family (name id 16) or family (id 1), from the Windows English records. */
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

/** Tables copied into a subset (glyf and loca are rebuilt). Layout tables are left out on purpose, see the top. */
const KEPT_TABLES = ["OS/2", "cmap", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep", "cvt ", "fpgm"] as const;
const REQUIRED_TABLES = ["cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name"] as const;

function buildSubset(ttf: IndexedTtf, wanted: Set<number>): Buffer {
  const { buf, loca } = ttf;
  const glyfAt = ttf.tables.get("glyf")?.offset ?? 0;

  // Composite glyphs draw other glyphs; pull those in too.
  const queue = [...wanted];
  while (queue.length > 0) {
    const g = queue.pop() ?? 0;
    for (const c of componentsOf(buf, glyfAt + (loca[g] ?? 0), (loca[g + 1] ?? 0) - (loca[g] ?? 0))) {
      if (c < ttf.numGlyphs && !wanted.has(c)) {
        wanted.add(c);
        queue.push(c);
      }
    }
  }

  const pieces: Buffer[] = [];
  const newLoca = Buffer.alloc(4 * (ttf.numGlyphs + 1));
  let at = 0;
  for (let g = 0; g < ttf.numGlyphs; g++) {
    newLoca.writeUInt32BE(at, 4 * g);
    if (!wanted.has(g)) continue; // same glyph id, empty outline
    const start = loca[g] ?? 0;
    const len = (loca[g + 1] ?? 0) - start;
    if (len <= 0) continue;
    pieces.push(buf.subarray(glyfAt + start, glyfAt + start + len));
    const pad = (4 - (len % 4)) % 4;
    if (pad > 0) pieces.push(Buffer.alloc(pad));
    at += len + pad;
  }
  newLoca.writeUInt32BE(at, 4 * ttf.numGlyphs);

  const out = new Map<string, Buffer>();
  for (const tag of KEPT_TABLES) {
    const t = ttf.tables.get(tag);
    if (t) out.set(tag, Buffer.from(buf.subarray(t.offset, t.offset + t.length)));
  }
  out.set("glyf", Buffer.concat(pieces));
  out.set("loca", newLoca);
  const head = out.get("head");
  if (head) {
    head.writeUInt32BE(0, 8); // checkSumAdjustment, recomputed below
    head.writeInt16BE(1, 50); // indexToLocFormat: long offsets, as written above
  }
  return writeSfnt(out);
}

/** Glyph ids referenced by a composite glyph (numberOfContours < 0); none for simple or empty glyphs. */
function componentsOf(buf: Buffer, at: number, length: number): number[] {
  if (length < 10 || buf.readInt16BE(at) >= 0) return [];
  const ids: number[] = [];
  let p = at + 10;
  for (;;) {
    const flags = buf.readUInt16BE(p);
    ids.push(buf.readUInt16BE(p + 2));
    p += 4 + (flags & 0x0001 ? 4 : 2); // ARG_1_AND_2_ARE_WORDS
    if (flags & 0x0008) p += 2; // WE_HAVE_A_SCALE
    else if (flags & 0x0040) p += 4; // WE_HAVE_AN_X_AND_Y_SCALE
    else if (flags & 0x0080) p += 8; // WE_HAVE_A_TWO_BY_TWO
    if (!(flags & 0x0020) || p >= at + length) break; // MORE_COMPONENTS
  }
  return ids;
}

function checksum(b: Buffer): number {
  let sum = 0;
  const padded = b.length % 4 === 0 ? b : Buffer.concat([b, Buffer.alloc(4 - (b.length % 4))]);
  for (let i = 0; i < padded.length; i += 4) sum = (sum + padded.readUInt32BE(i)) >>> 0;
  return sum;
}

function writeSfnt(tables: Map<string, Buffer>): Buffer {
  const tags = [...tables.keys()].sort();
  const n = tags.length;
  const maxPow2 = 2 ** Math.floor(Math.log2(n));
  const header = Buffer.alloc(12 + 16 * n);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(n, 4);
  header.writeUInt16BE(maxPow2 * 16, 6);
  header.writeUInt16BE(Math.log2(maxPow2), 8);
  header.writeUInt16BE(n * 16 - maxPow2 * 16, 10);
  const body: Buffer[] = [];
  let offset = header.length;
  tags.forEach((tag, i) => {
    const data = tables.get(tag) ?? Buffer.alloc(0);
    const rec = 12 + 16 * i;
    header.write(tag, rec, 4, "latin1");
    header.writeUInt32BE(checksum(data), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    const pad = (4 - (data.length % 4)) % 4;
    body.push(data, Buffer.alloc(pad));
    offset += data.length + pad;
  });
  const file = Buffer.concat([header, ...body]);
  const headIndex = tags.indexOf("head");
  if (headIndex >= 0) {
    const headOffset = header.readUInt32BE(12 + 16 * headIndex + 8);
    file.writeUInt32BE((0xb1b0afba - checksum(file)) >>> 0, headOffset + 8);
  }
  return file;
}
