import { Bot, webhookCallback } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { Hono } from "hono";
import { createTelegramChannel } from "../src/channels/telegram/index.ts";
import { SECRET_HEADER } from "../src/channels/telegram/routes.ts";
import { createApp } from "../src/http/app.ts";
import { createTranslate } from "../src/i18n/index.ts";
import { silentLogger } from "../src/log.ts";
import { createDrainer } from "../src/outbox/drain.ts";
import { createReceive } from "../src/usecases/receive.ts";
import { startFakeTelegram } from "../test/support/fake-telegram.ts";
import type { Figure } from "./support.ts";
import { tempDir } from "./support.ts";
import { ANSWERS_PER_PERSON, listen, load, measureWebhook, peopleFor, startedPeople } from "./webhook.ts";

const SECRET = "bench-secret";
const headers = () => ({ [SECRET_HEADER]: SECRET });

/** A button press (callback query) from `fromId`, update id derived from `i`. */
export const callbackUpdate = (i: number, fromId: number, data: string) =>
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
    const echoServer = await listen(new Hono().post("/hook", webhookCallback(echo, "hono", { secretToken: SECRET })).fetch);
    const baseline = await load(`${echoServer.url}/hook`, headers, { durationS, body: echoUpdate });
    await echoServer.close();

    // Glas: the real route, engine, store and outbox (drained beside it, as on Node).
    const people = peopleFor(baseline.requests.average, durationS);
    const { store, deps, file } = await startedPeople(tmp.dir, "telegram", (p) => String(10_000 + p), people);
    const channel = createTelegramChannel({
      token: fake.token,
      apiRoot: fake.url,
      secret: SECRET,
      receive: createReceive({ store, respond: deps, log: silentLogger, wake: () => drainer.wake() }),
      files: store.files,
      t: createTranslate("ro"),
      log: silentLogger,
      me: fake.botInfo as UserFromGetMe,
    });
    const drainer = createDrainer({
      outbox: store.outbox,
      senders: { telegram: channel.sender },
      limits: { telegram: { perSecond: 10_000, perRecipientMs: 0 } },
      log: silentLogger,
      now: () => new Date(),
    });
    const app = createApp({
      log: silentLogger,
      pingDatabase: () => store.ping(),
      channels: { telegram: "on", viber: "off" },
      routes: [channel.routes],
    });
    const figures = await measureWebhook({
      app,
      route: "/telegram/webhook",
      headers,
      press: (i) => {
        const question = i % ANSWERS_PER_PERSON;
        return callbackUpdate(i, 10_000 + Math.floor(i / ANSWERS_PER_PERSON), `q${question}:${question === 0 ? 0 : 1}`);
      },
      file,
      drainer,
      durationS,
      echo: { name: "echo bot (grammY + Hono) updates/s", rate: baseline.requests.average, unit: "updates" },
    });
    await store.close();
    return figures;
  } finally {
    await fake.close();
    tmp.remove();
  }
}
