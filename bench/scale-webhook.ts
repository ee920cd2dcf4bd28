/**
 * Webhook latency on a database of a given size: people take the default survey through the
 * real Telegram webhook (the whole Glas composed as on Node, the outbox drained beside it
 * against the fake Bot API), at a fixed offered rate, each tap a second after their last, and
 * one in eleven taps completing a survey (so the response and its answers are written into
 * the large tables). Runs on a copy of the database, so the cached file stays as seeded.
 */
import { copyFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { SECRET_HEADER } from "../src/channels/telegram/routes.ts";
import { composeGlas } from "../src/compose.ts";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { respond } from "../src/usecases/respond.ts";
import { startFakeTelegram } from "../test/support/fake-telegram.ts";
import { tempDir } from "./support.ts";
import { callbackUpdate } from "./telegram.ts";
import { listen, load } from "./webhook.ts";

const SECRET = "bench-scale-secret";
/** A whole survey by buttons: 11 taps (complaints known, so its follow-up is not shown; the optional ones skipped). */
export const SURVEY_TAPS = ["q0:0", "q1:4", "q2:4", "q3:5", "q4:3", "q5:y", "q6:y", "q8:4", "q9:9", "q10:skip", "q11:skip"];
const FIRST_PLATFORM_ID = 900_000_000;

export type WebhookLatency = { p50: number; p99: number; requests: number; non2xx: number; completed: number };

/**
 * Request `i` at `rate` a second: `rate` people tap in turn (one each per second); person slot
 * s is offset by s mod 11 taps, so completions are spread evenly over the run.
 */
function tapOf(i: number, slots: number): { person: number; step: number } {
  const round = Math.floor(i / slots);
  const slot = i % slots;
  const t = round + (slot % SURVEY_TAPS.length);
  return { person: FIRST_PLATFORM_ID + slot + slots * Math.floor(t / SURVEY_TAPS.length), step: t % SURVEY_TAPS.length };
}

export async function webhookLatency(seeded: string, options: { rate: number; durationS: number }): Promise<WebhookLatency> {
  const { rate, durationS } = options;
  const tmp = tempDir("glas-bench-scale-webhook-");
  const fake = await startFakeTelegram();
  try {
    const file = path.join(tmp.dir, "glas.db");
    copyFileSync(seeded, file);
    const url = `file:${file}`;
    const store = createPrismaStore(openDatabase(url));
    const config = loadConfig({
      DATABASE_URL: url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_WEBHOOK_SECRET: SECRET,
      TELEGRAM_RATE: "1000",
    });
    const glas = composeGlas({ config, store, log: silentLogger, attachments: null });

    // Everyone who taps during the run has started and consented, and answered what comes before their first tap.
    const taps = Math.ceil(rate * durationS * 1.2);
    const firstStep = new Map<number, number>();
    for (let i = 0; i < taps; i++) {
      const { person, step } = tapOf(i, rate);
      if (!firstStep.has(person)) firstStep.set(person, step);
    }
    const at = () => new Date().toISOString();
    let n = 0;
    for (const [person, step] of firstStep) {
      const base = { channel: "telegram", platformId: String(person), suggestedLocale: "ro" as const, type: "event" as const };
      await respond(glas.respond, { ...base, event: { id: `s${person}`, at: at(), type: "start" } });
      await respond(glas.respond, { ...base, event: { id: `c${person}`, at: at(), type: "press", data: "consent:yes" } });
      for (const data of SURVEY_TAPS.slice(0, step))
        await respond(glas.respond, { ...base, event: { id: `p${n++}`, at: at(), type: "press", data } });
    }
    const before = countResponses(file);

    const server = await listen(glas.app.fetch);
    const stop = new AbortController();
    const draining = glas.drainer.run(stop.signal, 20);
    try {
      const result = await load(`${server.url}/telegram/webhook`, () => ({ [SECRET_HEADER]: SECRET }), {
        durationS,
        rate,
        body: (i) => {
          const { person, step } = tapOf(i, rate);
          return callbackUpdate(i, person, SURVEY_TAPS[step] as string);
        },
      });
      return {
        p50: result.latency.p50,
        p99: result.latency.p99,
        requests: result.requests.total,
        non2xx: result.non2xx,
        completed: countResponses(file) - before,
      };
    } finally {
      stop.abort();
      await draining;
      await server.close();
      await store.close();
    }
  } finally {
    await fake.close();
    tmp.remove();
  }
}

function countResponses(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM "Response"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}
