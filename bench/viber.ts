import { createHmac } from "node:crypto";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Hono } from "hono";
import { createSignatureVerifier, SIGNATURE_HEADER } from "../src/channels/viber/signature.ts";
import { createChannels } from "../src/channels/wiring.ts";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import { loadConfig } from "../src/config.ts";
import { createApp } from "../src/http/app.ts";
import { createTranslate } from "../src/i18n/index.ts";
import { silentLogger } from "../src/log.ts";
import { createDrainer } from "../src/outbox/drain.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { respond } from "../src/usecases/respond.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";
import { startFakeViber } from "../test/support/fake-viber.ts";
import type { Figure } from "./support.ts";
import { tempDir } from "./support.ts";

/** The first six questions of the default survey answer with their first button. */
const ANSWERS_PER_PERSON = 6;

type Listening = { url: string; close(): Promise<void> };

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

/** Posts signed callbacks, each body made (and signed, as Viber does) per request. */
function load(url: string, token: string, options: { durationS: number; rate?: number; body: (i: number) => string }) {
  let i = 0;
  return autocannon({
    url,
    method: "POST",
    connections: 10,
    duration: options.durationS,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const body = options.body(i++);
          const signature = createHmac("sha256", token).update(body).digest("hex");
          return { ...req, body, headers: { ...req.headers, "content-type": "application/json", [SIGNATURE_HEADER]: signature } };
        },
      },
    ],
  });
}

/** A message callback as Viber sends it, its 64-bit token written as a bare number. */
const callback = (i: number, userId: string, text: string) =>
  `{"event":"message","timestamp":1767261605000,"chat_hostname":"SN-CHAT-05_","message_token":${7_000_000_000_000_000_000n + BigInt(i)},"sender":{"id":"${userId}","name":"B","language":"ro","country":"MD","api_version":10},"message":{"type":"text","text":"${text}"},"silent":false}`;

const userId = (person: number) => `YmVuY2g${String(person).padStart(8, "0")}=`;

export async function benchViber(ms: number): Promise<Figure[]> {
  const durationS = Math.max(2, Math.round(ms / 1000));
  const fake = await startFakeViber();
  const tmp = tempDir("glas-bench-vb-");
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
    const baseline = await load(`${echoServer.url}/hook`, fake.token, {
      durationS,
      body: (i) => callback(i, userId(i % 100), "hello"),
    });
    await echoServer.close();

    // Glas: the real channels, route, engine, store and outbox (drained beside it, as on Node).
    const url = `file:${path.join(tmp.dir, "glas.db")}`;
    await migrate(url);
    const store = createPrismaStore(openDatabase(url));
    await ensureDefaults(store, shippedSurveys());
    const deps = { store, log: silentLogger, defaultLocale: "ro" as const, defaultSurvey: DEFAULT_SURVEY };
    const people = Math.ceil((baseline.requests.average * durationS * 2) / ANSWERS_PER_PERSON) + 50;
    for (let p = 0; p < people; p++) {
      const base = { channel: "viber", platformId: userId(p), suggestedLocale: "ro" as const, type: "event" as const };
      await respond(deps, { ...base, event: { id: `s${p}`, at: new Date().toISOString(), type: "start" } });
      await respond(deps, { ...base, event: { id: `c${p}`, at: new Date().toISOString(), type: "press", data: "consent:yes" } });
    }
    const config = loadConfig({ VIBER_AUTH_TOKEN: fake.token, VIBER_BOT_NAME: "Glas", VIBER_API_ROOT: fake.url });
    const channels = createChannels({
      config,
      store,
      respond: deps,
      t: createTranslate("ro"),
      log: silentLogger,
      wake: () => drainer.wake(),
    });
    const drainer = createDrainer({
      outbox: store.outbox,
      senders: channels.senders,
      limits: { viber: { perSecond: 10_000, perRecipientMs: 0 } },
      log: silentLogger,
      now: () => new Date(),
    });
    const stop = new AbortController();
    const draining = drainer.run(stop.signal, 20);
    const app = createApp({
      log: silentLogger,
      pingDatabase: () => store.ping(),
      channels: channels.status,
      routes: channels.routes,
    });
    const glasServer = await listen(app.fetch);
    function press(i: number) {
      const person = Math.floor(i / ANSWERS_PER_PERSON);
      const question = i % ANSWERS_PER_PERSON;
      return callback(i, userId(person), `btn:q${question}:${question === 0 ? 0 : 1}`);
    }
    const file = path.join(tmp.dir, "glas.db");
    const measure = async (offset: number) => {
      const before = countAnswers(file);
      const started = performance.now();
      const result = await load(`${glasServer.url}/viber/webhook`, fake.token, { durationS, body: (i) => press(offset + i) });
      return {
        answersPerSecond: (countAnswers(file) - before) / ((performance.now() - started) / 1000),
        total: result.requests.total,
      };
    };
    // With the replies sent beside it, as in production...
    const withSending = await measure(0);
    let offset = withSending.total;
    // ...and the webhook alone, the outbox drained afterwards (what the request itself costs).
    stop.abort();
    await draining;
    const webhookOnly = await measure(offset);
    offset += webhookOnly.total;
    while ((await drainer.drainOnce()) > 0) {}
    const stop2 = new AbortController();
    const draining2 = drainer.run(stop2.signal, 20);
    const steady = await load(`${glasServer.url}/viber/webhook`, fake.token, {
      durationS,
      rate: 200,
      body: (i) => press(offset + i),
    });
    stop2.abort();
    await draining2;
    await glasServer.close();
    await store.close();
    const sent = fake.callsTo("send_message").filter((c) => c.messageToken !== undefined).length;
    const echoRate = baseline.requests.average;
    return [
      { name: "echo bot (Hono, signature checked) callbacks/s", value: echoRate, unit: "callbacks/s", note: "baseline" },
      { name: "Glas answers/s via webhook, replies sent", value: withSending.answersPerSecond, unit: "answers/s" },
      { name: "ratio Glas / echo", value: withSending.answersPerSecond / echoRate, unit: "", note: "goal ≥ 0.6" },
      {
        name: "Glas answers/s via webhook alone",
        value: webhookOnly.answersPerSecond,
        unit: "answers/s",
        note: "outbox drained after",
      },
      { name: "ratio webhook alone / echo", value: webhookOnly.answersPerSecond / echoRate, unit: "" },
      { name: "latency p50 at 200 callbacks/s", value: steady.latency.p50, unit: "ms" },
      { name: "latency p99 at 200 callbacks/s", value: steady.latency.p99, unit: "ms", note: "goal < 25 ms" },
      { name: "non-2xx at 200 callbacks/s", value: steady.non2xx, unit: "responses" },
      { name: "messages accepted by the fake Viber API", value: sent, unit: "messages" },
    ];
  } finally {
    await fake.close();
    tmp.remove();
  }
}

function countAnswers(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "Answer"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
