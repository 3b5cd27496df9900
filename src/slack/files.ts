// The images that go with a reply (calibration charts): uploaded into the user's direct conversation with the app,
// since the reply itself is ephemeral and manager-only content must not land in a shared channel. Same external
// upload flow as the digest's charts (files.uploadV2). A failure is logged; the text reply stands on its own.
import type { WebClient } from "@slack/web-api";
import type { MessageFile } from "../ui/types.js";
import type { SlackRuntime } from "./runtime.js";

export async function uploadToUser(
  rt: SlackRuntime,
  client: WebClient,
  userId: string,
  files: readonly MessageFile[],
  comment: string,
  channelId?: string,
): Promise<void> {
  if (files.length === 0) return;
  try {
    // A team's own channel when the reply says so (the export of that team); otherwise the direct conversation.
    const channel = channelId ?? (await client.conversations.open({ users: userId })).channel?.id;
    if (!channel) throw new Error("conversations.open answered without a channel");
    await client.files.uploadV2({
      channel_id: channel,
      initial_comment: comment,
      file_uploads: files.map((f) => ({ file: f.bytes, filename: f.filename, title: f.title, alt_text: f.title })),
    });
  } catch (e) {
    rt.log.warn(
      { err: e instanceof Error ? e.message : String(e) },
      "reply images not uploaded; the text reply stands",
    );
  }
}
