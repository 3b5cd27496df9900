// The "my week" builder against Slack's limits: a manager of 30 reps with 200 accounts and 600 deals still fits
// one message and one App Home, and says how much it left out.
import { describe, expect, it } from "vitest";
import { homeView } from "../../src/features/accounts/ui/home.js";
import { mineMessage, type MineData, type MineRep } from "../../src/features/accounts/ui/mine.js";
import { LOCALES, awkwardName, syntheticRows } from "./fixtures.js";
import { allText, checkHome, checkMessage } from "./slack-limits-checker.js";

function week(reps: number, accounts: number, dealsPerAccount: number, locale: MineData["locale"]): MineData {
  const rows = syntheticRows(accounts);
  const out: MineRep[] = [];
  for (let r = 0; r < reps; r++) {
    const mine = rows.filter((_, i) => i % reps === r);
    out.push({
      userId: `U0REP${r}`,
      accounts: mine.map((row, i) => ({
        id: row.account.id,
        name: row.account.name,
        priority: row.assessment.priority,
        quadrant: row.assessment.quadrant,
        provisional: row.assessment.provisional,
        v: row.assessment.scores.V,
        redFlags: row.assessment.red_flags,
        next: i % 2 === 0 ? "wallet_annual" : null,
        contacts: [],
      })),
      deals: mine.flatMap((row, i) =>
        Array.from({ length: dealsPerAccount }, (_, k) => ({
          accountName: row.account.name,
          name: awkwardName(i * dealsPerAccount + k),
          stage: "S3" as const,
          amount: 1_000_000 * (k + 1),
          expectedCloseDate: `2026-${String((k % 12) + 1).padStart(2, "0")}-15`,
        })),
      ),
    });
  }
  return { asOf: "2026-06-01", locale, manager: reps > 1, reps: out };
}

describe("my week blocks", () => {
  it.each(LOCALES)(
    "a manager's week of 30 reps, 200 accounts and 600 deals fits a message and App Home (%s)",
    (locale) => {
      const data = week(30, 200, 3, locale);
      const msg = mineMessage(data);
      expect(checkMessage(msg)).toEqual([]);
      const home = homeView({ userId: "U1", asOf: data.asOf, accounts: [], changes: [], locale, week: data });
      expect(checkHome(home)).toEqual([]);
      expect(allText(msg.blocks)).toMatch(locale === "en" ? /more|left out/ : /另外|省略/);
    },
  );

  it.each(LOCALES)("says where the accounts cut to fit are (%s)", (locale) => {
    const text = allText(mineMessage(week(2, 200, 1, locale)).blocks);
    expect(text).toMatch(
      locale === "en" ? /more accounts? \(every account: \/kvalue top 50/ : /个客户（全部客户：\/kvalue top 50/,
    );
  });

  it("marks the deals past their close date and only those", () => {
    const data = week(1, 4, 2, "en");
    const text = allText(mineMessage(data).blocks);
    const overdue = data.reps[0]?.deals.filter((d) => (d.expectedCloseDate ?? "9999") < data.asOf).length ?? 0;
    expect(overdue).toBeGreaterThan(0);
    expect((text.match(/\(overdue\)/g) ?? []).length).toBe(overdue);
  });
});

describe("my week amounts", () => {
  it("are in one unit style, as in the digest (¥900K beside ¥2M, not ¥900,000)", () => {
    const data = week(1, 2, 1, "en");
    const deal = data.reps[0]?.deals[0];
    if (deal) deal.amount = 900_000;
    const text = allText(mineMessage(data).blocks);
    expect(text).toContain("¥900K");
    expect(text).toContain("¥1M");
    expect(text).not.toMatch(/¥\d{1,3},\d{3}/);
  });
});
