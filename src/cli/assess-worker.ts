// A worker thread of `kvalue assess` on a large input (./assess-pool.ts): scores the batches it is sent, in order.
import { parentPort } from "node:worker_threads";
import { scoreBatch, type BatchJob } from "./assess-batch.js";

parentPort?.on("message", (m: { id: number; job: BatchJob }) => {
  parentPort?.postMessage({ id: m.id, result: scoreBatch(m.job) });
});
