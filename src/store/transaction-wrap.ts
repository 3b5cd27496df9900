// Driver adapter wrappers (sqlite-gate.ts, packed-params.ts, pg-copy.ts) each change a few calls of an adapter or a
// transaction and pass the rest through: its identity, options and the calls an adapter may or may not have.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

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

type AdapterCalls = Pick<SqlDriverAdapter, "queryRaw" | "executeRaw" | "executeScript" | "startTransaction">;

/** `adapter` with `calls` in place of its own; every other call goes to `adapter`. */
export function adapterWith(adapter: SqlDriverAdapter, calls: Partial<AdapterCalls>): SqlDriverAdapter {
  const getConnectionInfo = adapter.getConnectionInfo?.bind(adapter);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    dispose: () => adapter.dispose(),
    ...calls,
    ...(getConnectionInfo ? { getConnectionInfo } : {}),
  };
}

/** A factory whose connections are `inner`'s, each changed by `wrap`. */
export function factoryWith(
  inner: SqlDriverAdapterFactory,
  wrap: (adapter: SqlDriverAdapter) => SqlDriverAdapter,
): SqlDriverAdapterFactory {
  return { provider: inner.provider, adapterName: inner.adapterName, connect: async () => wrap(await inner.connect()) };
}
