// `kvalue calibrate [FILE|-]`: METHOD §10.4 (the §6 feedback loop) on a JSON document, and
// `kvalue calibrate --from-db [--team NAME] [--as-of DATE]`: the same JSON from the local store's snapshots and outcomes.
import { parseArgs } from "node:util";
import { calibrate, calibrateIssues } from "../../core/calibrate.js";
import { calibrateOutput } from "../../core/contract.js";
import { calibrateInputSchema, isoDate } from "../../core/facts.js";
import { calibrationReport } from "../../features/calibration/service.js";
import { isServiceError } from "../../features/errors.js";
import { EXIT, type CliIo, type CommandRun } from "../command.js";
import { jsonCommand } from "../json-command.js";
import { contextOf } from "../lang.js";
import type { Locale } from "../../i18n/locale.js";
import { cliActor, withLocalStore } from "../local.js";

const fromFile = jsonCommand({
  name: "calibrate",
  schema: calibrateInputSchema,
  // A repeated observation would be counted twice in every statistic.
  check: calibrateIssues,
  compute: (input) => calibrateOutput(calibrate(input)),
});

async function fromDb(args: readonly string[], io: CliIo, locale: Locale): Promise<number> {
  let values: { "from-db"?: boolean; team?: string; "as-of"?: string };
  try {
    ({ values } = parseArgs({
      args: [...args],
      allowPositionals: false,
      strict: true,
      options: { "from-db": { type: "boolean" }, team: { type: "string" }, "as-of": { type: "string" } },
    }));
  } catch (e) {
    const { argsText } = await import("../say.js");
    const code = (e as { code?: unknown }).code;
    const message = e instanceof Error ? e.message : String(e);
    const option = /'([^']+)'/.exec(message)?.[1] ?? null;
    io.err(`${argsText(locale, "calibrate", { ok: false, message, code: String(code), option })}\n`);
    return EXIT.invalid;
  }
  const asOf = values["as-of"];
  if (asOf !== undefined && !isoDate.safeParse(asOf).success) {
    const { t } = await import("../../i18n/catalog.js");
    io.err(`${t(locale, "cli.as_of", { command: "calibrate", value: asOf })}\n`);
    return EXIT.invalid;
  }
  // A report only reads: nothing is written, not even the local workspace of a fresh database.
  return withLocalStore(
    async (deps) => {
      try {
        const report = await calibrationReport(deps, cliActor(), {
          team: values.team ?? null,
          ...(asOf ? { asOf } : {}),
        });
        io.out(`${JSON.stringify(report.output, null, 2)}\n`);
        return EXIT.ok;
      } catch (e) {
        if (!isServiceError(e)) throw e;
        const { errorMessage } = await import("../../commands/reply.js");
        const { mrkdwnToText } = await import("../../console/render.js");
        const { t } = await import("../../i18n/catalog.js");
        const reason = mrkdwnToText(errorMessage(e, locale).text);
        io.err(`${t(locale, "cli.refused", { command: "calibrate", reason })}\n`);
        return EXIT.invalid;
      }
    },
    { readOnly: true },
  );
}

export const calibrateCommand: CommandRun = {
  run: (args, io, given) =>
    args.includes("--from-db") ? fromDb(args, io, contextOf(given).locale) : fromFile.run(args, io, given),
};
