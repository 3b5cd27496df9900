// Posting a reply to a slash command's response_url. Bolt's respond() uses fetch (undici), which costs about 0.9 ms
// of CPU per call on this app's machines, against about 0.2 ms for node:http with a keep-alive agent — and every
// `/kvalue` ends with exactly one such post (bench/slack.ts). Same request: JSON POST, an error on a non-2xx answer.
import http from "node:http";
import https from "node:https";

const agents: Record<string, http.Agent> = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** Slack refused the post (expired or used-up response_url, invalid blocks…). */
export class ResponseUrlError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`response_url answered ${status}: ${body.slice(0, 300)}`);
    this.name = "ResponseUrlError";
  }
}

export function postToResponseUrl(responseUrl: string, message: object, timeoutMs = 5_000): Promise<void> {
  let target: URL;
  try {
    target = new URL(responseUrl);
  } catch {
    return Promise.reject(new Error("response_url is not a URL"));
  }
  const agent = agents[target.protocol];
  if (!agent) return Promise.reject(new Error(`response_url must be http(s), not ${target.protocol}`));
  const send = target.protocol === "https:" ? https.request : http.request;
  const body = JSON.stringify(message);
  return new Promise((resolve, reject) => {
    const attempt = (again: boolean): void => {
      const req = send(
        target,
        {
          method: "POST",
          agent,
          timeout: timeoutMs,
          headers: { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new ResponseUrlError(status, Buffer.concat(chunks).toString("utf8")));
          });
        },
      );
      req.on("timeout", () => req.destroy(new Error(`response_url did not answer within ${timeoutMs} ms`)));
      req.on("error", (e: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed just as it was reused: the request never reached it; send it again
        // once (the race Node's documentation describes for keep-alive agents).
        if (!again && req.reusedSocket && e.code === "ECONNRESET") attempt(true);
        else reject(e);
      });
      req.end(body);
    };
    attempt(false);
  });
}
