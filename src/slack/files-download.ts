// Bytes of a file a user shared with the app: Slack serves `url_private_download` to the bot token. The caller checks
// the size Slack reports first (a 2 GB upload is refused without being fetched); the download is bounded as well.
import type { WebClient } from "@slack/web-api";
import { MAX_IMPORT_BYTES } from "../features/import-export/import-parse.js";

export interface SharedFile {
  id: string;
  name: string;
  size: number;
  url: string;
}

/** The file as `files.info` describes it (a button press carries only its id). */
export async function sharedFile(client: WebClient, fileId: string): Promise<SharedFile> {
  const r = await client.files.info({ file: fileId });
  const f = r.file;
  const url = f?.url_private_download ?? f?.url_private;
  if (!f?.id || !url) throw new Error(`files.info answered without the file ${fileId}`);
  return { id: f.id, name: f.name ?? f.id, size: f.size ?? 0, url };
}

export type Download = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

export async function downloadFile(file: SharedFile, token: string | undefined): Promise<Download> {
  try {
    const res = await fetch(file.url, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      signal: AbortSignal.timeout(60_000),
    });
    if (!res.ok) return { ok: false, reason: `HTTP ${res.status}` };
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.length > MAX_IMPORT_BYTES ? { ok: false, reason: "too large" } : { ok: true, bytes };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
