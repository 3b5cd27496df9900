// The command table of `kvalue`. Adding a command is one line here (and its own file beside this one).
// Each entry names and describes its command, and imports the command's module only when it runs: `kvalue assess`
// then loads the scoring core, not the database, Slack or the LLM client (issue 12.5: start within 4× `node -e 0`).
import type { CliIo, Command, CommandRun } from "../command.js";
import type { CliContext } from "../lang.js";

/** A command whose module is imported when it runs (for `help` only its name, synopsis and summary are read). */
function lazy(name: string, args: string, summary: Command["summary"], load: () => Promise<CommandRun>): Command {
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
    {
      en: "score accounts: value, matrix quadrant, tier, red flags, facts to collect (METHOD §10.1)",
      "zh-CN": "为客户打分：价值分、矩阵象限、分级、红旗、下一步要收集的事实（METHOD §10.1）",
    },
    async () => (await import("./assess.js")).assessCommand,
  ),
  lazy(
    "funnel",
    JSON_ARGS,
    {
      en: "dual funnel of a period: gap, required flow, shortfall, coverage, lead deadline (METHOD §10.2)",
      "zh-CN": "一个期间的双漏斗：缺口、所需流量、短缺、覆盖率、新线索截止日（METHOD §10.2）",
    },
    async () => (await import("./funnel.js")).funnelCommand,
  ),
  lazy(
    "bridge",
    JSON_ARGS,
    {
      en: "weighted-pipeline bridge between two weekly snapshots (METHOD §10.3)",
      "zh-CN": "两个周快照之间的加权金额桥（METHOD §10.3）",
    },
    async () => (await import("./bridge.js")).bridgeCommand,
  ),
  lazy(
    "calibrate",
    "[FILE|-] | --from-db [--team NAME] [--as-of DATE]",
    {
      en: "feedback loop: stage reliability, score ranking check, weight refit (METHOD §10.4)",
      "zh-CN": "反馈校准：阶段概率可靠性、评分排序检验、权重重估（METHOD §10.4）",
    },
    async () => (await import("./calibrate.js")).calibrateCommand,
  ),
  lazy(
    "model",
    "[--revert LABEL]",
    {
      en: "model versions: the one in force and every adopt, keep and revert; --revert puts an earlier adopted version (or v1-default) back in force and re-scores every account; audited",
      "zh-CN":
        "模型版本：当前版本和每次采用、保留、回退；--revert 让之前采用的版本（或 v1-default）重新生效并重新评分所有客户；留审计记录",
    },
    async () => (await import("./model.js")).modelCommand,
  ),
  lazy(
    "import",
    "FILE [--dry-run] [--strict] [--kind accounts|segments|contacts|needs|opportunities] [--as-of DATE] [--stage-map FILE] [--format csv|json] [--workspace ID --team NAME | --team NAME]",
    {
      en: "import or re-import a CRM export (accounts, market segments, or flat contacts/needs/opportunities files; CSV with English or Chinese headers, or JSON): new rows are created, known ones (by CRM id, else name) updated field by field, none deleted; an opportunity at another stage is recorded as of --as-of; --dry-run only reports; all or nothing",
      "zh-CN":
        "导入或重新导入 CRM 导出文件（客户、细分市场，或联系人/需求/商机的平铺文件；中英文表头的 CSV，或 JSON）：新行新建，已有的（按 CRM 编号，否则按名称）逐字段更新，不删除；阶段变化的商机按 --as-of 记录；--dry-run 只报告；全部成功或全部不写",
    },
    async () => (await import("./database.js")).importCommand,
  ),
  lazy(
    "stages",
    "[--file FILE | --clear] [--workspace ID --team NAME | --team NAME]",
    {
      en: "the team's stage map: the CRM's own stage names (初步沟通, 方案报价 …) that every import of its opportunities reads as kvalue stages; --file replaces it (one `CRM stage name,S3` per line), --clear removes it; audited",
      "zh-CN":
        "团队的阶段映射：CRM 自己的阶段名称（初步沟通、方案报价 …），团队每次导入商机都按此对应到 kvalue 阶段；--file 替换（每行一个“CRM 阶段名,S3”），--clear 删除；留审计记录",
    },
    async () => (await import("./database.js")).stagesCommand,
  ),
  lazy(
    "export",
    "[--kind matrix|accounts|segments|contacts|needs|opportunities] [--format csv|json] [--team NAME]",
    {
      en: "the 价值客户矩阵管理表 (METHOD §4.4), or with --kind an importable file: every account with its facts (CSV, or JSON with needs, contacts, opportunities), or the team's segments, contacts, needs or opportunities (CSV); UTF-8 with BOM, opens in Excel",
      "zh-CN":
        "价值客户矩阵管理表（METHOD §4.4），或用 --kind 导出可再导入的文件：每个客户及其事实（CSV，或含需求、联系人、商机的 JSON），或团队的细分市场、联系人、需求、商机（CSV）；UTF-8 带 BOM，Excel 可直接打开",
    },
    async () => (await import("./database.js")).exportCommand,
  ),
  lazy(
    "demo",
    "",
    {
      en: "load the demo portfolio (about 30 政企 accounts, a team, its target and three market segments) into the local workspace",
      "zh-CN": "把演示数据（约 30 个政企客户、一个团队及其目标、三个细分市场）载入本地工作区",
    },
    async () => (await import("./database.js")).demoCommand,
  ),
  lazy(
    "migrate",
    "",
    {
      en: "apply the database migrations (also done at every start)",
      "zh-CN": "执行数据库迁移（每次启动时也会执行）",
    },
    async () => (await import("./database.js")).migrateCommand,
  ),
  lazy(
    "backup",
    "FILE [--workspace ID]",
    {
      en: "write every row of the database (or of one workspace) to FILE, a portable versioned dump (gzip if FILE ends in .gz)",
      "zh-CN": "把数据库（或一个工作区）的全部数据写入 FILE：可移植、带版本的转储（FILE 以 .gz 结尾时压缩）",
    },
    async () => (await import("./backup.js")).backupCommand,
  ),
  lazy(
    "restore",
    "FILE",
    {
      en: "load a backup into an EMPTY database of either kind (DATABASE_URL), all or nothing: SQLite → PostgreSQL is backup + restore",
      "zh-CN":
        "把备份载入一个空数据库（DATABASE_URL，SQLite 或 PostgreSQL），全部成功或全部不写：SQLite → PostgreSQL 就是 backup + restore",
    },
    async () => (await import("./backup.js")).restoreCommand,
  ),
  lazy(
    "console",
    "",
    {
      en: "the local console: /kvalue commands without Slack",
      "zh-CN": "本地控制台：不用 Slack 使用 /kvalue 命令",
    },
    async () => (await import("./database.js")).consoleCommand,
  ),
];
