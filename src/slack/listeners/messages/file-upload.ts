// A CSV or JSON file sent to the bot in a direct message: the import's dry run, with an Import button (issue 11.6).
// The team is named in the message text, else the user's only team; it must be in the user's scope. Events are
// acked by Bolt before this runs, so the download and the dry run do not hold up Slack's deadline.
import type { WebClient } from "@slack/web-api";
import { cleanInput } from "../../../commands/parse.js";
import { errorMessage } from "../../../commands/reply.js";
import { importTarget, previewImport } from "../../../features/import-export/import-commands.js";
import { fileSizeProblem } from "../../../features/import-export/import-parse.js";
import { fileProblemText } from "../../../features/import-export/ui/summary.js";
import { isServiceError } from "../../../features/errors.js";
import { t } from "../../../i18n/index.js";
import { textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import { downloadFile, type SharedFile } from "../../files-download.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";

interface UploadMessage {
  user: string;
  channel: string;
  text?: string;
  files: {
    id: string;
    name?: string | null;
    size?: number | null;
    url_private_download?: string | null;
    url_private?: string | null;
  }[];
}

/** "<#C0SALES|sales>" or "华东一部" in the message names the team; empty text names none. */
function teamNamed(text: string | undefined): string | null {
  const s = cleanInput(text ?? "").trim();
  if (s === "") return null;
  const channel = /<#([A-Z0-9]+)(?:\|[^>]*)?>/.exec(s);
  return channel ? (channel[1] ?? null) : s;
}

export async function importUpload(
  rt: SlackRuntime,
  client: WebClient,
  workspaceId: string,
  m: UploadMessage,
  token: string | undefined,
): Promise<void> {
  const post = (message: SlackMessage) =>
    client.chat.postMessage({ channel: m.channel, text: message.text, blocks: message.blocks });
  let locale = rt.defaultLocale;
  await afterAck(
    rt,
    "import upload",
    async () => {
      const env = await commandEnv(rt, client, { workspaceId, userId: m.user, source: "import" });
      locale = env.locale;
      const f = m.files[0];
      const url = f?.url_private_download ?? f?.url_private;
      if (!f || !url) return;
      const file: SharedFile = { id: f.id, name: f.name ?? f.id, size: f.size ?? 0, url };
      const tooLarge = fileSizeProblem(file.size || 1);
      if (tooLarge) {
        await post(textMessage(fileProblemText(locale, file.name, tooLarge)));
        return;
      }
      let team: Awaited<ReturnType<typeof importTarget>>;
      try {
        team = await importTarget(env, teamNamed(m.text));
      } catch (e) {
        if (!isServiceError(e)) throw e;
        await post(errorMessage(e, locale));
        return;
      }
      const got = await downloadFile(file, token);
      if (!got.ok) {
        await post(textMessage(t(locale, "import.download_failed", { file: file.name, reason: got.reason })));
        return;
      }
      await post(await previewImport(env, { bytes: got.bytes, fileName: file.name, team, ref: file.id }));
    },
    post,
    () => locale,
  );
}
