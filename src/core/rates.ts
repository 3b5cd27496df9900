// METHOD §5.2 stage conversion rates and cumulative stage probabilities P(k) = Π_{j≥k} rate_j.
import { OPEN_STAGES, type OpenStage, type Stage } from "./enums.js";
import type { StageProbabilities, StageRates } from "./results.js";

/** §5.2 default conversion rates c_k (count) and a_k (amount) [D]. */
export const DEFAULT_RATES: StageRates = {
  count: { S0: 0.5, S1: 0.5, S2: 0.5, S3: 0.8, S4: 0.5, S5: 0.8 },
  amount: { S0: 0.5, S1: 0.5, S2: 0.5, S3: 0.8, S4: 0.4, S5: 0.75 },
};

/** Index of an open stage S0…S5 (0…5); W is 6, L and A are −1 (closed without winning). */
export function stageIndex(stage: Stage): number {
  switch (stage) {
    case "S0":
      return 0;
    case "S1":
      return 1;
    case "S2":
      return 2;
    case "S3":
      return 3;
    case "S4":
      return 4;
    case "S5":
      return 5;
    case "W":
      return 6;
    default:
      return -1;
  }
}

/** True for S0–S5. */
export const isOpen = (stage: Stage): stage is OpenStage => {
  const i = stageIndex(stage);
  return i >= 0 && i <= 5;
};

/** §5.2 cumulative probability from each stage to W: multiplied from S5 backwards, so P(W) = 1. */
function cumulative(rates: Record<OpenStage, number>): Record<OpenStage, number> {
  const p = { S0: 0, S1: 0, S2: 0, S3: 0, S4: 0, S5: 0 };
  let acc = 1;
  for (let i = OPEN_STAGES.length - 1; i >= 0; i--) {
    const k = OPEN_STAGES[i] ?? "S0";
    acc *= rates[k];
    p[k] = acc;
  }
  return p;
}

/** §5.2 P_count(k) and P_amt(k). */
export function stageProbabilities(rates: StageRates): StageProbabilities {
  return { count: cumulative(rates.count), amount: cumulative(rates.amount) };
}
