// Realistic view-model data: the METHOD §7 accounts scored by the real core from test/golden, plus
// deterministic synthetic portfolios (hundreds of accounts, long names, emoji, markup characters).
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { assessAll } from "../../src/core/assess.js";
import { QUADRANTS, type Quadrant, type Stage } from "../../src/core/enums.js";
import { PRIORITY_OF } from "../../src/core/matrix.js";
import { assessInputSchema, funnelInputSchema, type AccountFacts } from "../../src/core/facts.js";
import { funnel } from "../../src/core/funnel.js";
import type { Assessment, FunnelResult, RedFlag } from "../../src/core/results.js";
import type { Locale } from "../../src/i18n/locale.js";
import type { AccountCardData, HomeChange, MatrixRow, OpportunityLine } from "../../src/ui/types.js";

const golden = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../golden/${name}`, import.meta.url)), "utf8"));

const abc = assessInputSchema.parse(golden("assess-abc.input.json"));
const edge = assessInputSchema.parse(golden("assess-edge.input.json"));
const scored = new Map<string, { facts: AccountFacts; assessment: Assessment }>();
for (const input of [abc, edge]) {
  assessAll(input).forEach((a, i) => {
    const facts = input.accounts[i];
    if (facts) scored.set(a.id, { facts, assessment: a });
  });
}

export function goldenAccount(id: string): { facts: AccountFacts; assessment: Assessment } {
  const v = scored.get(id);
  if (!v) throw new Error(`no golden account ${id}`);
  return v;
}

/** The first provisional account of the edge cases (κ < 0.5). */
export function provisionalAccount(): { facts: AccountFacts; assessment: Assessment } {
  const v = [...scored.values()].find((x) => x.assessment.provisional);
  if (!v) throw new Error("no provisional golden account");
  return v;
}

export function cardData(id: string, locale: Locale, over: Partial<AccountCardData> = {}): AccountCardData {
  const { facts, assessment } = goldenAccount(id);
  return {
    account: { id, name: facts.name ?? id, industry: "e_gov", adminLevel: "provincial", ownerUserId: "U0123ABCD" },
    assessment,
    pipeline: {
      openCount: 2,
      openAmount: 15_000_000,
      weightedAmount: 2_100_000,
      opportunities: [
        { id: "o1", name: "政务数据共享平台二期", stage: "S3", amount: 12_000_000, expectedCloseDate: "2025-09-30" },
        { id: "o2", name: "数据安全运营服务", stage: "S1", amount: 3_000_000, expectedCloseDate: null },
        { id: "o3", name: "已签约项目", stage: "W", amount: 1_000_000, expectedCloseDate: "2025-03-01" },
      ],
    },
    contacts: (facts.contacts ?? []).map((c) => ({ id: c.id, name: c.name ?? null, title: c.title ?? null })),
    needs: (facts.needs ?? []).map((n) => ({ id: n.id, description: n.description ?? null })),
    locale,
    ...over,
  };
}

export function funnelResult(): { input: ReturnType<typeof funnelInputSchema.parse>; result: FunnelResult } {
  const input = funnelInputSchema.parse(golden("funnel-2025.input.json"));
  return { input, result: funnel(input) };
}

// ---- synthetic portfolios ----------------------------------------------------------------------------

const NAME_PARTS = [
  "某省大数据管理局",
  "某地市人民医院",
  "某区县国企",
  "市公安局",
  "省教育厅",
  "国网某供电公司",
  "某城商行",
  "Acme Holdings",
  "数字政府建设中心",
];
const FLAGS: RedFlag[] = ["eb_missing", "no_coach", "role_uncovered:user_buyer", "contact_stale", "eb_opposed"];

/** Names that stress the builders: very long, emoji/ZWJ sequences, mrkdwn control characters. */
export function awkwardName(i: number): string {
  switch (i % 7) {
    case 0:
      return `${"超长客户名称".repeat(50)}-${i}`; // 300 characters
    case 1:
      return `👩‍👩‍👧‍👦 家庭医生签约中心 🏥 ${i}`;
    case 2:
      return `<script>&amp; *bold* _it_ ~x~ \`code\` ${i}`;
    case 3:
      return `Ｆｕｌｌ－ｗｉｄｔｈ　名称 ${i}`;
    case 4:
      return `多行\n名称\t${i}`;
    default:
      return `${NAME_PARTS[i % NAME_PARTS.length]} ${i}`;
  }
}

/** `n` rows drawn by fast-check with a fixed seed, so large fixtures are the same on every run. */
export function syntheticRows(n: number, seed = 7): MatrixRow[] {
  const score = fc.integer({ min: 0, max: 10_000 }).map((x) => x / 100);
  const specs = fc.sample(
    fc.record({ X: score, Y: score, V: score, RA: score, kappa: fc.double({ min: 0, max: 1, noNaN: true }) }),
    { seed, numRuns: n },
  );
  return specs.map(({ X, Y, V, RA, kappa }, i) => {
    const quadrant: Quadrant = X >= 50 ? (Y >= 50 ? "strategic" : "maintain") : Y >= 50 ? "develop" : "opportunistic";
    const provisional = kappa < 0.15;
    return {
      account: {
        id: `acc-${String(i).padStart(4, "0")}`,
        name: awkwardName(i),
        industry: "healthcare",
        ownerUserId: "U0123ABCD",
      },
      assessment: {
        scores: { CV: X, PT: Y, SF: 50, RA, X, Y, V },
        completeness: { CV: kappa, PT: kappa, SF: kappa, RA: kappa, overall: kappa },
        confidence: kappa >= 0.8 ? "high" : kappa >= 0.5 ? "medium" : "low",
        quadrant,
        provisional,
        tier: provisional
          ? null
          : quadrant === "strategic"
            ? "strategic"
            : V >= 40 && quadrant !== "opportunistic"
              ? "key"
              : "general",
        priority: provisional ? null : PRIORITY_OF[quadrant],
        red_flags: FLAGS.slice(0, i % 4),
      },
      pipeline: { openCount: i % 5, openAmount: (i % 5) * 1_000_000, weightedAmount: (i % 5) * 120_000 },
    };
  });
}

export function syntheticChanges(rows: readonly MatrixRow[], n: number): HomeChange[] {
  return rows.slice(0, n).map((row, i) => ({
    account: row.account,
    quadrantBefore: i % 9 === 0 ? null : (QUADRANTS[(i + 1) % 4] ?? "develop"),
    quadrantAfter: row.assessment.quadrant,
    vBefore: i % 9 === 0 ? null : row.assessment.scores.V - ((i % 7) - 3),
    vAfter: row.assessment.scores.V,
    driver: {
      sub: "PT",
      component: "S_head",
      points: 30,
      value: 60,
      facts: { wallet_annual: 30_000_000, revenue_ttm: 200_000, headroom: 29_800_000 },
    },
  }));
}

export function manyOpportunities(n: number): OpportunityLine[] {
  const stages: Stage[] = ["S0", "S1", "S2", "S3", "S4", "S5"];
  return Array.from({ length: n }, (_, i) => ({
    id: `opp-${i}`,
    name: awkwardName(i),
    stage: stages[i % 6] ?? "S0",
    amount: 100_000 * (i + 1),
    expectedCloseDate: `2025-${String((i % 12) + 1).padStart(2, "0")}-15`,
  }));
}

export const LOCALES: Locale[] = ["zh-CN", "en"];
