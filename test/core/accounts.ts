// The worked-example accounts of METHOD §7.1–§7.3, read from the golden input so the facts live in one place.
import { readFileSync } from "node:fs";
import { assessInputSchema, type AccountFacts } from "../../src/core/index.js";

const GOLDEN = new URL("../golden/", import.meta.url);

export function goldenAccounts(name: "assess-abc" | "assess-edge"): Record<string, AccountFacts> {
  const input = assessInputSchema.parse(JSON.parse(readFileSync(new URL(`${name}.input.json`, GOLDEN), "utf8")));
  return Object.fromEntries(input.accounts.map((a) => [a.id, a]));
}

export function account(name: "assess-abc" | "assess-edge", id: string): AccountFacts {
  const a = goldenAccounts(name)[id];
  if (!a) throw new Error(`no account ${id} in ${name}`);
  return a;
}
