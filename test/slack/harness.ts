// The kvalue Slack app as it runs in production, for the tests in this folder: the real Bolt app started by
// `startSlackApp` on 127.0.0.1 (HTTP or OAuth mode), a real store (a temporary SQLite file, or a fresh
// PostgreSQL schema), migrated and loaded with the demo portfolio, and the fake Slack Web API of test/support.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { loadConfig } from "../../src/config.js";
import type { Metrics } from "../../src/metrics.js";
import { createServiceDeps, type ServiceDeps } from "../../src/features/deps.js";
import { loadDemo } from "../../src/features/demo/service.js";
import { syncMembers } from "../../src/features/teams/service.js";
import { startSlackApp, type RunningSlackApp } from "../../src/slack/app.js";
import { migrate, openStore, type Provider, type Store } from "../../src/store/index.js";
import {
  startFakeSlack,
  textOf,
  type FakeSlack,
  type FakeSlackOptions,
  type SlackArgs,
} from "../support/fake-slack.js";
import { sendSlashCommand, type SendOptions, type SlackHttpResult } from "../support/slack-request.js";
import { checkPostgres, PG_URL, sqliteDatabase } from "../store/support.js";

export { textOf };

/** The people and places of the demo workspace. */
export const WS = "T0KVALUE";
export const SALES = "C0SALES"; // the demo team's channel (东江政企一部)
export const ELSEWHERE = "C0RANDOM"; // a channel that is no team
export const REP = "U0REP"; // owner of the demo accounts, member of #sales
export const REP2 = "U0REP2"; // another member of #sales
export const OUTSIDER = "U0OUTSIDER"; // in the workspace, not in #sales
export const BOSS = "U0BOSS"; // a manager (KVALUE_MANAGERS), not in #sales
export const SIGNING_SECRET = "kvalue-test-signing-secret";

export interface LogLine {
  level: "debug" | "warn" | "error";
  obj: object;
  msg: string;
}

export interface Harness {
  provider: Provider;
  /** The DATABASE_URL the app uses. */
  databaseUrl: string;
  slack: FakeSlack;
  store: Store;
  deps: ServiceDeps;
  running: RunningSlackApp;
  /** "http://127.0.0.1:PORT" of the Bolt receiver. */
  base: string;
  logs: LogLine[];
  /** Moves the app's clock (deps.now) forward, e.g. past the membership cache. */
  advance(ms: number): void;
  /** Ids of the demo accounts by name. */
  accountId(name: string): Promise<string>;
  /** `/kvalue <text>` from `user` in `channel`; waits for the reply on response_url. */
  slash(
    text: string,
    o?: { user?: string; channel?: string; team?: string; send?: SendOptions },
  ): Promise<{ res: SlackHttpResult; reply: SlackArgs; text: string }>;
  /** Row counts of the tables a command may write, to prove that nothing changed. */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  provider?: Provider;
  mode?: "http" | "oauth";
  managers?: string[];
  fake?: FakeSlackOptions;
  /** Load the demo portfolio into WS (default true). */
  demo?: boolean;
  /** With the demo's two years of generated history (for the calibration report; default false). */
  history?: boolean;
  /** The app's metrics registry (default: one of its own, without process metrics). */
  metrics?: Metrics;
  /** KVALUE_CRM_URL_TEMPLATE (default: none). */
  crmUrlTemplate?: string;
  /** The Slack API URL the app is given, from the fake's (e.g. through a proxy that can drop the connection). */
  apiUrl?: (fakeUrl: string) => string;
}

/** Whether PostgreSQL answers (KVALUE_REQUIRE_PG=1 turns "no" into a failure); prints why when skipped. */
export const postgres = await checkPostgres();

/** A fresh schema of the test server for one file; dropped at close. */
async function postgresSchema(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `kv_slack_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(PG_URL);
  url.searchParams.set("schema", schema);
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function startHarness(o: HarnessOptions = {}): Promise<Harness> {
  const provider = o.provider ?? "sqlite";
  const database = provider === "sqlite" ? sqliteDatabase() : await postgresSchema();
  const store = await openStore(database.url);
  await migrate(store);
  const slack = await startFakeSlack(o.fake ?? {});
  let offset = 0;
  const managers = o.managers ?? [BOSS];
  const deps = createServiceDeps(store, {
    now: () => new Date(Date.now() + offset),
    managers,
    ...(o.metrics ? { metrics: o.metrics } : {}),
    ...(o.crmUrlTemplate ? { crmUrlTemplate: o.crmUrlTemplate } : {}),
  });
  const env: NodeJS.ProcessEnv = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: o.apiUrl ? o.apiUrl(slack.url) : slack.url,
    KVALUE_MANAGERS: managers.join(","),
    ...(o.crmUrlTemplate ? { KVALUE_CRM_URL_TEMPLATE: o.crmUrlTemplate } : {}),
    LOG_LEVEL: "warn",
    ...(o.mode === "oauth"
      ? {
          SLACK_CLIENT_ID: slack.clientId,
          SLACK_CLIENT_SECRET: slack.clientSecret,
          SLACK_STATE_SECRET: "kvalue-test-state-secret",
        }
      : { SLACK_BOT_TOKEN: slack.botToken }),
  };
  const config = loadConfig(env);
  const logs: LogLine[] = [];
  const log = {
    debug: (obj: object, msg: string) => {
      logs.push({ level: "debug", obj, msg });
    },
    warn: (obj: object, msg: string) => {
      logs.push({ level: "warn", obj, msg });
    },
    error: (obj: object, msg: string) => {
      logs.push({ level: "error", obj, msg });
    },
  };

  if (o.demo !== false) {
    await loadDemo(deps, { workspaceId: WS, userId: REP, source: "demo" }, SALES, { history: o.history ?? false });
    const team = await store.db.team.findFirstOrThrow({ where: { workspaceId: WS, channelId: SALES } });
    await syncMembers(deps, team.id, [REP, REP2]);
  }
  const world = () => {
    slack.setChannelMembers(SALES, [REP, REP2], { name: "sales" });
    slack.setChannelMembers(ELSEWHERE, [REP, REP2, OUTSIDER, BOSS], { name: "random" });
    for (const u of [REP, REP2, OUTSIDER, BOSS]) slack.setUser(u, { locale: "zh-CN" });
  };
  world();
  const reset = slack.reset.bind(slack);
  // Each test starts from the same Slack world (users, channels) after reset().
  (slack as { reset: () => void }).reset = () => {
    reset();
    world();
  };

  const running = await startSlackApp({ config, deps, log }, 0, "127.0.0.1");
  const base = `http://127.0.0.1:${running.port}`;

  const harness: Harness = {
    provider,
    databaseUrl: database.url,
    slack,
    store,
    deps,
    running,
    base,
    logs,
    advance(ms) {
      offset += ms;
    },
    async accountId(name) {
      return (await store.db.account.findFirstOrThrow({ where: { workspaceId: WS, name }, select: { id: true } })).id;
    },
    async slash(text, s = {}) {
      const res = await sendSlashCommand(
        base,
        SIGNING_SECRET,
        {
          user_id: s.user ?? REP,
          channel_id: s.channel ?? SALES,
          text,
          ...(s.team ? { team_id: s.team } : {}),
        },
        { slack, ...s.send },
      );
      const call = await slack.waitFor("response_url", (c) => c.responseUrl === res.responseUrl, 5_000);
      return { res, reply: call.args, text: textOf(call.args.blocks ?? call.args.text) };
    },
    async counts() {
      const db = store.db;
      const [
        accounts,
        factChanges,
        scoreSnapshots,
        contacts,
        opportunities,
        stageChanges,
        notes,
        targets,
        teams,
        teamMembers,
        aliases,
      ] = await Promise.all([
        db.account.count(),
        db.factChange.count(),
        db.scoreSnapshot.count(),
        db.contact.count(),
        db.opportunity.count(),
        db.stageChange.count(),
        db.note.count(),
        db.target.count(),
        db.team.count(),
        db.teamMember.count(),
        db.accountAlias.count(),
      ]);
      return {
        accounts,
        factChanges,
        scoreSnapshots,
        contacts,
        opportunities,
        stageChanges,
        notes,
        targets,
        teams,
        teamMembers,
        aliases,
      };
    },
    async close() {
      await running.stop();
      await slack.close();
      await store.close();
      await database.drop();
    },
  };
  return harness;
}

/** The view.state.values Slack would send for `view` as shown (every input at its initial value), with `set` typed in.
 *  `set` values: a string for text inputs, `{ option }` for a select, `{ date }` for a date picker. */
export function stateOf(
  view: { blocks?: unknown[] } | undefined,
  set: Record<string, string | { option: string | null } | { date: string | null }> = {},
): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const raw of view?.blocks ?? []) {
    const block = raw as { type: string; block_id?: string; element?: Record<string, unknown> };
    if (block.type !== "input" || !block.block_id || !block.element) continue;
    const el = block.element as {
      type: string;
      action_id: string;
      initial_value?: string;
      initial_date?: string;
      initial_option?: { value: string; text: unknown };
      options?: { value: string; text: unknown }[];
    };
    const given = set[block.block_id];
    let state: Record<string, unknown>;
    if (el.type === "static_select") {
      const value =
        given === undefined
          ? (el.initial_option?.value ?? null)
          : typeof given === "object" && "option" in given
            ? given.option
            : (given as string);
      const option =
        value === null
          ? null
          : (el.options?.find((x) => x.value === value) ?? { value, text: { type: "plain_text", text: value } });
      state = { type: "static_select", selected_option: option };
    } else if (el.type === "datepicker") {
      const value =
        given === undefined
          ? (el.initial_date ?? null)
          : typeof given === "object" && "date" in given
            ? given.date
            : (given as string);
      state = { type: "datepicker", selected_date: value };
    } else {
      const value = given === undefined ? (el.initial_value ?? null) : (given as string);
      state = { type: el.type, value: value === "" ? null : value };
    }
    values[block.block_id] = { [el.action_id]: state };
  }
  return values;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
