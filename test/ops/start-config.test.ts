// Start-up with part of a Slack configuration: `npm start` under a service manager must stop with one line naming
// what is missing (exit 78), not open the console, which would read no input, load the demo into the production
// database and exit 0 (not restarted). Only no Slack variable at all opens the console.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { checkSlackComplete, ConfigError, loadConfig } from "../../src/config.js";
import { migrate, openStore } from "../../src/store/index.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(path.join(os.tmpdir(), "kvalue-start-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a partial Slack configuration", () => {
  it("is one line naming what is missing, for every incomplete set", () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ SLACK_BOT_TOKEN: "xoxb-1" }, /^SLACK_SIGNING_SECRET \(HTTP\) or SLACK_APP_TOKEN \(Socket Mode\): required/],
      [{ SLACK_SIGNING_SECRET: "s" }, /^SLACK_BOT_TOKEN: required with SLACK_SIGNING_SECRET to serve Slack/],
      [{ SLACK_APP_TOKEN: "xapp-1" }, /^SLACK_BOT_TOKEN: required with SLACK_APP_TOKEN/],
      [{ SLACK_CLIENT_ID: "1.2" }, /^SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET: required with SLACK_CLIENT_ID/],
    ];
    for (const [env, message] of cases) {
      expect(() => checkSlackComplete(loadConfig(env))).toThrow(ConfigError);
      expect(() => checkSlackComplete(loadConfig(env))).toThrow(message);
    }
    // The digest worker needs the bot token alone: its configuration still loads.
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1" }).slack.botToken).toBe("xoxb-1");
    expect(loadConfig({}).mode).toBe("console");
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s" }).mode).toBe("http");
    expect(loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" }).mode).toBe("socket");
  });

  it("stops the app before it touches the database", () => {
    const file = path.join(dir, "prod.db");
    const r = spawnSync(process.execPath, ["dist/src/main.js"], {
      cwd: ROOT,
      input: "",
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${file}`, SLACK_BOT_TOKEN: "xoxb-real" },
    });
    expect(r.status).toBe(78);
    expect(r.stderr.trim().split("\n")).toEqual([
      "kvalue: SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode): required with SLACK_BOT_TOKEN to serve Slack; unset every SLACK_ variable to open the local console instead",
    ]);
    expect(r.stdout).not.toContain("演示数据");
    expect(existsSync(file)).toBe(false);
  });
});

describe("a database migrated by a newer kvalue", () => {
  it("still starts, and says so in the log", async () => {
    const file = path.join(dir, "newer.db");
    const store = await openStore(`file:${file}`);
    try {
      await migrate(store);
      await store.db.$executeRawUnsafe(
        `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "finished_at", "applied_steps_count") VALUES ('x', 'c', '29991231000000_from_a_newer_kvalue', 0, 0, 1)`,
      );
    } finally {
      await store.close();
    }
    const r = spawnSync(process.execPath, ["dist/src/main.js"], {
      cwd: ROOT,
      input: "exit\n",
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_URL: `file:${file}` },
    });
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toContain(
      "migration 29991231000000_from_a_newer_kvalue is applied but missing from sqlite/migrations",
    );
  });
});

describe("a database that cannot be reached at start", () => {
  it("stops the app with one line naming DATABASE_URL", () => {
    const r = spawnSync(process.execPath, ["dist/src/main.js"], {
      cwd: ROOT,
      input: "",
      encoding: "utf8",
      env: { PATH: process.env.PATH, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/test" },
    });
    expect(r.status).toBe(78);
    expect(r.stderr.trim().split("\n")).toEqual([
      "kvalue: DATABASE_URL: cannot connect to PostgreSQL: connect ECONNREFUSED 127.0.0.1:1",
    ]);
  });
});
