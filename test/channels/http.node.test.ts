import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { InputFile } from "grammy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createNodeFetch } from "../../src/channels/http.node.ts";
import { createTelegramApi, createTelegramSender } from "../../src/channels/telegram/client.ts";
import { createViberApi } from "../../src/channels/viber/client.ts";
import { type FakeTelegram, startFakeTelegram } from "../support/fake-telegram.ts";

/** A plain server for what the fakes do not do: count connections, cut an answer short, name a Retry-After. */
async function startServer(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 10_000;
  let connections = 0;
  server.on("connection", () => connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
type TestServer = Awaited<ReturnType<typeof startServer>>;

describe("Node's HTTP client for the messengers", () => {
  let fake: FakeTelegram;
  beforeAll(async () => {
    fake = await startFakeTelegram({ keepAliveMs: 10_000 });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  let server: TestServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it("keeps one connection open for calls made one after another", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { message_id: 1 } }));
    });
    const fetch = createNodeFetch();
    for (let i = 0; i < 5; i++) {
      const answer = await fetch(`${server.url}/botT/sendMessage`, { method: "POST", body: "{}" });
      expect(await answer.json()).toEqual({ ok: true, result: { message_id: 1 } });
    }
    expect(server.connections()).toBe(1);
  });

  it("carries grammY's uploads (a multipart stream) whole", async () => {
    const api = createTelegramApi({ token: fake.token, apiRoot: fake.url, fetch: createNodeFetch() });
    const bytes = new Uint8Array(Array.from({ length: 200_000 }, (_, i) => i % 251));
    await api.sendDocument(7010000001, new InputFile(bytes, "rezumat.xlsx"), { caption: "Rezumat" });
    const call = fake.callsTo("sendDocument")[0];
    expect(call?.params.caption).toBe("Rezumat");
    const file = call?.files?.find((f) => f.param === "document");
    expect(file?.filename).toBe("rezumat.xlsx");
    expect(Buffer.from(file?.bytes ?? []).equals(Buffer.from(bytes))).toBe(true);
  });

  it("ends a call when its signal aborts, and the next call still goes", async () => {
    const sender = createTelegramSender(createTelegramApi({ token: fake.token, apiRoot: fake.url, fetch: createNodeFetch() }));
    const fetch = createNodeFetch();
    fake.slow(5_000, "sendMessage");
    const abort = new AbortController();
    const call = fetch(`${fake.url}/bot${fake.token}/sendMessage`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ chat_id: 1, text: "x" }),
      signal: abort.signal,
    });
    setTimeout(() => abort.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    fake.slow(0, "sendMessage");
    await expect(sender.send("7010000002", { method: "sendMessage", params: { text: "Bună" } })).resolves.toMatchObject({
      externalId: expect.stringMatching(/^\d+$/),
    });
  });

  it("refuses at once a signal already aborted", async () => {
    const abort = new AbortController();
    abort.abort();
    await expect(createNodeFetch()(`${fake.url}/bot${fake.token}/getMe`, { signal: abort.signal })).rejects.toMatchObject({
      name: "AbortError",
    });
    expect(fake.calls).toHaveLength(0);
  });

  it("fails an answer cut off part-way, which the sender then tries again", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/json", "content-length": "200" });
      res.write('{"ok":true,');
      setTimeout(() => res.destroy(), 10);
    });
    const sender = createTelegramSender(createTelegramApi({ token: "1:T", apiRoot: server.url, fetch: createNodeFetch() }));
    await expect(sender.send("1", { method: "sendMessage", params: { text: "x" } })).rejects.toMatchObject({
      name: "SendError",
      kind: "retry",
    });
  });

  it("gives the Viber client the answer's status and Retry-After", async () => {
    server = await startServer((_req, res) => {
      res.writeHead(429, { "content-type": "application/json", "retry-after": "3" });
      res.end(JSON.stringify({ status: 12, status_message: "rate limit" }));
    });
    const api = createViberApi({ token: "T", apiRoot: server.url, fetch: createNodeFetch() });
    await expect(api.call("send_message", { receiver: "x" })).rejects.toMatchObject({
      kind: "throttled",
      retryAfterSeconds: 3,
    });
  });
});
