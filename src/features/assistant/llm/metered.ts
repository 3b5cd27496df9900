// The LLM port with its calls, tokens and failures counted (GET /metrics). Wraps any port, so the count is the same
// whatever server sits behind it; the retry policy above it (retry.ts) makes each retry a counted call of its own.
import type { Metrics } from "../../../metrics.js";
import { isLlmError, type LlmPort } from "./port.js";

export function meteredLlm(llm: LlmPort, metrics: Metrics): LlmPort {
  return {
    model: llm.model,
    async complete(request) {
      const purpose = request.purpose;
      try {
        const response = await llm.complete(request);
        metrics.modelCalls.inc({ purpose, outcome: "ok" });
        if (response.usage) {
          metrics.modelTokens.inc({ purpose, kind: "prompt" }, response.usage.promptTokens);
          metrics.modelTokens.inc({ purpose, kind: "completion" }, response.usage.completionTokens);
        }
        return response;
      } catch (e) {
        const kind = isLlmError(e) ? e.kind : "error";
        metrics.modelCalls.inc({ purpose, outcome: kind });
        metrics.modelFailures.inc({ purpose, kind });
        throw e;
      }
    },
  };
}
