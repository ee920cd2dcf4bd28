/**
 * The fake Bot API on a thread of its own, for the broadcast at a high rate: as in production,
 * the platform's side of every call is not paid for by the process that sends. The thread
 * answers two messages: its address on start, and the accepted sends when asked.
 */

import { isMainThread, parentPort, Worker } from "node:worker_threads";
import { startFakeTelegram } from "../test/support/fake-telegram.ts";

export type AcceptedSend = { chatId: string; at: number };
export type FakeTelegramThread = {
  url: string;
  token: string;
  /** The sendMessage calls answered ok, in arrival order. */
  accepted(): Promise<AcceptedSend[]>;
  /** How many there are so far (cheap to ask often). */
  acceptedCount(): Promise<number>;
  close(): Promise<void>;
};

const KEEP_ALIVE_MS = 60_000;

type Reply =
  | { type: "ready"; url: string; token: string }
  | { type: "accepted"; sends: AcceptedSend[] }
  | { type: "count"; n: number };

export async function startFakeTelegramThread(): Promise<FakeTelegramThread> {
  // A thread does not take tsx from execArgv before its entry file: register it, then import this file.
  const code = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(code, { eval: true });
  // Answers come in the order asked: each goes to the oldest waiting question.
  const waiting: { resolve(reply: Reply): void; reject(err: unknown): void }[] = [];
  worker.on("message", (reply: Reply) => waiting.shift()?.resolve(reply));
  worker.on("error", (err) => {
    for (const w of waiting.splice(0)) w.reject(err);
  });
  const next = () => new Promise<Reply>((resolve, reject) => waiting.push({ resolve, reject }));
  const ready = await next();
  if (ready.type !== "ready") throw new Error("the fake Bot API thread did not start");
  return {
    url: ready.url,
    token: ready.token,
    async accepted() {
      const answer = next();
      worker.postMessage("accepted");
      const reply = await answer;
      return reply.type === "accepted" ? reply.sends : [];
    },
    async acceptedCount() {
      const answer = next();
      worker.postMessage("count");
      const reply = await answer;
      return reply.type === "count" ? reply.n : 0;
    },
    async close() {
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  // Connections kept open between calls, as Telegram keeps them (see `keepAliveMs`).
  const fake = await startFakeTelegram({ keepAliveMs: KEEP_ALIVE_MS });
  const accepted = () => fake.callsTo("sendMessage").filter((c) => c.response && "ok" in c.response && c.response.ok);
  port.on("message", (asked: "accepted" | "count") => {
    if (asked === "count") port.postMessage({ type: "count", n: accepted().length } satisfies Reply);
    else
      port.postMessage({
        type: "accepted",
        sends: accepted().map((c) => ({ chatId: String(c.chatId), at: c.at })),
      } satisfies Reply);
  });
  port.postMessage({ type: "ready", url: fake.url, token: fake.token } satisfies Reply);
}
