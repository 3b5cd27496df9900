// The Import button under an import's dry run: ack, say that it runs, then import in the background and post the
// result in the same conversation. The file is fetched again by its id, and the team checked against the presser's
// scope again (a message can be forwarded). The import is all or nothing either way.
import { cleanInput } from "../../../commands/parse.js";
import { errorMessage } from "../../../commands/reply.js";
import { decodeImportButton, runImport } from "../../../features/import-export/import-commands.js";
import { isServiceError } from "../../../features/errors.js";
import { t, type Locale } from "../../../i18n/index.js";
import { textMessage } from "../../../ui/text.js";
import type { SlackMessage } from "../../../ui/types.js";
import { downloadFile, sharedFile } from "../../files-download.js";
import { afterAck, commandEnv } from "../../request.js";
import type { SlackRuntime } from "../../runtime.js";
import { pressedBy, type ButtonArgs } from "./button.js";

export function importFileButton(rt: SlackRuntime) {
  return async ({ ack, body, action, client, context }: ButtonArgs): Promise<void> => {
    await ack();
    const value = decodeImportButton(cleanInput(action.value ?? ""));
    const who = pressedBy(body);
    const channel = who.channelId;
    if (!value || !channel) return;
    const post = (message: SlackMessage) =>
      client.chat.postMessage({ channel, text: message.text, blocks: message.blocks });
    let locale: Locale = rt.defaultLocale;
    // The button's answer comes at once; the import itself runs after it, in the background.
    void afterAck(
      rt,
      "import",
      async () => {
        const env = await commandEnv(rt, client, { ...who, source: "import" });
        locale = env.locale;
        await post(textMessage(t(locale, "import.running", { file: value.fileName })));
        const file = await sharedFile(client, value.ref);
        const got = await downloadFile(file, context.botToken);
        if (!got.ok) {
          await post(textMessage(t(locale, "import.download_failed", { file: file.name, reason: got.reason })));
          return;
        }
        try {
          await post(await runImport(env, { bytes: got.bytes, fileName: value.fileName, teamId: value.teamId }));
        } catch (e) {
          if (!isServiceError(e)) throw e;
          await post(errorMessage(e, locale));
        }
      },
      post,
      () => locale,
    );
  };
}
