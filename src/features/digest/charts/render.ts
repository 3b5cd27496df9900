// The only module that touches vega and resvg: Vega spec → SVG string → PNG bytes.
// vega's runtime exports are loosely typed (and `textMetrics` is not typed at all), so the casts live here.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderAsync, type ResvgRenderOptions } from "@resvg/resvg-js";
import * as vega from "vega";
import type { Spec } from "vega";
import { chartFont, type ChartFont } from "./font.js";

export type { Spec } from "vega";

/** PNGs are drawn at 2× the layout size so they stay sharp on high-DPI screens (Slack shows them scaled down). */
export const PIXEL_RATIO = 2;

/** Shape of vega-scenegraph's mutable `textMetrics` singleton (absent from vega-typings). */
interface VegaTextMetrics {
  width: (item: { fontSize?: number | string | null }, text: unknown) => number;
}

// vega's textMetrics is itself process-global: this only remembers which font it was pointed at (no data).
let installedFor: ChartFont | undefined;

/**
 * Point vega's text measurement at the chart font (vl-convert does the same). `textMetrics` is process-global in
 * vega; it is set once, and nothing else in kvalue lays out vega text.
 */
function installTextMetrics(font: ChartFont): void {
  if (installedFor === font) return;
  const metrics = (vega as unknown as { textMetrics?: VegaTextMetrics }).textMetrics;
  if (!metrics || typeof metrics.width !== "function") {
    throw new Error("chart render: vega.textMetrics is missing (vega version changed?)");
  }
  metrics.width = (item, text) => {
    // Same defaults and trimming as vega's own estimateWidth. Specs here never use `limit`: text is truncated
    // before it reaches vega, so no truncation is needed in this function.
    const size = item.fontSize == null ? 11 : Number(item.fontSize) || 0;
    const value = text == null ? "" : String(text).trim();
    return size <= 0 || value === "" ? 0 : font.measure(value, size);
  };
  installedFor = font;
}

export async function specToSvg(spec: Spec): Promise<string> {
  installTextMetrics(chartFont());
  let view: vega.View | undefined;
  try {
    view = new vega.View(vega.parse(spec), { renderer: "none" });
    return await view.toSVG();
  } finally {
    view?.finalize();
  }
}

/**
 * resvg-js 2.6 takes fonts only as file paths, so the per-chart font subset (see font.ts) is written to a private
 * temporary file for the duration of one render and removed afterwards.
 */
export async function svgToPng(svg: string): Promise<Buffer> {
  const font = chartFont();
  // Every character of the markup (tags and attributes are ASCII, so a few dozen extra glyphs) plus any numeric
  // character references: a superset of the text that gets drawn, without parsing the SVG.
  const refs = Array.from(svg.matchAll(/&#(x[0-9a-f]+|[0-9]+);/gi), (m) => {
    const ref = m[1] ?? "";
    const cp = ref[0] === "x" || ref[0] === "X" ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : "";
  });
  // A fresh private directory (mode 0700), so nothing else in a shared /tmp can swap the file.
  const dir = mkdtempSync(join(tmpdir(), "kvalue-chart-"));
  const fontFile = join(dir, "font.ttf");
  try {
    writeFileSync(fontFile, await font.subset(svg + refs.join("")));
    const options: ResvgRenderOptions = {
      font: {
        fontFiles: [fontFile],
        loadSystemFonts: false,
        defaultFontFamily: font.family,
        sansSerifFamily: font.family,
      },
      fitTo: { mode: "zoom", value: PIXEL_RATIO },
      // Opaque: on Slack's dark theme a transparent PNG would show dark text on a dark background.
      background: "#ffffff",
      logLevel: "off",
    };
    // renderAsync rasterises on libuv's thread pool, so a render does not stall Slack acks on the event loop. It also
    // frees its native memory at once; `new Resvg(svg).render()` grew RSS by ~8 MB per chart here (the native tree
    // lives until V8 happens to collect the small JS wrapper).
    return (await renderAsync(svg, options)).asPng();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Build a Vega spec and render it to PNG. Any failure, from input validation to rasterising, becomes one Error
 * whose message starts with the chart's name (the cause is attached), so the digest can log it and send text.
 */
export async function renderSpec(chart: string, build: () => Spec): Promise<Buffer> {
  try {
    return await svgToPng(await specToSvg(build()));
  } catch (cause) {
    const msg = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${chart} chart: ${msg}`, { cause });
  }
}
