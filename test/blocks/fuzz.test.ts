// Whatever the data, every builder returns a payload Slack accepts and never throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QUADRANTS, STAGES } from "../../src/core/enums.js";
import { accountCardMessage } from "../../src/features/accounts/ui/card.js";
import { accountChoicesMessage, createAccountPromptMessage } from "../../src/features/accounts/ui/pick.js";
import { contactModal, factsModal, noteModal, opportunityModal } from "../../src/features/accounts/ui/modals.js";
import { homeView } from "../../src/features/accounts/ui/home.js";
import { noteSavedMessage } from "../../src/features/accounts/ui/note.js";
import { topListMessage, valueMatrixMessage } from "../../src/features/accounts/ui/matrix.js";
import type { MatrixRow } from "../../src/ui/types.js";
import { LOCALES, cardData, syntheticRows } from "./fixtures.js";
import { checkHome, checkMessage, checkModal } from "./slack-limits-checker.js";

// Unicode of every plane, with markup characters and newlines mixed in, from empty to very long.
const anyText = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 400 }),
  fc.string({
    unit: fc.constantFrom("<", ">", "&", "*", "_", "~", "`", "\n", "@", "!", "😀", "👩‍👩‍👧‍👦", "客"),
    maxLength: 3000,
  }),
  fc.constant(""),
);
const anyNumber = fc.oneof(
  fc.double(),
  fc.integer({ min: -1e15, max: 1e15 }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 0),
);
const locale = fc.constantFrom(...LOCALES);
const RUNS = { numRuns: 60 };

describe("builders never break Slack's limits", () => {
  it("account card", () => {
    fc.assert(
      fc.property(
        locale,
        anyText,
        anyText,
        fc.array(fc.record({ name: anyText, amount: anyNumber, stage: fc.constantFrom(...STAGES) }), {
          maxLength: 300,
        }),
        anyNumber,
        (loc, name, id, opps, v) => {
          const data = cardData("B", loc, { account: { id: id || "x", name, ownerUserId: name } });
          data.assessment = { ...data.assessment, scores: { ...data.assessment.scores, V: v } };
          data.pipeline = {
            openCount: opps.length,
            openAmount: v,
            weightedAmount: v,
            opportunities: opps.map((o, i) => ({
              id: `o${i}`,
              name: o.name,
              stage: o.stage,
              amount: o.amount,
              expectedCloseDate: o.name.slice(0, 10),
            })),
          };
          expect(checkMessage(accountCardMessage(data))).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it("matrix, top-N and Home", () => {
    fc.assert(
      fc.property(
        locale,
        fc.array(fc.record({ name: anyText, v: anyNumber, q: fc.constantFrom(...QUADRANTS) }), { maxLength: 250 }),
        anyText,
        (loc, specs, team) => {
          const base = syntheticRows(Math.max(specs.length, 1));
          const rows: MatrixRow[] = specs.map((s, i) => {
            const row = base[i]!;
            return {
              ...row,
              account: { ...row.account, name: s.name },
              assessment: { ...row.assessment, quadrant: s.q, scores: { ...row.assessment.scores, V: s.v } },
            };
          });
          expect(checkMessage(valueMatrixMessage({ teamName: team, asOf: team, rows, locale: loc }))).toEqual([]);
          expect(checkMessage(topListMessage({ n: specs.length, rows, teamName: team, locale: loc }))).toEqual([]);
          expect(
            checkHome(homeView({ userId: "U1", asOf: "2025-07-07", accounts: rows, changes: [], locale: loc })),
          ).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
  });

  it("choices, create prompt and note echo", () => {
    fc.assert(
      fc.property(
        locale,
        anyText,
        fc.array(fc.record({ id: anyText, name: anyText }), { maxLength: 60 }),
        (loc, text, matches) => {
          expect(checkMessage(accountChoicesMessage({ query: text, matches, locale: loc }))).toEqual([]);
          expect(checkMessage(createAccountPromptMessage({ name: text, locale: loc }))).toEqual([]);
          expect(checkMessage(noteSavedMessage({ accountName: text, note: text.repeat(5), locale: loc }))).toEqual([]);
        },
      ),
      RUNS,
    );
  });

  it("modals", () => {
    fc.assert(
      fc.property(locale, anyText, anyNumber, (loc, text, n) => {
        const views = [
          factsModal({
            accountId: "A",
            accountName: text,
            facts: { revenue_ttm: n, gross_margin_pct: n, region_code: text, uscc: text },
            locale: loc,
          }),
          contactModal({
            accountId: "A",
            accountName: text,
            contactId: text,
            contact: { name: text, title: text, last_contact_date: text },
            locale: loc,
          }),
          opportunityModal({
            accountId: "A",
            accountName: text,
            opportunity: { name: text, amount: n, expected_close_date: text },
            locale: loc,
          }),
          noteModal({ accountId: text || "A", accountName: text, initialText: text.repeat(4), locale: loc }),
        ];
        for (const v of views) expect(checkModal(v)).toEqual([]);
      }),
      RUNS,
    );
  });
});
