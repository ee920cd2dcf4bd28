/**
 * A broadcast drained through the real outbox, Telegram sender and rate limiter, against the
 * fake Bot API holding a hard limit (a sliding second; over it, 429 with retry_after) and
 * injected 429 storms. The figure is the achieved steady rate as a ratio of that limit,
 * with messages lost and sent twice. BENCH_BROADCAST sets how many (default 10,000).
 */
import path from "node:path";
import { sendMessage } from "../src/channels/telegram/render.ts";
import { composeGlas } from "../src/compose.ts";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { type FakeCall, startFakeTelegram, tooManyRequests } from "../test/support/fake-telegram.ts";
import { type Figure, tempDir } from "./support.ts";

const LIMIT = 30;
/** What an operator sets: TELEGRAM_RATE a little under the platform's limit (the default is 25). */
const CONFIGURED_RATE = 29.5;
/** Every STORM_EVERY_MS the fake answers 429 to everything for STORM_MS (as Telegram does under load). */
const STORM_EVERY_MS = 60_000;
const STORM_MS = 1_000;

export async function benchBroadcast(): Promise<Figure[]> {
  const count = Number(process.env.BENCH_BROADCAST ?? 10_000);
  const fake = await startFakeTelegram({ rateLimit: { perSecond: LIMIT } });
  const tmp = tempDir("glas-bench-broadcast-");
  const url = `file:${path.join(tmp.dir, "glas.db")}`;
  try {
    await migrate(url);
    const store = createPrismaStore(openDatabase(url));
    const chats = Array.from({ length: count }, (_, i) => 700_000_000 + i);
    for (let i = 0; i < chats.length; i += 500) {
      await store.outbox.enqueue(
        chats.slice(i, i + 500).map((chat) => ({
          channel: "telegram",
          recipient: String(chat),
          respondentId: null,
          payload: sendMessage({ text: `Consultare #${chat}`, buttons: [] }),
          priority: 1,
          dedupeKey: `consult:bench:${chat}`,
        })),
      );
    }

    const started = Date.now();
    const inStorm = (at: number) => at - started > 5_000 && (at - started) % STORM_EVERY_MS < STORM_MS;
    let storms = 0;
    fake.script(
      "sendMessage",
      Array.from({ length: count * 3 }, () => (call: FakeCall) => {
        if (!inStorm(call.at)) return undefined;
        storms++;
        return tooManyRequests(1);
      }),
    );

    const config = loadConfig({
      DATABASE_URL: url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_RATE: String(CONFIGURED_RATE),
    });
    const { drainer } = composeGlas({ config, store, log: silentLogger, attachments: null });
    const stop = new AbortController();
    const draining = drainer.run(stop.signal, 20);
    const progress = setInterval(() => {
      const sent = accepted().length;
      if (process.stderr.isTTY)
        process.stderr.write(`\r  broadcast: ${sent.toLocaleString("en")} of ${count.toLocaleString("en")} accepted`);
    }, 1000);
    const accepted = () => fake.callsTo("sendMessage").filter((c) => c.response && "ok" in c.response && c.response.ok);
    while (accepted().length < count && Date.now() - started < count * 1000) await new Promise((r) => setTimeout(r, 200));
    clearInterval(progress);
    process.stderr.write("\n");
    stop.abort();
    await draining;
    await store.close();

    const calls = accepted();
    const perChat = new Map<string, number>();
    for (const c of calls) perChat.set(String(c.chatId), (perChat.get(String(c.chatId)) ?? 0) + 1);
    const lost = chats.filter((chat) => !perChat.has(String(chat))).length;
    const duplicates = [...perChat.values()].reduce((sum, n) => sum + n - 1, 0);
    const first = calls[0]?.at ?? started;
    const last = calls[calls.length - 1]?.at ?? started;
    const steady = (calls.length - 1) / ((last - first) / 1000);
    const refused = fake.callsTo("sendMessage").length - calls.length;
    return [
      { name: "fake Bot API limit", value: LIMIT, unit: "messages/s", note: "baseline" },
      { name: "messages broadcast", value: count, unit: "messages", note: `TELEGRAM_RATE=${CONFIGURED_RATE}` },
      { name: "achieved steady rate", value: steady, unit: "messages/s" },
      { name: "ratio achieved / limit", value: steady / LIMIT, unit: "", note: "goal ≥ 0.95" },
      { name: "lost", value: lost, unit: "messages", note: "goal 0" },
      { name: "sent twice", value: duplicates, unit: "messages", note: "goal 0" },
      { name: "429 answers (storms + over the limit)", value: refused, unit: "answers", note: `${storms} in storms` },
    ];
  } finally {
    await fake.close();
    tmp.remove();
  }
}
