// The import record: §10.1 account form plus what the store keeps; opportunity histories must make sense.
import { describe, expect, expectTypeOf, it } from "vitest";
import type { AccountFacts } from "../../src/core/facts.js";
import {
  IMPORT_VOCABULARIES,
  matchTerm,
  spellingsOf,
  termKey,
  type ImportVocabulary,
} from "../../src/features/import-export/labels.js";
import {
  importAccountSchema,
  importOpportunitySchema,
  type KeyedImportAccount,
  type ImportOpportunity,
} from "../../src/features/import-export/records.js";
import { PART_COLUMNS } from "../../src/features/import-export/part-columns.js";

const deal = (over: Record<string, unknown>) => ({ id: "O-1", stage: "S3", amount: 1_000_000, ...over });
const entry = (stage: string, entered_date: string, amount_at_entry: number | null = 1_000_000) => ({
  stage,
  entered_date,
  amount_at_entry,
});
const messages = (input: unknown): string[] => {
  const r = importOpportunitySchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("import account record", () => {
  it("is an AccountFacts once it has its id, so the core can assess what was imported", () => {
    expectTypeOf<KeyedImportAccount>().toExtend<AccountFacts>();
  });

  it("keeps owners, the 管理表 columns and aliases beside the facts", () => {
    const a = importAccountSchema.parse({
      id: "A",
      name: "东江省大数据管理局",
      aliases: ["省大数据局"],
      owner: "周立",
      owner_ar: "周立",
      owner_sr: "林晓",
      owner_fr: "黄涛",
      executive_sponsor: "刘志远",
      visit_cadence: "biweekly",
      revenue_target: 12_000_000,
      last_review_date: "2025-06-12",
    });
    expect(a.visit_cadence).toBe("biweekly");
  });

  it("requires a name, since the store finds accounts by it", () => {
    expect(importAccountSchema.safeParse({ id: "A" }).success).toBe(false);
    expect(importAccountSchema.safeParse({ id: "A", name: "  " }).success).toBe(false);
  });

  it("rejects unknown keys rather than dropping them", () => {
    const r = importAccountSchema.safeParse({ id: "A", name: "甲", budgt_status: "none" });
    expect(r.success).toBe(false);
  });

  it("takes contacts with title, org unit, layer, win-result and last contact date", () => {
    const a = importAccountSchema.parse({
      id: "A",
      name: "甲",
      contacts: [
        {
          id: "c1",
          name: "钱学林",
          title: "信息处科长",
          org_unit: "财政厅",
          role: "influencer",
          influence: "medium",
          attitude: 0,
          relationship_strength: 1,
          relationship_layer: "general",
          win_result: "预算合规",
          last_contact_date: "2025-05-01",
        },
      ],
      needs: [
        {
          id: "n1",
          description: "数据共享",
          category: "efficiency",
          severity: 5,
          urgency: 4,
          our_fit: 3,
          confirmed: true,
          metric: "审批时限压缩 40%",
        },
      ],
    });
    expect(a.contacts?.[0]?.win_result).toBe("预算合规");
  });
});

describe("import opportunity record", () => {
  it("accepts a full won deal whose history starts at S1 and skips S4 (single source)", () => {
    const o: ImportOpportunity = importOpportunitySchema.parse(
      deal({
        stage: "W",
        created_date: "2025-01-10",
        closed_date: "2025-05-20",
        final_amount: 950_000,
        source: "customer_referral",
        source_detail: "交付中发现",
        project_type: "normal",
        procurement_method: "single_source",
        meddpicc: { metrics: true, economic_buyer: true, champion: true },
        stage_history: [
          entry("S1", "2025-01-10"),
          entry("S2", "2025-02-01"),
          entry("S3", "2025-02-01"),
          entry("S5", "2025-04-01", 980_000),
          entry("W", "2025-05-20", 950_000),
        ],
      }),
    );
    expect(o.meddpicc?.competition).toBe(false);
  });

  it("allows an unknown amount at entry, as in old CRM histories", () => {
    expect(
      messages(deal({ stage: "S1", stage_history: [entry("S0", "2025-01-01", null), entry("S1", "2025-02-01")] })),
    ).toEqual([]);
  });

  it("requires the history to start at S0–S5", () => {
    expect(messages(deal({ stage: "W", stage_history: [entry("W", "2025-01-01")] }))).toEqual([
      "stage_history.0.stage: history must start at an open stage S0–S5, not W",
    ]);
  });

  it("allows a closed stage only as the last entry, and the last entry must be the current stage", () => {
    expect(
      messages(
        deal({
          stage: "S3",
          stage_history: [entry("S0", "2025-01-01"), entry("L", "2025-02-01"), entry("S3", "2025-03-01")],
        }),
      ),
    ).toEqual(["stage_history.1.stage: closed stage L can only be the last entry"]);
    expect(
      messages(deal({ stage: "S4", stage_history: [entry("S0", "2025-01-01"), entry("S3", "2025-03-01")] })),
    ).toEqual(["stage_history.1.stage: last history entry is S3 but the opportunity is at S4"]);
  });

  it("requires the history in date order (same-day moves are fine)", () => {
    expect(
      messages(
        deal({
          stage: "S2",
          stage_history: [entry("S0", "2025-03-01"), entry("S1", "2025-03-01"), entry("S2", "2025-02-01")],
        }),
      ),
    ).toEqual([
      "stage_history.2.entered_date: 2025-02-01 is before the previous entry's 2025-03-01; history must be in date order",
    ]);
  });

  it("keeps closing fields to closed deals", () => {
    expect(messages(deal({ stage: "S3", closed_date: "2025-01-01", final_amount: 1, close_reason: "price" }))).toEqual([
      "closed_date: closed_date is set but stage S3 is open",
      "final_amount: final_amount belongs to won deals (stage W), not S3",
      "close_reason: close_reason belongs to lost or abandoned deals (L, A), not S3",
    ]);
    expect(
      messages(
        deal({
          stage: "L",
          created_date: "2025-03-01",
          closed_date: "2025-02-01",
          stage_history: [entry("S0", "2025-03-01"), entry("L", "2025-03-05")],
        }),
      ),
    ).toEqual([
      "closed_date: closed_date 2025-02-01 is before created_date 2025-03-01",
      "closed_date: closed_date 2025-02-01 differs from the L entry date 2025-03-05",
    ]);
  });

  it("checks the §2.6 enums: source, project type, procurement method, temperature, close reason", () => {
    expect(messages(deal({ source: "cold_call" }))[0]).toMatch(/^source: /);
    expect(messages(deal({ procurement_method: "auction" }))[0]).toMatch(/^procurement_method: /);
  });
});

describe("enum vocabularies", () => {
  it("reads one name of a label that lists several, and the words CRMs use", () => {
    const read = (name: ImportVocabulary, words: readonly string[]) => words.map((w) => matchTerm(name, w));
    expect(read("source", ["展会", "峰会", "Trade show", "行业研究", "老客户", "渠道", "招标公告", "其他"])).toEqual([
      "exhibition_event",
      "exhibition_event",
      "exhibition_event",
      "industry_report",
      "customer_referral",
      "ecosystem_partner",
      "other",
      "other",
    ]);
    expect([
      ...read("procurement_method", ["框架", "协议供货", "框架协议"]),
      ...read("stage", ["已成交", "放弃", "取消"]),
      ...read("customer_type", ["私企"]),
      ...read("lead_temperature", ["热"]),
      ...read("close_reason", ["无决策"]),
    ]).toEqual(["framework", "framework", "framework", "W", "A", "A", "private", "hot", "no_decision"]);
    // 国有企业 could be central or local: not guessed.
    expect(read("customer_type", ["国有企业"])).toEqual([null]);
  });

  it("reads the contact scales by number or by their levels' names (METHOD §2.5), in either language", () => {
    const scale = (field: string, cells: readonly string[]) => {
      const column = PART_COLUMNS.contacts.find((c) => c.field === field);
      return cells.map((cell) => column?.parse(cell, 0)).map((r) => (r?.ok ? r.value : "bad"));
    };
    expect(
      scale("attitude", ["-1", "反对", "Leaning against", "中立", "支持", "倡导", "强力支持", "朋友", "3"]),
    ).toEqual([-1, -1, -1, 0, 1, 2, 2, "bad", "bad"]);
    expect(scale("relationship_strength", ["不认识", "Unknown to us", "熟悉", "同盟", "4", "5"])).toEqual([
      0,
      0,
      2,
      4,
      4,
      "bad",
    ]);
  });

  it("never lets one spelling name two codes of the same enum", () => {
    for (const name of Object.keys(IMPORT_VOCABULARIES) as ImportVocabulary[]) {
      const owner = new Map<string, string>();
      for (const [code, words] of spellingsOf(name)) {
        for (const word of words) {
          const prev = owner.get(termKey(word));
          expect(prev === undefined || prev === code, `${name}: "${word}" names ${prev} and ${code}`).toBe(true);
          owner.set(termKey(word), code);
        }
      }
    }
  });
});
