// A believable recent history for the demo's showcase account (东江省大数据管理局), so `/kvalue history` shows
// something out of the box: a few acts of the last days by the user who loaded the demo (who can undo them) and by a
// colleague (who is no Slack user), plus one too old to undo. Each act's `after` is the value the portfolio has
// now, so the account's facts are exactly the portfolio's; only audit rows are added.
import { randomUUID } from "node:crypto";
import type { AccountFacts } from "../../core/index.js";
import type { FactChangeRow } from "../accounts/write-rows.js";

export const SHOWCASE_ACCOUNT = "东江省大数据管理局";
/** The colleague of the demo team who changed a contact (an SR, by name: the demo's other people have no Slack id). */
const COLLEAGUE = "林晓";
const WAN = 10_000;
const DAY = 24 * 60 * 60 * 1000;

interface PlannedChange {
  entity: "account" | "contact" | "opportunity";
  /** The contact's or deal's name (account facts: none). */
  part?: string;
  field: string;
  before: unknown;
}
interface PlannedAct {
  /** How long ago, in hours. */
  hoursAgo: number;
  by: "user" | "colleague";
  source: "import" | "slash" | "modal" | "assistant";
  sourceRef?: string;
  changes: PlannedChange[];
}

const ACTS: readonly PlannedAct[] = [
  {
    hoursAgo: 9 * 24 + 3,
    by: "user",
    source: "import",
    sourceRef: "crm-accounts.csv",
    changes: [{ entity: "account", field: "retention_rate", before: 0.85 }],
  },
  {
    hoursAgo: 6 * 24 + 5,
    by: "user",
    source: "slash",
    changes: [
      { entity: "account", field: "wallet_annual", before: 4500 * WAN },
      { entity: "account", field: "development_trend", before: "stable" },
    ],
  },
  {
    hoursAgo: 5 * 24 + 1,
    by: "colleague",
    source: "modal",
    changes: [{ entity: "contact", part: "何建平", field: "attitude", before: 1 }],
  },
  {
    hoursAgo: 3 * 24 + 2,
    by: "user",
    source: "assistant",
    changes: [
      { entity: "account", field: "budget_status", before: "none" },
      { entity: "contact", part: "李卫东", field: "relationship_strength", before: 2 },
    ],
  },
  {
    hoursAgo: 26,
    by: "user",
    source: "slash",
    changes: [{ entity: "opportunity", part: "一网通办平台三期", field: "amount", before: 1500 * WAN }],
  },
];

/** A demo audit row: an account's FactChange with its id given (the demo writes them in bulk). */
export type DemoAuditRow = FactChangeRow & { id: string; accountId: string };

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The audit rows of the planned acts on `facts` (the showcase account as loaded); a change whose part is missing or
 *  whose value already equals the planned old one is left out. */
export function demoChangeRows(
  facts: AccountFacts,
  o: { workspaceId: string; userId: string; now: Date },
): DemoAuditRow[] {
  const rows: DemoAuditRow[] = [];
  for (const act of ACTS) {
    const at = new Date(o.now.getTime() - act.hoursAgo * (DAY / 24));
    for (const c of act.changes) {
      const part =
        c.entity === "contact"
          ? facts.contacts?.find((x) => x.name === c.part)
          : c.entity === "opportunity"
            ? facts.opportunities?.find((x) => x.name === c.part)
            : facts;
      const now = part ? (part as Record<string, unknown>)[c.field] : undefined;
      if (!part || now === undefined || json(now) === json(c.before)) continue;
      rows.push({
        id: randomUUID(),
        workspaceId: o.workspaceId,
        accountId: facts.id,
        entity: c.entity,
        entityId: part.id,
        field: c.field,
        before: json(c.before),
        after: json(now),
        actorUserId: act.by === "user" ? o.userId : COLLEAGUE,
        source: act.source,
        sourceRef: act.sourceRef ?? null,
        at,
      });
    }
  }
  return rows;
}

/** When the showcase account was created, in the story: a month ago, before every act above. */
export const createdAt = (now: Date): Date => new Date(now.getTime() - 30 * DAY);
