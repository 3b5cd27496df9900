// Yesterday's work of a colleague on one of the loading user's accounts: 陈静 met the technical buyer of 东江省公安厅
// and recorded the contact. So the user's first alerts (`/kvalue alerts`, "someone else changed my account") show
// something true on the first run. Written through the accounts service with yesterday's clock: audited like any
// change, and it moves no score (a contact date only feeds the stale-contact red flag, which C1 and C5 keep raised).
import { addDays } from "../../core/index.js";
import { saveContact } from "../accounts/entities.js";
import { lookupAccount } from "../accounts/service.js";
import { today, type ServiceDeps } from "../deps.js";
import type { Actor, Scope } from "../teams/scope.js";

/** The colleague, as the demo's reps are recorded: a name, no Slack user. */
export const DEMO_COLLEAGUE = "陈静";
const DAY_MS = 86_400_000;

export async function colleagueActivity(deps: ServiceDeps, actor: Actor, scope: Scope): Promise<void> {
  const found = await lookupAccount(deps, scope, "东江省公安厅");
  if (found.kind !== "found") return;
  const aggregate = await deps.repos.accounts.loadAccount(scope, found.account.id);
  const c = aggregate?.facts.contacts?.find((x) => x.name === "魏东升");
  if (!c) return;
  const yesterday = new Date(deps.now().getTime() - DAY_MS);
  await saveContact(
    { ...deps, now: () => yesterday },
    { ...actor, userId: DEMO_COLLEAGUE, source: "demo" },
    scope,
    found.account.id,
    {
      name: c.name ?? "",
      title: c.title ?? null,
      org_unit: c.org_unit ?? null,
      role: c.role,
      influence: c.influence,
      attitude: c.attitude ?? null,
      relationship_strength: c.relationship_strength ?? null,
      relationship_layer: c.relationship_layer ?? null,
      response_mode: c.response_mode ?? null,
      last_contact_date: addDays(today(deps), -1),
    },
    c.id,
  );
}
