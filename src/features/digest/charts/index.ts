// Server-side PNG charts for the weekly digest (METHOD §5.7): vega → SVG → resvg → PNG, no browser.
// Every failure is thrown as an Error whose message names the chart; the digest sender then falls back to text.

export {
  renderDualFunnel,
  dualFunnelSpec,
  FUNNEL_COLORS,
  type DualFunnelData,
  type DualFunnelStage,
} from "./dual-funnel.js";
export {
  renderValueMatrix,
  valueMatrixSpec,
  MAX_POINT_LABELS,
  QUADRANT_COLORS,
  type ValueMatrixData,
  type ValueMatrixPoint,
} from "./value-matrix.js";
export { PIXEL_RATIO } from "./render.js";
