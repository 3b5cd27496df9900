// Public API of the scoring core (METHOD §2–§7, §10). Pure: plain data in, plain data out.
export * from "./enums.js";
export * from "./codes.js";
export * from "./facts.js";
export { extend } from "./extend.js";
export type * from "./results.js";

export { assess, assessAll, type AssessOptions, type AssessAllOptions, type ModelWeights } from "./assess.js";
export { quadrantOf, tierOf, confidenceOf, isProvisional, actionsFor, PRIORITY_OF } from "./matrix.js";
export { redFlags, staleBefore } from "./red-flags.js";
export { FACT_WEIGHTS } from "./collect-next.js";
export { explain, contributions, drivers, nearestQuadrant, clvOf } from "./explain.js";
export { collectNext } from "./collect-next.js";
export {
  subScores,
  currentValue,
  potential,
  needFit,
  relationship,
  painScore,
  strongestPain,
  contactStance,
  coveredRoles,
  headroomOf,
  type ComponentScore,
  type SubScoreResult,
  type NeedFit,
  type Relationship,
  type SubScores,
} from "./subscores.js";
export { logscale, makeLogscale, linear } from "./normalise.js";

export {
  funnel,
  funnelOfTotals,
  inPeriod,
  stageTotals,
  weightedAmount,
  type PipelineOpportunity,
  type StageTotals,
} from "./funnel.js";
export { bridge } from "./bridge.js";
export { DEFAULT_RATES, stageProbabilities, stageIndex, isOpen } from "./rates.js";
export {
  conversionRates,
  smooth,
  median,
  SMOOTHING_ALPHA,
  COHORT_MONTHS,
  type ConversionOptions,
  type ConversionResult,
  type StageObservation,
} from "./conversion.js";
export { brierScore, brierSkill, auc, binCount, equalCountBins, type BrierSkill, type Outcome } from "./calibration.js";
export {
  calibrate,
  calibrateIssues,
  stagePredictions,
  stageReliability,
  rankingCheck,
  countsForCalibration,
  type StagePrediction,
} from "./calibrate.js";
export {
  refitWeights,
  fitLogistic,
  solveLinear,
  proposedWeights,
  blendWeights,
  boundWeights,
  weightedScore,
  REFIT_LAMBDA,
  REFIT_TOLERANCE,
  REFIT_MAX_STEPS,
  WEIGHT_BOUNDS,
  ADOPT_MIN,
  type LogisticFit,
} from "./calibrate-refit.js";

export {
  assessOutput,
  accountOutput,
  funnelOutput,
  bridgeOutput,
  calibrateOutput,
  type CalibrateOutput,
  type AssessOutput,
  type AccountOutput,
  type FunnelOutput,
  type FunnelStageOutput,
  type BridgeOutput,
  type BridgeRowOutput,
} from "./contract.js";
export { q9, roundHalfUp, round2, round4, ceilCount, atLeast, compareQ } from "./numerics.js";
export { dayNumber, isoFromDay, addDays, addMonths, daysBetween } from "./dates.js";
export {
  formatPath,
  describeValue,
  issueMessage,
  placeIssues,
  issueLines,
  duplicateIds,
  type PlacedIssue,
} from "./issues.js";
export * from "./weights.js";
export * from "./segments.js";
export { createdFacts, rewind, scoreTrail, type ChangeStep, type RecordedChange, type TrailScore } from "./history.js";
