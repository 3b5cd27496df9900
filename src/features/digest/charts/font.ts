// The one CJK font the charts use: its advance widths (for vega's text layout) and per-chart subsets (for resvg).
//
// Why widths: the machine has only DejaVu fonts and no node-canvas, so vega would guess 0.8 em per character —
// too narrow for 汉字 (1 em), too wide for Latin. Reading the advances from the TTF that resvg draws with keeps
// layout and drawing in agreement. fontkit reads them (cmap → glyph → hmtx).
//
// Why subsets: resvg-js 2.6 keeps fonts as file paths and re-reads the whole file several times per <text>
// element (~6 reads per element). With the 10 MB Noto Sans SC that is ~7 ms per label, ~0.5 s for a labelled
// matrix; a subset with only the glyphs of one chart is a few KB. HarfBuzz's hb-subset cuts it (subset-font: fontkit's
// own subsetter writes no cmap or name table, so resvg could not find characters or the family in it). GSUB/GPOS
// are dropped: without substitutions and kerning resvg's advances equal the ones measured here.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as fontkit from "fontkit";
import subsetFont from "subset-font";

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
  /** A TrueType font with the same metrics and family name, holding .notdef and the glyphs of `text` only. */
  subset(text: string): Promise<Buffer>;
}

// An immutable asset read from an installed package (not data): parsed once per process, like a loaded module.
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
  const parsed = fontkit.create(buf);
  if (!("glyphForCodePoint" in parsed)) throw new Error(`chart font: ${path} is a font collection, not one font`);
  const font = parsed;
  // Options beyond @types/subset-font (dropTables came later): passed as a variable, not a fresh literal.
  const subsetOptions = { targetFormat: "truetype", noLayoutClosure: true, dropTables: ["GSUB", "GPOS"] } as const;
  return {
    sourcePath: path,
    family: font.familyName,
    measure(text: string, fontSize: number): number {
      let units = 0;
      // Unmapped characters map to glyph 0 (.notdef), which is also what resvg draws for them.
      for (const ch of text) units += font.glyphForCodePoint(ch.codePointAt(0) ?? 0).advanceWidth;
      return (units / font.unitsPerEm) * fontSize;
    },
    has: (cp) => font.hasGlyphForCodePoint(cp),
    subset: (text) => subsetFont(buf, text, subsetOptions),
  };
}
