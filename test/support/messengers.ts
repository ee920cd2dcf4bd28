import type { Update } from "grammy/types";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { composeGlas, type Glas } from "../../src/compose.ts";
import { type Config, loadConfig } from "../../src/config.ts";
import type { StaffOptions } from "../../src/usecases/staff/index.ts";
import { freshDatabase, type TestDatabase, withDefaults } from "./db.ts";
import { type FakeTelegram, startFakeTelegram } from "./fake-telegram.ts";
import { type FakeViber, sign, startFakeViber } from "./fake-viber.ts";
import { captureLog, SECRET } from "./telegram.ts";
import { BOT_NAME, SIGNATURE_HEADER } from "./viber.ts";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

/** The environment that points Glas at both fake messengers, webhooks on. */
export function messengersEnv(telegram: FakeTelegram, viber: FakeViber): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    VIBER_AUTH_TOKEN: viber.token,
    VIBER_BOT_NAME: BOT_NAME,
    VIBER_API_ROOT: viber.url,
  };
}

/**
 * Telegram and Viber at once, composed as Node and Workers compose them (composeGlas: the
 * channels, the one inbound use case, the drainer, the consultation job, the app), each against
 * its fake API on loopback. `env` adds or overrides configuration (rates, VIBER_BROADCAST...);
 * `now` stamps inbound events and is the admin API's clock.
 */
export async function messengersHarness(options: {
  now: () => Date;
  env?: Record<string, string>;
  staff?: StaffOptions;
  leaseMs?: number;
  /** Told whenever something is queued (what Workers drains after). */
  onWake?: () => void;
}) {
  const db: TestDatabase = freshDatabase();
  await withDefaults(db);
  const telegram: FakeTelegram = await startFakeTelegram();
  const viber: FakeViber = await startFakeViber();
  const log = captureLog();
  const config: Config = loadConfig({
    DATABASE_URL: db.url,
    ...messengersEnv(telegram, viber),
    ADMIN_TOKEN,
    ...(options.staff ? { TIMEZONE: options.staff.timezone, MIN_CELL: String(options.staff.minCell) } : {}),
    ...options.env,
  });
  const glas: Glas = composeGlas({
    config,
    store: db.store,
    log,
    attachments: null,
    now: options.now,
    ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
    ...(options.onWake ? { onWake: options.onWake } : {}),
  });
  const { channels, drainer, app } = glas;
  const job = glas.consultations;

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
