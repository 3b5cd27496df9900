// postToResponseUrl over a kept-alive socket that the server drops (what a server does when its keep-alive timeout
// ends just as the client reuses the socket): the post is sent again once, and only once.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { postToResponseUrl } from "../../src/slack/respond.js";

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server?.closeAllConnections();
  server = undefined;
});

/** A response_url that answers 200, except that it resets the connection of the requests numbered in `reset`. */
async function responseUrl(reset: Set<number>): Promise<{ url: string; bodies: string[]; sockets: Set<unknown> }> {
  const bodies: string[] = [];
  const sockets = new Set<unknown>();
  let n = 0;
  server = createServer((req, res) => {
    const i = ++n;
    sockets.add(req.socket);
    let body = "";
    req.on("data", (c: Buffer) => {
      body += c.toString("utf8");
    });
    req.on("end", () => {
      if (reset.has(i)) return void req.socket.resetAndDestroy();
      bodies.push(body);
      res.writeHead(200);
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server?.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/response/1`, bodies, sockets };
}

describe("postToResponseUrl", () => {
  it("sends a post again once when its reused keep-alive socket is reset", async () => {
    const r = await responseUrl(new Set([2]));
    await postToResponseUrl(r.url, { text: "one" });
    await postToResponseUrl(r.url, { text: "two" }); // on the kept-alive socket of "one", which the server resets
    expect(r.bodies.map((b) => JSON.parse(b).text)).toEqual(["one", "two"]);
    expect(r.sockets.size).toBe(2); // the retry went out on a new connection
  });

  it("does not retry a second time, nor a reset on a fresh socket", async () => {
    const r = await responseUrl(new Set([1]));
    await expect(postToResponseUrl(r.url, { text: "one" })).rejects.toMatchObject({ code: "ECONNRESET" });
    expect(r.bodies).toEqual([]);
  });
});
