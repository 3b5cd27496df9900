import { afterAll, beforeAll, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

let h: Harness;
beforeAll(async () => { h = await startHarness(); });
afterAll(async () => { await h?.close(); });

it("explore", async () => {
  for (const q of ["东江省大数据管理局", "dongjiangshengdashuju", "djsdsjglj", "ＤＪ big data bureau", "省大数据局", "东江", "不存在的客户", "matrix", "top", "funnel", "help", "set 东江省大数据管理局 revenue_ttm=300万 预算状态=已立项", "set 东江省大数据管理局 收入=abc", "target 东江 3000万 2026"]) {
    const t0 = Date.now();
    const r = await h.slash(q);
    console.log("=====", q, r.res.status, JSON.stringify(r.res.body), Math.round(r.res.ms), Date.now() - t0, "ms\n", r.text.slice(0, 600));
  }
  console.log(h.logs);
  expect(1).toBe(1);
});
