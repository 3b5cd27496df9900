// Three app instances (`node dist/src/main.js`) on one PostgreSQL database behind a round-robin proxy on 127.0.0.1,
// under a small load of slash commands while the week's digest falls due on all three at once: every command is
// acknowledged and gets its account's card, no instance logs an error, every instance served its share, and the
// digest is posted exactly once. The throughput figures with more load are in bench/instances.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPostgres } from "../store/support.js";
import { DIGEST_PERIOD, startCluster, type Cluster } from "./support/cluster.js";

const pg = await checkPostgres();

describe.skipIf(!pg.available)("three instances on one PostgreSQL behind a round-robin proxy", () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster({ instances: 3 });
  }, 120_000);
  afterAll(async () => {
    await cluster?.close();
  });

  it("serves every command without an error and posts the week's digest exactly once", async () => {
    const result = await cluster.load(60, 10);
    expect(result.errors).toEqual([]);
    expect(cluster.proxy.failed).toBe(0);
    expect(cluster.proxy.forwarded).toEqual([20, 20, 20]); // each instance answered its share
    await cluster.digestSettled();
    await new Promise((r) => setTimeout(r, 1_000)); // more scheduler ticks on every instance: nothing new
    const digests = cluster.digests();
    expect(digests).toHaveLength(1);
    const runs = await cluster.store.db.digestRun.findMany({ where: { periodKey: DIGEST_PERIOD } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "done", attempts: 1, messageTs: digests[0]?.ts });
    expect(cluster.errorLines()).toEqual([]);
  }, 180_000);
});
