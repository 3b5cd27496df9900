// The command table of `kvalue`. Adding a command is one line here (and its own file beside this one).
// Each entry names and describes its command, and imports the command's module only when it runs: `kvalue assess`
// then loads the scoring core, not the database, Slack or the LLM client (issue 12.5: start within 4× `node -e 0`).
import type { CliIo, Command, CommandRun } from "../command.js";
import type { CliContext } from "../lang.js";

/** A command whose module is imported when it runs (for `help` only its name, synopsis and summary are read). */
function lazy(name: string, args: string, summary: string, load: () => Promise<CommandRun>): Command {
  return {
    name,
    args,
    summary,
    run: async (argv: readonly string[], io: CliIo, ctx?: CliContext) => (await load()).run(argv, io, ctx),
  };
}

const JSON_ARGS = "[FILE|-]";

export const COMMANDS: readonly Command[] = [
  lazy(
    "assess",
    JSON_ARGS,
    "score accounts: value, matrix quadrant, tier, red flags, facts to collect (METHOD §10.1)",
    async () => (await import("./assess.js")).assessCommand,
  ),
  lazy(
    "funnel",
    JSON_ARGS,
    "dual funnel of a period: gap, required flow, shortfall, coverage, lead deadline (METHOD §10.2)",
    async () => (await import("./funnel.js")).funnelCommand,
  ),
  lazy(
    "bridge",
    JSON_ARGS,
    "weighted-pipeline bridge between two weekly snapshots (METHOD §10.3)",
    async () => (await import("./bridge.js")).bridgeCommand,
  ),
  lazy(
    "calibrate",
    "[FILE|-] | --from-db [--team NAME] [--as-of DATE]",
    "feedback loop: stage reliability, score ranking check, weight refit (METHOD §10.4)",
    async () => (await import("./calibrate.js")).calibrateCommand,
  ),
  lazy(
    "import",
    "FILE [--dry-run] [--strict] [--kind accounts|contacts|needs|opportunities] [--as-of DATE] [--stage-map FILE] [--format csv|json] [--workspace ID --team NAME | --team NAME]",
    "import or re-import a CRM export (accounts, or flat contacts/needs/opportunities files; CSV with English or Chinese headers, or JSON): new rows are created, known ones (by CRM id, else name) updated field by field, none deleted; an opportunity at another stage is recorded as of --as-of; --dry-run only reports; all or nothing",
    async () => (await import("./database.js")).importCommand,
  ),
  lazy(
    "export",
    "[--kind matrix|accounts|contacts|needs|opportunities] [--format csv|json] [--team NAME]",
    "the 价值客户矩阵管理表 (METHOD §4.4), or with --kind an importable file: every account with its facts (CSV, or JSON with needs, contacts, opportunities), or the team's contacts, needs or opportunities (CSV); UTF-8 with BOM, opens in Excel",
    async () => (await import("./database.js")).exportCommand,
  ),
  lazy(
    "demo",
    "",
    "load the demo portfolio (about 30 政企 accounts, a team and its target) into the local workspace",
    async () => (await import("./database.js")).demoCommand,
  ),
  lazy(
    "migrate",
    "",
    "apply the database migrations (also done at every start)",
    async () => (await import("./database.js")).migrateCommand,
  ),
  lazy(
    "backup",
    "FILE [--workspace ID]",
    "write every row of the database (or of one workspace) to FILE, a portable versioned dump (gzip if FILE ends in .gz)",
    async () => (await import("./backup.js")).backupCommand,
  ),
  lazy(
    "restore",
    "FILE",
    "load a backup into an EMPTY database of either kind (DATABASE_URL), all or nothing: SQLite → PostgreSQL is backup + restore",
    async () => (await import("./backup.js")).restoreCommand,
  ),
  lazy(
    "console",
    "",
    "the local console: /kvalue commands without Slack",
    async () => (await import("./database.js")).consoleCommand,
  ),
];
