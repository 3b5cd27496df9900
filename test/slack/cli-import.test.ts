// `kvalue import FILE --workspace ID --team NAME` loads a CRM export into a Slack workspace's team (not the console's
// local workspace), and the team's members see the accounts through the real Slack endpoint. A missing or unknown
// workspace or team lists the choices and exits 2, importing nothing. `kvalue stages` reaches the team the same way.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXIT, type CliIo } from "../../src/cli/command.js";
import { run } from "../../src/cli/run.js";
import { WS, startHarness, type Harness } from "./harness.js";

const TEAM = "华东政企一部"; // the demo team of WS, on #sales
const NEW = "东江省水利厅";
// Both accounts have an opportunity "O-1": ids are unique within their account (issue 15, item 7).
const FILE = JSON.stringify({
  accounts: [
    {
      id: "IMP-1",
      name: NEW,
      customer_type: "gov",
      admin_level: "provincial",
      revenue_ttm: 1_200_000,
      opportunities: [{ id: "O-1", stage: "S2", amount: 3_000_000 }],
    },
    {
      id: "IMP-2",
      name: "东江省气象局",
      customer_type: "gov",
      admin_level: "provincial",
      opportunities: [{ id: "O-1", stage: "S1", amount: 1_000_000 }],
    },
  ],
});

function fileIo(): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: "",
    stderr: "",
    readText: async () => FILE,
    readBytes: async () => new TextEncoder().encode(FILE),
    out: (t: string) => {
      io.stdout += t;
    },
    err: (t: string) => {
      io.stderr += t;
    },
  };
  return io;
}

let h: Harness;
let savedUrl: string | undefined;
beforeAll(async () => {
  h = await startHarness();
  savedUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = h.databaseUrl; // the CLI opens the app's own database
});
afterAll(async () => {
  if (savedUrl === undefined) delete process.env.DATABASE_URL;
  else process.env.DATABASE_URL = savedUrl;
  await h?.close();
});

describe("kvalue import --workspace --team", () => {
  it("lists the workspaces and exits 2 for an unknown workspace", async () => {
    const before = await h.counts();
    const io = fileIo();
    expect(await run(["import", "crm.json", "--workspace", "T0NOSUCH", "--team", TEAM], io)).toBe(EXIT.invalid);
    expect(io.stderr).toContain("T0NOSUCH");
    expect(io.stderr).toContain(WS);
    expect(await h.counts()).toEqual(before);
  });

  it("lists the workspace's teams and exits 2 when --team is missing or unknown", async () => {
    const before = await h.counts();
    for (const extra of [[], ["--team", "没有这个团队"]]) {
      const io = fileIo();
      expect(await run(["import", "crm.json", "--workspace", WS, ...extra], io)).toBe(EXIT.invalid);
      expect(io.stderr).toContain(TEAM);
    }
    expect(await h.counts()).toEqual(before);
  });

  it("imports into the Slack workspace's team, whose members then see the account in Slack", async () => {
    const io = fileIo();
    const code = await run(["import", "crm.json", "--workspace", WS, "--team", TEAM], io);
    expect(io.stderr).toBe("");
    expect(code).toBe(EXIT.ok);
    expect(io.stdout).toContain("New: 2 accounts (0 contacts, 0 needs, 2 opportunities)");
    const row = await h.store.db.account.findFirstOrThrow({ where: { name: NEW } });
    expect(row.workspaceId).toBe(WS);
    const { res, text } = await h.slash(NEW);
    expect(res.status).toBe(200);
    expect(text).toContain(NEW);
    expect(text).toContain("价值分 V");
  });

  it("sets the stage map of the Slack workspace's team with kvalue stages, which /kvalue stages then shows", async () => {
    const io = fileIo();
    io.readBytes = async () => new TextEncoder().encode("招标准备,S4\n");
    expect(await run(["stages", "--file", "map.csv", "--workspace", WS, "--team", TEAM], io)).toBe(EXIT.ok);
    expect(io.stdout).toContain("招标准备 → S4 Bid");
    const audit = await h.store.db.factChange.findFirstOrThrow({
      where: { workspaceId: WS, field: "import_stage_map", source: "cli" },
    });
    expect([audit.sourceRef, audit.after]).toEqual(["map.csv", '[["招标准备","S4"]]']);
    expect((await h.slash("stages")).text).toContain("• 招标准备 → S4 投标");
    const unknown = fileIo();
    expect(await run(["stages", "--workspace", WS, "--team", "没有这个团队"], unknown)).toBe(EXIT.invalid);
    expect(unknown.stderr).toContain(TEAM);
  });
});
