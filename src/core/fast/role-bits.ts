// The core roles a contact list covers, as a bit set (bit b is CORE_ROLES[b] of ../enums.ts): the assessAll fast
// path's form of ../subscores.ts `coveredRoles`, read by RA, the red flags and the explanation.
import { CORE_ROLES } from "../enums.js";

const bitOf = (role: (typeof CORE_ROLES)[number]): number => 1 << CORE_ROLES.indexOf(role);
export const EB_BIT = bitOf("economic_buyer"),
  TB_BIT = bitOf("technical_buyer");
export const UB_BIT = bitOf("user_buyer"),
  COACH_BIT = bitOf("coach");
/** Number of covered-role bit sets (every core role covered or not). */
export const ROLE_SETS = 1 << CORE_ROLES.length;

/** Bit of a role in a covered-role set (0 for non-core roles). */
export function roleBit(role: string): number {
  switch (role) {
    case "economic_buyer":
      return EB_BIT;
    case "technical_buyer":
      return TB_BIT;
    case "user_buyer":
      return UB_BIT;
    case "coach":
      return COACH_BIT;
    default:
      return 0;
  }
}

/** Number of covered core roles of a bit set. */
export const coveredCount = (bits: number): number =>
  (bits & EB_BIT ? 1 : 0) + (bits & TB_BIT ? 1 : 0) + (bits & UB_BIT ? 1 : 0) + (bits & COACH_BIT ? 1 : 0);
