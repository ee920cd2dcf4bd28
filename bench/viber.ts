import { createHmac } from "node:crypto";
import { Hono } from "hono";
import type { Channel } from "../src/channels/types.ts";
import { viber } from "../src/channels/viber/index.ts";
import { createSignatureVerifier, SIGNATURE_HEADER } from "../src/channels/viber/signature.ts";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/http/app.ts";
import { createTranslate } from "../src/i18n/index.ts";
import { silentLogger } from "../src/log.ts";
import { createDrainer } from "../src/outbox/drain.ts";
import { createReceive } from "../src/usecases/receive.ts";
import { startFakeViber } from "../test/support/fake-viber.ts";
import type { Figure } from "./support.ts";
import { tempDir } from "./support.ts";
import { ANSWERS_PER_PERSON, listen, load, measureWebhook, peopleFor, startedPeople } from "./webhook.ts";

/** A message callback as Viber sends it, its 64-bit token written as a bare number. */
const callback = (i: number, userId: string, text: string) =>
  `{"event":"message","timestamp":1767261605000,"chat_hostname":"SN-CHAT-05_","message_token":${7_000_000_000_000_000_000n + BigInt(i)},"sender":{"id":"${userId}","name":"B","language":"ro","country":"MD","api_version":10},"message":{"type":"text","text":"${text}"},"silent":false}`;

const userId = (person: number) => `YmVuY2g${String(person).padStart(8, "0")}=`;

export async function benchViber(ms: number): Promise<Figure[]> {
  const durationS = Math.max(2, Math.round(ms / 1000));
  const fake = await startFakeViber();
  const tmp = tempDir("glas-bench-vb-");
  // Each callback signed, as Viber does.
  const headers = (body: string) => ({ [SIGNATURE_HEADER]: createHmac("sha256", fake.token).update(body).digest("hex") });
  try {
    // Baseline: an echo bot on the same stack (Hono on @hono/node-server): verify the
    // signature, parse, answer the text with a send_message through the same fake API.
    const verifier = createSignatureVerifier(fake.token);
    const echoApp = new Hono().post("/hook", async (c) => {
      const raw = new Uint8Array(await c.req.arrayBuffer());
      if (!(await verifier.verify(raw, c.req.header(SIGNATURE_HEADER)))) return c.body(null, 401);
      const update = JSON.parse(new TextDecoder().decode(raw)) as { sender: { id: string }; message: { text: string } };
      await fetch(`${fake.url}/send_message`, {
        method: "POST",
        headers: { "content-type": "application/json", "X-Viber-Auth-Token": fake.token },
        body: JSON.stringify({ receiver: update.sender.id, sender: { name: "Echo" }, type: "text", text: update.message.text }),
      });
      return c.body(null, 200);
    });
    const echoServer = await listen(echoApp.fetch);
    const baseline = await load(`${echoServer.url}/hook`, headers, {
      durationS,
      body: (i) => callback(i, userId(i % 100), "hello"),
    });
    await echoServer.close();

    // Glas: the real channels, route, engine, store and outbox (drained beside it, as on Node).
    const people = peopleFor(baseline.requests.average, durationS);
    const { store, deps, file } = await startedPeople(tmp.dir, "viber", userId, people);
    const config = loadConfig({ VIBER_AUTH_TOKEN: fake.token, VIBER_BOT_NAME: "Glas", VIBER_API_ROOT: fake.url });
    const receive = createReceive({ store, respond: deps, log: silentLogger, wake: () => drainer.wake() });
    const t = createTranslate("ro");
    const channel = viber.create({ config, receive, files: store.files, t, log: silentLogger }) as Channel;
    const drainer = createDrainer({
      outbox: store.outbox,
      senders: { viber: channel.sender },
      limits: { viber: { perSecond: 10_000, perRecipientMs: 0 } },
      log: silentLogger,
      now: () => new Date(),
    });
    const app = createApp({
      log: silentLogger,
      pingDatabase: () => store.ping(),
      channels: { telegram: "off", viber: "on" },
      routes: channel.routes ? [channel.routes] : [],
    });
    const figures = await measureWebhook({
      app,
      route: "/viber/webhook",
      headers,
      press: (i) => {
        const question = i % ANSWERS_PER_PERSON;
        return callback(i, userId(Math.floor(i / ANSWERS_PER_PERSON)), `btn:q${question}:${question === 0 ? 0 : 1}`);
      },
      file,
      drainer,
      durationS,
      echo: { name: "echo bot (Hono, signature checked) callbacks/s", rate: baseline.requests.average, unit: "callbacks" },
    });
    await store.close();
    const sent = fake.callsTo("send_message").filter((c) => c.messageToken !== undefined).length;
    return [...figures, { name: "messages accepted by the fake Viber API", value: sent, unit: "messages" }];
  } finally {
    await fake.close();
    tmp.remove();
  }
}
