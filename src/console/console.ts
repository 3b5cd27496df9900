// The local console: kvalue without Slack. It accepts exactly what a user types in Slack (`/kvalue acme`, or
// just `acme`), renders the same Block Kit messages as text, and turns buttons into numbered choices and modals
// into prompts. Runs on the embedded database; the first run loads the demo portfolio.
import { mkdtempSync, writeFileSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";
import type { KnownBlock, View } from "@slack/types";
import { isAssistantAction } from "../features/assistant/ui/ids.js";
import { consoleAssistantAction, consoleQuestion } from "./assistant.js";
import { formFor, submitForm, validateForm } from "../features/accounts/forms.js";
import { createAndShow, pickAndSet, showAccount, showHistory, undoFromHistory } from "../features/accounts/commands.js";
import { alertToggle } from "../features/alerts/commands.js";
import { decideCalibration, revertModel } from "../features/calibration/commands.js";
import { dealForForm, dealMenuAction, pickDeal, readDealForm, submitDealForm } from "../features/deals/commands.js";
import { dealCloseDateModal, dealLostModal } from "../features/deals/ui/deal.js";
import { parseDealMenuValue } from "../features/deals/ui/menu.js";
import { runCommand } from "../commands/run.js";
import { parseCommand } from "../commands/parse.js";
import { looksLikeQuestion } from "../features/assistant/question-words.js";
import { assistantFor } from "../features/assistant/setup.js";
import {
  decodeImportButton,
  importTarget,
  previewImport,
  runImport,
} from "../features/import-export/import-commands.js";
import { fileSizeProblem } from "../features/import-export/import-parse.js";
import { fileProblemText } from "../features/import-export/ui/summary.js";
import { esc, textMessage } from "../ui/text.js";
import type { ChannelDirectory, CommandEnv } from "../commands/registry.js";
import { errorMessage } from "../commands/reply.js";
import { t, type Locale } from "../i18n/index.js";
import type { ServiceDeps } from "../features/deps.js";
import { demoWelcome, loadDemo } from "../features/demo/service.js";
import { localePref } from "../features/teams/prefs.js";
import { ensureWorkspace } from "../features/teams/service.js";
import { ACTION_IDS, SEGMENT_LOOK_ACTION_PREFIX } from "../ui/ids.js";
import { segmentForm, submitSegmentForm, validateSegmentForm } from "../features/segments/commands.js";
import { parseSegmentModalMeta } from "../features/segments/ui/modals.js";
import { parseModalMetadata } from "../features/accounts/ui/submissions.js";
import type { SlackMessage, ViewStateValues } from "../ui/types.js";
import { fillForm, type FormText } from "./forms.js";
import { ConsoleLines } from "./lines.js";
import { parseImportLine, type ImportLine } from "./import-line.js";
import { LOCAL } from "./local-user.js";
import { mrkdwnToText, renderBlocks, type Choice } from "./render.js";

export interface ConsoleOptions {
  deps: ServiceDeps;
  input: Readable;
  output: Writable;
  defaultLocale: Locale;
  /** Print the team's matrix and funnel on start (what `npm start` shows first). */
  overview?: boolean;
}

const ACTION_FORMS = {
  [ACTION_IDS.updateFacts]: "facts",
  [ACTION_IDS.addContact]: "contact",
  [ACTION_IDS.addOpportunity]: "opportunity",
  [ACTION_IDS.logNote]: "note",
} as const;

const localChannels: ChannelDirectory = {
  members: async () => [LOCAL.userId],
  name: async () => "kv-local",
};

export async function runConsole(o: ConsoleOptions): Promise<void> {
  const { deps, output } = o;
  const say = (text: string) => {
    output.write(`${text}\n`);
  };
  const lines = new ConsoleLines(o.input, output);
  const ask = (prompt: string) => lines.ask(prompt);

  await ensureWorkspace(deps, LOCAL.workspaceId, "local");
  const welcome = await demoWelcome(deps, LOCAL.workspaceId);
  if (welcome === "others") say(t(o.defaultLocale, "reply.console.no_demo"));
  if (welcome === "load") {
    // With its two years of history, as `kvalue demo` loads it: the calibration report has closed deals and past
    // scores to check, and every screen tells the same story whichever way the demo was loaded.
    const r = await loadDemo(
      deps,
      { workspaceId: LOCAL.workspaceId, userId: LOCAL.userId, source: "demo" },
      LOCAL.channelId,
      { history: true },
    );
    say(
      t(o.defaultLocale, "reply.console.demo", { team: r.team, accounts: r.accounts, opportunities: r.opportunities }),
    );
  }
  // The language of the latest command, for what the console itself says after it (where files were saved).
  let locale = o.defaultLocale;
  const env = async (): Promise<CommandEnv> => {
    locale = (await localePref(deps, LOCAL.workspaceId, LOCAL.userId)) ?? o.defaultLocale;
    return {
      deps,
      channels: localChannels,
      channelId: LOCAL.channelId,
      actor: { workspaceId: LOCAL.workspaceId, userId: LOCAL.userId, source: "console" },
      locale,
    };
  };

  let choices: Choice[] = [];
  const show = (message: SlackMessage) => {
    const r = renderBlocks(message.blocks);
    say(r.text);
    if (message.files?.length)
      say(t(locale, "reply.console.files_saved", { files: saveFiles(message.files).join("  ") }));
    choices = r.choices;
  };

  if (o.overview !== false) {
    // The first screen fits a 50-line terminal: why this is the console, the matrix's quadrant counts, the top
    // five, the funnel in one line; the full matrix and funnel are one command away.
    const e = await env();
    say(t(e.locale, "reply.console.local"));
    const matrix = renderBlocks((await runCommand(e, "matrix")).blocks).text;
    say(matrix.split(`\n${"—".repeat(40)}`)[0] ?? matrix);
    show(await runCommand(e, "top 5"));
    say(`\n${mrkdwnToText((await runCommand(e, "funnel")).text)}`);
    say(t(e.locale, "reply.console.details"));
  }
  say(`\n${t((await env()).locale, "reply.console.hint")}`);

  for (;;) {
    const line = await ask("\nkvalue> ");
    if (line === null) break;
    const text = line.trim();
    if (text === "") continue;
    if (["exit", "quit", "q", "退出"].includes(text.toLowerCase())) break;
    const e = await env();
    const numbered = /^\d+$/.test(text);
    const choice = numbered ? choices.find((c) => c.n === Number(text)) : undefined;
    // A number past the choices on screen is a slip: say which there are and keep them (not "not a command").
    if (numbered && !choice && choices.length > 0) {
      say(t(e.locale, "reply.console.no_choice", { n: text, max: Math.max(...choices.map((c) => c.n)) }));
      continue;
    }
    try {
      const command = text.replace(/^\/kvalue\b/i, "").trim();
      const file = /^(?:import|导入)\s+(.+)$/i.exec(command)?.[1];
      if (choice) await onChoice(e, choice, ask, say, show);
      else if (file) show(await previewLocalImport(e, file));
      else if (isQuestion(e, command)) for (const m of await consoleQuestion(e, command)) show(m);
      else show(await runCommand(e, command));
    } catch (err) {
      show(errorMessage(err, e.locale));
    }
  }
  lines.close();
}

/** A question for the assistant, as a direct message in Slack is: not a command, asked in words, with a model to
 *  answer it (without one, the lookup says how to get the answer another way). */
function isQuestion(e: CommandEnv, text: string): boolean {
  const parsed = parseCommand(text);
  return "kind" in parsed && parsed.kind === "card" && looksLikeQuestion(text) && assistantFor(e.deps).llm !== null;
}

async function onChoice(
  e: CommandEnv,
  choice: Choice,
  ask: (p: string) => Promise<string | null>,
  say: (t: string) => void,
  show: (m: SlackMessage) => void,
): Promise<void> {
  if (choice.actionId === ACTION_IDS.pickAccount) return show(await showAccount(e, choice.value));
  if (choice.actionId === ACTION_IDS.pickAccountSet) return show(await pickAndSet(e, choice.value));
  if (choice.actionId === ACTION_IDS.createAccount) return show(await createAndShow(e, choice.value));
  if (choice.actionId === ACTION_IDS.adoptVersion) {
    // Slack's confirm dialog, as a question.
    const answer = await ask(
      `${t(e.locale, "calibration.confirm.title")} ${t(e.locale, "calibration.confirm.text")} [y/N]: `,
    );
    if (!/^(y|yes|是|采用)$/i.test((answer ?? "").trim())) return;
    return show(await decideCalibration(e, "adopt", choice.value));
  }
  if (choice.actionId === ACTION_IDS.keepVersion) return show(await decideCalibration(e, "keep", choice.value));
  if (choice.actionId === ACTION_IDS.revertVersion) {
    const answer = await ask(
      `${t(e.locale, "calibration.revert.confirm_title")} ${t(e.locale, "calibration.revert.confirm_text", { label: choice.value })} [y/N]: `,
    );
    if (!/^(y|yes|是|回退)$/i.test((answer ?? "").trim())) return;
    return show(await revertModel(e, choice.value));
  }
  if (choice.actionId === ACTION_IDS.importFile) {
    const v = decodeImportButton(choice.value);
    if (!v) return;
    // The dry run's --kind and --as-of come back with the choice, so the import reads the file as it did.
    const { ref, fileName, teamId, ...options } = v;
    const bytes = await readLocalFile(e, ref);
    return show("blocks" in bytes ? bytes : await runImport(e, { bytes, fileName, teamId, options }));
  }
  if (choice.actionId === ACTION_IDS.pickDeal) return show(await pickDeal(e, choice.value));
  if (choice.actionId === ACTION_IDS.alertToggle) return show(await alertToggle(e, choice.value));
  if (choice.actionId === ACTION_IDS.pickAccountHistory) return show(await showHistory(e, choice.value));
  if (choice.actionId === ACTION_IDS.undoChange) return show(await undoFromHistory(e, choice.value));
  if (choice.actionId === ACTION_IDS.openCard) return show(await showAccount(e, choice.value));
  if (choice.actionId === ACTION_IDS.dealMenu) return dealChoice(e, choice.value, ask, say, show);
  if (isAssistantAction(choice.actionId)) {
    for (const m of await consoleAssistantAction(e, choice.actionId, choice.value)) show(m);
    return;
  }
  if (choice.actionId.startsWith(SEGMENT_LOOK_ACTION_PREFIX)) {
    // The same form and the same checks as the Slack modal, asked as prompts.
    const view = await segmentForm(e, choice.actionId.slice(SEGMENT_LOOK_ACTION_PREFIX.length), choice.value);
    const meta = parseSegmentModalMeta(view.private_metadata);
    if (!meta) return;
    say(`\n== ${"title" in view ? view.title.text : ""} ==  ${t(e.locale, "reply.console.form_hint")}`);
    const text = formText(e.locale);
    let values = await fillForm(view, ask, say, { text });
    for (;;) {
      if (!values) return say(t(e.locale, "reply.console.form_left"));
      const checked = validateSegmentForm(meta.look, values, e.locale);
      if (checked.ok) return show(await submitSegmentForm(e, meta, checked.fields));
      for (const message of Object.values(checked.errors)) say(`  ! ${message}`);
      values = await fillForm(view, ask, say, { previous: values, only: new Set(Object.keys(checked.errors)), text });
    }
  }
  const kind = ACTION_FORMS[choice.actionId as keyof typeof ACTION_FORMS];
  if (!kind) return;
  const view = await formFor(e, kind, choice.value);
  const title = "title" in view ? view.title.text : "";
  say(`\n== ${title} ==  ${t(e.locale, "reply.console.form_hint")}`);
  // Each answer is checked as it is given, with the same validation as the whole form's at the end.
  const check = (v: ViewStateValues, blockId: string) => {
    const r = validateForm(kind, v, e.locale);
    return r.ok ? null : (r.errors[blockId] ?? null);
  };
  const text = formText(e.locale);
  let values = await fillForm(view, ask, say, { check, text });
  for (;;) {
    if (!values) return say(t(e.locale, "reply.console.form_left"));
    const checked = validateForm(kind, values, e.locale);
    if (checked.ok) {
      const meta = parseModalMetadata(view.private_metadata);
      if (meta) show(await submitForm(e, meta, checked.form));
      return;
    }
    for (const [field, message] of Object.entries(checked.errors)) say(`  ! ${labelOf(view, field)}: ${message}`);
    values = await fillForm(view, ask, say, {
      previous: values,
      only: new Set(Object.keys(checked.errors)),
      check,
      text,
    });
  }
}

const formText = (locale: Locale): FormText => ({
  pick: (n) => t(locale, "reply.console.pick", { n }),
  date: t(locale, "reply.console.date"),
});

/** A local file's bytes for an import, or the message saying why not (missing, unreadable, too large to read). */
async function readLocalFile(e: CommandEnv, path: string): Promise<Uint8Array | SlackMessage> {
  try {
    const problem = fileSizeProblem((await stat(path)).size);
    if (problem) return textMessage(fileProblemText(e.locale, path, problem));
    return new Uint8Array(await readFile(path));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return textMessage(
      code === "ENOENT"
        ? t(e.locale, "import.file_missing", { file: path })
        : t(e.locale, "import.file_unreadable", { file: path, code }),
    );
  }
}

/** `import path.csv [--as-of DATE] [--kind K]`: the same dry run and Import choice as a file sent to the bot in
 *  Slack, with the CLI's options; a bad option is said before the file is read. */
async function previewLocalImport(e: CommandEnv, text: string): Promise<SlackMessage> {
  const line = parseImportLine(text);
  if (!line.ok) return textMessage(importLineProblem(e.locale, line));
  const { path, options } = line;
  const bytes = await readLocalFile(e, path);
  if ("blocks" in bytes) return bytes;
  const team = await importTarget(e, null);
  return previewImport(
    { ...e, actor: { ...e.actor, sourceRef: path } },
    { bytes, fileName: path, team, ref: path, options },
  );
}

/** What is wrong with the words after `import`, as mrkdwn (the typed words escaped). */
function importLineProblem(locale: Locale, p: Exclude<ImportLine, { ok: true }>): string {
  switch (p.problem) {
    case "no_path":
      return t(locale, "import.help_console");
    case "unknown_option":
      return t(locale, "import.option_unknown", { option: esc(p.option) });
    case "no_value":
      return t(locale, "import.option_no_value", { option: esc(p.option) });
    case "as_of":
      return t(locale, "import.option_as_of", { value: esc(p.value) });
    case "kind":
      return t(locale, "import.option_kind", { value: esc(p.value) });
  }
}

/** An item of the deal menu: advance and won at once, lost… and change close date… as their form's prompts. */
async function dealChoice(
  e: CommandEnv,
  value: string,
  ask: (p: string) => Promise<string | null>,
  say: (t: string) => void,
  show: (m: SlackMessage) => void,
): Promise<void> {
  const chosen = parseDealMenuValue(value);
  if (!chosen) return;
  if (chosen.action === "advance" || chosen.action === "won")
    return show(await dealMenuAction(e, chosen.action, chosen.dealId));
  const deal = await dealForForm(e, chosen.dealId);
  const meta = { dealId: deal.id };
  const view =
    chosen.action === "lost" ? dealLostModal(e.locale, deal, meta) : dealCloseDateModal(e.locale, deal, meta);
  say(`\n== ${view.title.text} ==  ${t(e.locale, "reply.console.form_hint")}`);
  const text = formText(e.locale);
  for (
    let values = await fillForm(view, ask, say, { text });
    values;
    values = await fillForm(view, ask, say, { previous: values, text })
  ) {
    const patch = readDealForm(chosen.action, values);
    if (patch) return show(await submitDealForm(e, deal.id, patch));
    say(`  ! ${t(e.locale, "deal.form.required")}`);
  }
  say(t(e.locale, "reply.console.form_left"));
}

/** The files of a reply (charts, the 管理表 CSV) in a fresh private directory; their paths, to print. */
function saveFiles(files: NonNullable<SlackMessage["files"]>): string[] {
  const dir = mkdtempSync(join(tmpdir(), "kvalue-files-"));
  return files.map((f) => {
    const path = join(dir, f.filename);
    writeFileSync(path, f.bytes);
    return path;
  });
}

/** The label of a form's input, as the prompt showed it (the block_id is the field's code). */
function labelOf(view: View, blockId: string): string {
  const block = (view.blocks as KnownBlock[]).find((b) => b.type === "input" && b.block_id === blockId);
  return block && block.type === "input" ? mrkdwnToText(block.label.text) : blockId;
}
