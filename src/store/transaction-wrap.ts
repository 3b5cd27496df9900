// Driver adapter wrappers (sqlite-gate.ts, packed-params.ts) each change a few calls of a transaction and pass the
// rest through: its identity, options and the savepoint calls an adapter may or may not have.
import type { Transaction } from "@prisma/driver-adapter-utils";

type Calls = Pick<Transaction, "queryRaw" | "executeRaw" | "commit" | "rollback">;

/** `tx` with `calls` in place of its own; every other call goes to `tx`. */
export function transactionWith(tx: Transaction, calls: Partial<Calls>): Transaction {
  const createSavepoint = tx.createSavepoint?.bind(tx);
  const rollbackToSavepoint = tx.rollbackToSavepoint?.bind(tx);
  const releaseSavepoint = tx.releaseSavepoint?.bind(tx);
  return {
    provider: tx.provider,
    adapterName: tx.adapterName,
    options: tx.options,
    queryRaw: (query) => tx.queryRaw(query),
    executeRaw: (query) => tx.executeRaw(query),
    commit: () => tx.commit(),
    rollback: () => tx.rollback(),
    ...calls,
    ...(createSavepoint ? { createSavepoint } : {}),
    ...(rollbackToSavepoint ? { rollbackToSavepoint } : {}),
    ...(releaseSavepoint ? { releaseSavepoint } : {}),
  };
}
