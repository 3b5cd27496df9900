// The model version in force in a workspace (METHOD §6.6): what scoring and snapshots read, apart from the service
// that changes it, so the snapshot writers can depend on it without a cycle.
import type { ModelWeights } from "../../core/assess.js";
import type { StageRates } from "../../core/index.js";
import { DEFAULT_RATES, MODEL_VERSION, V_W, Y_W } from "../../core/index.js";
import type { Repositories } from "../repositories.js";
import type { ModelVersionRow } from "./repository.js";

type Weights = ModelWeights["weights"];
type YWeights = ModelWeights["yWeights"];

/** The model in force in a workspace: v1-default (id null) or an adopted version. */
export interface ModelInForce extends ModelWeights {
  id: string | null;
  label: string;
  rates: StageRates;
}

export const V1_DEFAULT: ModelInForce = {
  id: null,
  label: MODEL_VERSION,
  weights: { ...V_W },
  yWeights: { ...Y_W },
  rates: { count: { ...DEFAULT_RATES.count }, amount: { ...DEFAULT_RATES.amount } },
};

const parseJson = <T>(text: string): T => JSON.parse(text) as T;

export function modelOf(row: ModelVersionRow): ModelInForce {
  return {
    id: row.id,
    label: row.label,
    weights: parseJson<Weights>(row.weights),
    yWeights: parseJson<YWeights>(row.yWeights),
    rates: parseJson<StageRates>(row.rates),
  };
}

/** The version in force in a workspace (two small reads; no row = v1-default). `pointer`: the workspace's
 *  modelVersionId as already read in this request (Scope.modelVersionId), which spares the first read, and with
 *  v1-default in force (null) the second too. */
export async function versionInForce(
  deps: { repos: Repositories },
  workspaceId: string,
  pointer?: string | null,
): Promise<ModelInForce> {
  if (pointer === null) return V1_DEFAULT;
  const row =
    pointer === undefined
      ? (await deps.repos.calibration.versionInForce(workspaceId)).row
      : await deps.repos.calibration.versionPointedAt(pointer);
  return row ? modelOf(row) : V1_DEFAULT;
}
