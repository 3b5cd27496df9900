// Row ids for bulk writes: UUIDv7 layout (48-bit milliseconds, then random bits), so the ids of one import sort by
// time and land at the right end of every B-tree keyed by them (the primary keys, FactChange(accountId, at)) instead
// of at random pages: random UUIDs made SQLite's index upkeep a large share of an import (issue 11.7). Still opaque
// text ids of the same length and format as randomUUID's.
import { randomUUID } from "node:crypto";

export function timeOrderedId(now: number = Date.now()): string {
  const ms = now.toString(16).padStart(12, "0");
  // randomUUID: xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx; keep its random tail after the version nibble.
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
