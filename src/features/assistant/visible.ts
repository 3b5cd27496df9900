// An account the person may see, through the accounts service's scope check (in a team of their scope, in their
// workspace), or null: the assistant then says nothing about it, not even whether it exists.
import { viewAccount, type AccountView } from "../accounts/service.js";
import type { ServiceDeps } from "../deps.js";
import { isServiceError } from "../errors.js";
import type { Scope } from "../teams/scope.js";

export async function visibleAccount(deps: ServiceDeps, scope: Scope, accountId: string): Promise<AccountView | null> {
  try {
    return await viewAccount(deps, scope, accountId);
  } catch (e) {
    if (isServiceError(e) && e.code === "not_found") return null;
    throw e;
  }
}
