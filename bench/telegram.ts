import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { Bot, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Hono } from "hono";
import { createTelegramChannel } from "../src/channels/telegram/index.ts";
import { SECRET_HEADER } from "../src/channels/telegram/routes.ts";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import { createApp } from "../src/http/app.ts";
import { createTranslate } from "../src/i18n/index.ts";
import { silentLogger } from "../src/log.ts";
import { createDrainer } from "../src/outbox/drain.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { respond } from "../src/usecases/respond.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";
import { startFakeTelegram } from "../test/support/fake-telegram.ts";
import type { Figure } from "./support.ts";
import { tempDir } from "./support.ts";

const SECRET = "bench-secret";
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

function load(url: string, options: { durationS: number; rate?: number; body: (i: number) => string }) {
  let i = 0;
  return autocannon({
    url,
    method: "POST",
    connections: 10,
    duration: options.durationS,
    ...(options.rate ? { overallRate: options.rate } : {}),
    headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
    requests: [{ setupRequest: (req) => ({ ...req, body: options.body(i++) }) }],
  });
}

const update = (i: number, fromId: number, data: string) =>
  JSON.stringify({
    update_id: 1_000_000 + i,
    callback_query: {
      id: `cb${i}`,
      from: { id: fromId, is_bot: false, first_name: "B", language_code: "ro" },
      chat_instance: "1",
      data,
      message: { message_id: 1, date: 1767261605, chat: { id: fromId, type: "private" }, text: "Q" },
    },
  });

const echoUpdate = (i: number) =>
  JSON.stringify({
    update_id: 1_000_000 + i,
    message: {
      message_id: i,
      date: 1767261605,
      chat: { id: 42, type: "private" },
      from: { id: 42, is_bot: false, first_name: "B" },
      text: "hello",
    },
  });

export async function benchTelegram(ms: number): Promise<Figure[]> {
  const durationS = Math.max(2, Math.round(ms / 1000));
  const fake = await startFakeTelegram();
  const tmp = tempDir("glas-bench-tg-");
  try {
    // Baseline: a bare grammY + Hono bot that echoes every text, in the same process.
    const echo = new Bot(fake.token, { botInfo: fake.botInfo as UserFromGetMe, client: { apiRoot: fake.url } });
    echo.on("message:text", (ctx) => ctx.reply(ctx.message.text));
    const echoApp = new Hono().post("/hook", webhookCallback(echo, "hono", { secretToken: SECRET }));
    const echoServer = await listen(echoApp.fetch);
    const baseline = await load(`${echoServer.url}/hook`, { durationS, body: echoUpdate });
    await echoServer.close();

    // Glas: the real route, engine, store and outbox (drained beside it, as on Node).
    const url = `file:${path.join(tmp.dir, "glas.db")}`;
    await migrate(url);
    const store = createPrismaStore(openDatabase(url));
    await ensureDefaults(store, shippedSurveys());
    const deps = { store, log: silentLogger, defaultLocale: "ro" as const, defaultSurvey: DEFAULT_SURVEY };
    const people = Math.ceil((baseline.requests.average * durationS * 2) / ANSWERS_PER_PERSON) + 50;
    for (let p = 0; p < people; p++) {
      const base = {
        channel: "telegram",
        platformId: String(10_000 + p),
        suggestedLocale: "ro" as const,
        type: "event" as const,
      };
      await respond(deps, { ...base, event: { id: `s${p}`, at: new Date().toISOString(), type: "start" } });
      await respond(deps, { ...base, event: { id: `c${p}`, at: new Date().toISOString(), type: "press", data: "consent:yes" } });
    }
    const channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      secret: SECRET,
      store,
      respond: deps,
      t: createTranslate("ro"),
      log: silentLogger,
      wake: () => drainer.wake(),
      me: fake.botInfo as UserFromGetMe,
    });
    const drainer = createDrainer({
      outbox: store.outbox,
      senders: { telegram: channel.sender },
      limits: { telegram: { perSecond: 10_000, perRecipientMs: 0 } },
      log: silentLogger,
      now: () => new Date(),
    });
    const stop = new AbortController();
    const draining = drainer.run(stop.signal, 20);
    const app = createApp({
      log: silentLogger,
      pingDatabase: () => store.ping(),
      channels: { telegram: "on", viber: "off" },
      routes: [channel.routes],
    });
    const glasServer = await listen(app.fetch);
    function press(i: number) {
      const person = Math.floor(i / ANSWERS_PER_PERSON);
      const question = i % ANSWERS_PER_PERSON;
      return update(i, 10_000 + person, `q${question}:${question === 0 ? 0 : 1}`);
    }
    const file = path.join(tmp.dir, "glas.db");
    const measure = async (offset: number) => {
      const before = countAnswers(file);
      const started = performance.now();
      const result = await load(`${glasServer.url}/telegram/webhook`, { durationS, body: (i) => press(offset + i) });
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
    const steady = await load(`${glasServer.url}/telegram/webhook`, { durationS, rate: 200, body: (i) => press(offset + i) });
    offset += steady.requests.total;
    stop2.abort();
    await draining2;
    await glasServer.close();
    await store.close();
    const echoRate = baseline.requests.average;
    return [
      { name: "echo bot (grammY + Hono) updates/s", value: echoRate, unit: "updates/s", note: "baseline" },
      { name: "Glas answers/s via webhook, replies sent", value: withSending.answersPerSecond, unit: "answers/s" },
      { name: "ratio Glas / echo", value: withSending.answersPerSecond / echoRate, unit: "", note: "goal ≥ 0.6" },
      {
        name: "Glas answers/s via webhook alone",
        value: webhookOnly.answersPerSecond,
        unit: "answers/s",
        note: "outbox drained after",
      },
      { name: "ratio webhook alone / echo", value: webhookOnly.answersPerSecond / echoRate, unit: "" },
      { name: "latency p50 at 200 updates/s", value: steady.latency.p50, unit: "ms" },
      { name: "latency p99 at 200 updates/s", value: steady.latency.p99, unit: "ms", note: "goal < 25 ms" },
      { name: "non-2xx at 200 updates/s", value: steady.non2xx, unit: "responses" },
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
