// The SQLite file kvalue creates holds the Installation table's bot and user tokens and people's data: it is created
// owner-only (0600), like the env file the README asks for. A file the operator made keeps the mode they gave it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, openStore } from "../../src/store/index.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kvalue-mode-"));
const modeOf = (file: string): number => fs.statSync(file).mode & 0o777;

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite database file's mode", () => {
  it("creates a new database file, and its WAL, readable by the owner only (0600)", async () => {
    const file = path.join(dir, "new", "kvalue.db");
    const store = await openStore(`file:${file}`);
    try {
      await migrate(store);
      await store.db.workspace.create({ data: { id: "T0MODE", name: "mode" } });
      expect(modeOf(file).toString(8)).toBe("600");
      // WAL mode keeps these beside it while a connection is open; SQLite gives them the database file's mode.
      for (const side of [`${file}-wal`, `${file}-shm`]) expect(modeOf(side).toString(8), side).toBe("600");
    } finally {
      await store.close();
    }
  });

  it("leaves the mode of a database file the operator created alone", async () => {
    const file = path.join(dir, "theirs.db");
    fs.writeFileSync(file, "");
    fs.chmodSync(file, 0o640);
    const store = await openStore(`file:${file}`);
    try {
      await migrate(store);
      expect(modeOf(file).toString(8)).toBe("640");
    } finally {
      await store.close();
    }
  });
});
