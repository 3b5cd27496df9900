// Greedy point-label placement for the value matrix.
//
// vega-label exists, but without node-canvas it can only keep labels apart from each other, not from the points
// (it rasterises marks on a canvas for that). This is small, deterministic and uses the chart font's widths.

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface LabelCandidate {
  /** Index of the point this label names. */
  point: number;
  text: string;
  width: number;
}

export interface PlacedLabel {
  point: number;
  text: string;
  x: number;
  y: number;
  align: "left" | "center" | "right";
  box: Box;
}

type Option = Omit<PlacedLabel, "point" | "text">;

export interface PlacementInput {
  /** Point centres in px, same coordinate system as `bounds`. */
  points: readonly { x: number; y: number }[];
  /** Drawn radius of a point in px. */
  radius: number;
  /** In priority order; placement stops after `max` labels. */
  candidates: readonly LabelCandidate[];
  max: number;
  /** Line height used for the label box (font size plus a little). */
  lineHeight: number;
  /** Labels must lie fully inside. */
  bounds: Box;
  /** Areas no label may cover (quadrant names). */
  obstacles: readonly Box[];
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: Box): boolean => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

/**
 * Try each candidate at eight positions around its point (right first, as readers scan left to right); take the
 * first position that stays in bounds and clears obstacles, labels placed so far and every other point. If none
 * clears the points, accept one that covers other points but no label (names get a white backing). A candidate that
 * fits nowhere is skipped, and the next one gets its chance. Vertical text positions are box centres.
 */
export function placeLabels(input: PlacementInput): PlacedLabel[] {
  const { points, radius, lineHeight: h, bounds, obstacles } = input;
  const placed: PlacedLabel[] = [];
  const gap = radius + 2;
  const pointBoxes = points.map((p) => ({ x0: p.x - radius, y0: p.y - radius, x1: p.x + radius, y1: p.y + radius }));

  for (const c of input.candidates) {
    if (placed.length >= input.max) break;
    const p = points[c.point];
    if (!p) continue;
    const w = c.width;
    const at = (x: number, y: number, align: PlacedLabel["align"]): Option => {
      const x0 = align === "left" ? x : align === "right" ? x - w : x - w / 2;
      return { x, y, align, box: { x0, y0: y - h / 2, x1: x0 + w, y1: y + h / 2 } };
    };
    const d = gap * Math.SQRT1_2; // diagonal offsets sit on the same circle as the straight ones
    const options: Option[] = [
      at(p.x + gap, p.y, "left"),
      at(p.x - gap, p.y, "right"),
      at(p.x, p.y - gap - h / 2, "center"),
      at(p.x, p.y + gap + h / 2, "center"),
      at(p.x + d, p.y - d - h / 2, "left"),
      at(p.x + d, p.y + d + h / 2, "left"),
      at(p.x - d, p.y - d - h / 2, "right"),
      at(p.x - d, p.y + d + h / 2, "right"),
    ];
    const free = (o: { box: Box }, avoidPoints: boolean): boolean =>
      inside(o.box, bounds) &&
      !obstacles.some((b) => overlaps(o.box, b)) &&
      !placed.some((l) => overlaps(o.box, l.box)) &&
      (!avoidPoints || !pointBoxes.some((b, i) => i !== c.point && overlaps(o.box, b)));
    const choice = options.find((o) => free(o, true)) ?? options.find((o) => free(o, false));
    if (choice) placed.push({ point: c.point, text: c.text, ...choice });
  }
  return placed;
}
