import type { Update } from "grammy/types";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { type Channels, createChannelDrainer, createChannels, createRenderers } from "../../src/channels/wiring.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import { createAdminApi } from "../../src/http/api/index.ts";
import { createApp } from "../../src/http/app.ts";
import type { Drainer } from "../../src/outbox/drain.ts";
import type { StaffOptions } from "../../src/usecases/staff/index.ts";
import { createConsultationJob } from "../../src/usecases/staff/job.ts";
import { freshDatabase, respondDeps, type TestDatabase, t, withDefaults } from "./db.ts";
import { type FakeTelegram, startFakeTelegram } from "./fake-telegram.ts";
import { type FakeViber, sign, startFakeViber } from "./fake-viber.ts";
import { captureLog, SECRET } from "./telegram.ts";
import { BOT_NAME, SIGNATURE_HEADER } from "./viber.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

/**
 * Telegram and Viber at once, wired as node.ts wires them (createChannels, createChannelDrainer,
 * the consultation job, createApp), each against its fake API on loopback. `env` adds or
 * overrides configuration (rates, VIBER_BROADCAST...); `now` stamps inbound events.
 */
export async function messengersHarness(options: {
  now: () => Date;
  env?: Record<string, string>;
  staff?: StaffOptions;
  leaseMs?: number;
}) {
  const db: TestDatabase = freshDatabase();
  await withDefaults(db);
  const telegram: FakeTelegram = await startFakeTelegram();
  const viber: FakeViber = await startFakeViber();
  const log = captureLog();
  const config: Config = loadConfig({
    DATABASE_URL: db.url,
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    VIBER_AUTH_TOKEN: viber.token,
    VIBER_BOT_NAME: BOT_NAME,
    VIBER_API_ROOT: viber.url,
    ...options.env,
  });
  const respond = { ...respondDeps(db.store), log, ...(options.staff ? { staff: options.staff } : {}) };
  const channels: Channels = createChannels({ config, store: db.store, respond, t, log, wake: () => {}, now: options.now });
  const drainer: Drainer = createChannelDrainer({
    store: db.store,
    channels,
    log,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
  });
  const job = createConsultationJob({ store: db.store, renderers: createRenderers(t), log, defaultLocale: "ro" });
  const api = createAdminApi({
    token: ADMIN_TOKEN,
    store: db.store,
    log,
    defaultLocale: "ro",
    timezone: "Europe/Chisinau",
    wake: () => {},
    now: options.now,
  });
  const app = createApp({ log, pingDatabase: () => db.store.ping(), channels: channels.status, routes: channels.routes, api });

  async function drain(): Promise<void> {
    for (let i = 0; i < 100; i++) if ((await drainer.drainOnce()) === 0) return;
  }

  async function postTelegram(update: unknown): Promise<Response> {
    return await app.request("/telegram/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", [SECRET_HEADER]: SECRET },
      body: JSON.stringify(update),
    });
  }

  async function postViber(body: string, headers: Record<string, string> = {}): Promise<Response> {
    return await app.request("/viber/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", [SIGNATURE_HEADER]: sign(viber.token, body), ...headers },
      body,
    });
  }

  return {
    db,
    log,
    config,
    channels,
    drainer,
    job,
    app,
    drain,
    /** What telegramUser needs. */
    telegram: {
      fake: telegram,
      async deliver(update: Update | unknown): Promise<Response> {
        const response = await postTelegram(update);
        await drain();
        return response;
      },
    },
    /** What viberUser needs. */
    viber: {
      fake: viber,
      post: postViber,
      drain,
      async deliver(body: string): Promise<Response> {
        const response = await postViber(body);
        await drain();
        return response;
      },
    },
    /** A call to the admin API, with the token. */
    async api(method: string, path: string, body?: unknown): Promise<Response> {
      return await app.request(`/api${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    },
    /** Runs the consultation job once, then sends what it queued. */
    async runJob(at: Date): Promise<void> {
      await job.tick(at);
      await drain();
    },
    count(table: string, where = "1=1", ...params: unknown[]): number {
      return (db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;
    },
    async close(): Promise<void> {
      await telegram.close();
      await viber.close();
      await db.close();
    },
  };
}

export type MessengersHarness = Awaited<ReturnType<typeof messengersHarness>>;
