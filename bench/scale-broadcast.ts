/**
 * A broadcast to many recipients (100,000 by default) through the real outbox, drainer, rate
 * limiter and Telegram sender at a high configured rate, against the fake Bot API. Measures the
 * achieved rate against the configured one, and what each claim of the outbox costs at the
 * start of the run (everything pending) and at its end (the settled rows piled up).
 */
import path from "node:path";
import { createNodeFetch } from "../src/channels/http.node.ts";
import { sendMessage } from "../src/channels/telegram/render.ts";
import { composeGlas } from "../src/compose.ts";
import { loadConfig } from "../src/config.ts";
import { silentLogger } from "../src/log.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { startFakeTelegramThread } from "./fake-telegram-thread.ts";
import { tempDir } from "./support.ts";

export type BroadcastScale = {
  recipients: number;
  configuredRate: number;
  achievedRate: number;
  lost: number;
  duplicates: number;
  /** Median time of a claim (that took messages) in the first and the last tenth of the run's claims. */
  claimStartMs: number;
  claimEndMs: number;
  claims: number;
};

const ENQUEUE_ROWS = 500;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function broadcastScale(recipients: number, configuredRate: number): Promise<BroadcastScale> {
  const fake = await startFakeTelegramThread();
  const tmp = tempDir("glas-bench-scale-broadcast-");
  const url = `file:${path.join(tmp.dir, "glas.db")}`;
  try {
    await migrate(url);
    const store = createPrismaStore(openDatabase(url));
    const chats = Array.from({ length: recipients }, (_, i) => 700_000_000 + i);
    for (let i = 0; i < chats.length; i += ENQUEUE_ROWS) {
      await store.outbox.enqueue(
        chats.slice(i, i + ENQUEUE_ROWS).map((chat) => ({
          channel: "telegram",
          recipient: String(chat),
          respondentId: null,
          payload: sendMessage({ text: `Consultare #${chat}`, buttons: [] }),
          priority: 1,
          dedupeKey: `consult:bench-scale:${chat}`,
        })),
      );
    }

    // The drainer's own claims, timed where they are made.
    const claimTimes: number[] = [];
    const outbox = store.outbox;
    const timedStore = {
      ...store,
      outbox: {
        ...outbox,
        claim: async (...args: Parameters<typeof outbox.claim>) => {
          const started = performance.now();
          const rows = await outbox.claim(...args);
          if (rows.length > 0) claimTimes.push(performance.now() - started);
          return rows;
        },
      },
    };
    const config = loadConfig({
      DATABASE_URL: url,
      TELEGRAM_BOT_TOKEN: fake.token,
      TELEGRAM_API_ROOT: fake.url,
      TELEGRAM_RATE: String(configuredRate),
    });
    // The HTTP client `glas serve` gives the messengers.
    const { drainer } = composeGlas({
      config,
      store: timedStore,
      log: silentLogger,
      attachments: null,
      fetch: createNodeFetch(),
    });
    const started = Date.now();
    const stop = new AbortController();
    const draining = drainer.run(stop.signal, 20);
    let sent = 0;
    while (sent < recipients && Date.now() - started < (recipients / configuredRate) * 3000 + 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      sent = await fake.acceptedCount();
      if (process.stderr.isTTY)
        process.stderr.write(`\r  broadcast: ${sent.toLocaleString("en")} of ${recipients.toLocaleString("en")} accepted`);
    }
    if (process.stderr.isTTY) process.stderr.write("\n");
    stop.abort();
    await draining;
    await store.close();

    const calls = await fake.accepted();
    const perChat = new Map<string, number>();
    for (const c of calls) perChat.set(String(c.chatId), (perChat.get(String(c.chatId)) ?? 0) + 1);
    // The steady rate: between the 10th and the 90th percentile of the sends, past the start
    // (the compiler warming up) and the tail.
    const from = Math.floor(calls.length / 10);
    const to = Math.max(from + 1, Math.floor((calls.length * 9) / 10));
    const first = calls[from]?.at ?? started;
    const last = calls[to]?.at ?? started;
    const tenth = Math.max(1, Math.floor(claimTimes.length / 10));
    return {
      recipients,
      configuredRate,
      achievedRate: (to - from) / ((last - first) / 1000),
      lost: chats.filter((chat) => !perChat.has(String(chat))).length,
      duplicates: [...perChat.values()].reduce((sum, n) => sum + n - 1, 0),
      claimStartMs: median(claimTimes.slice(0, tenth)),
      claimEndMs: median(claimTimes.slice(-tenth)),
      claims: claimTimes.length,
    };
  } finally {
    await fake.close();
    tmp.remove();
  }
}
