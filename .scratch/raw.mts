import { openStore, migrate } from "../src/store/index.js";
import { sqltag as sql } from "@prisma/client/runtime/client";
for (const url of ["file:/tmp/kvx/raw.db", "postgresql://postgres@127.0.0.1:5432/test?schema=kvx_raw"]) {
  const store = await openStore(url);
  await migrate(store);
  const db = store.db;
  await db.workspace.upsert({ where: { id: "W" }, create: { id: "W", name: "w" }, update: {} });
  const team = await db.team.upsert({ where: { workspaceId_channelId: { workspaceId: "W", channelId: "C1" } }, create: { workspaceId: "W", channelId: "C1", name: "t", createdBy: "U" }, update: {} });
  await db.pipelineSnapshot.deleteMany({});
  await db.pipelineSnapshot.create({ data: { teamId: team.id, periodKey: "2026-W01", asOf: "2025-12-29", opportunityId: "o1", accountId: "a1", stage: "S1", amount: 5000000000n, expectedCloseDate: "2026-01-31", pCount: 0.08, pAmt: 0.06, modelVersion: "v1", takenAt: new Date() } });
  const rows = await db.$queryRaw<Record<string, unknown>[]>(sql`SELECT "stage", COUNT(*) AS n, SUM("amount") AS amt, SUM("amount" * "pAmt") AS w, MAX("takenAt") AS t, CASE WHEN "pAmt" > 0 THEN 1 ELSE 0 END AS f, "amount" AS a FROM "PipelineSnapshot" WHERE "teamId" = ${team.id} GROUP BY 1, 6, 7`);
  for (const r of rows) console.log(store.provider, Object.entries(r).map(([k, v]) => `${k}=${typeof v}:${String(v)}:${v?.constructor?.name}`).join(" "));
  await store.close();
}
