import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SendError } from "../../src/channels/send-error.ts";
import type { ChannelName, ChannelSender } from "../../src/channels/types.ts";
import type { LogFields, Logger } from "../../src/log.ts";
import { backoffMs, createDrainer, type DrainerOptions, inFlightFor } from "../../src/outbox/drain.ts";
import { createMemoryGate, type SendGate } from "../../src/outbox/gate.ts";
import type { NewOutboxMessage, OutboxMessage } from "../../src/store/ports.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

let db: TestDatabase;
beforeAll(() => {
  db = freshDatabase();
});
afterAll(() => db.close());
beforeEach(() => {
  db.sql.exec(`DELETE FROM "Outbox"`);
});

const T0 = Date.parse("2026-11-24T08:00:00.000Z");
const SECRET_TEXT = "Mi-e greu să plătesc chiria";
const TOKEN = "123456:AAFakeTokenNeverLogged";

type Clock = { ms: number; now: () => Date; sleep: (ms: number) => Promise<void>; slept: number[] };

function fakeClock(): Clock {
  const clock: Clock = {
    ms: T0,
    now: () => new Date(clock.ms),
    slept: [],
    async sleep(ms) {
      clock.slept.push(ms);
      clock.ms += ms;
    },
  };
  return clock;
}

type Outcome = "ok" | Error | ((clock: Clock) => "ok" | Error);
type Call = { recipient: string; text: string; at: number };

/** A channel whose answers follow a script, call by call; "ok" once the script runs out. */
function fakeSender(channel: ChannelName, clock: Clock, script: Outcome[] = []): ChannelSender & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    channel,
    calls,
    async send(recipient, payload) {
      calls.push({ recipient, text: (payload as { text: string }).text, at: clock.ms });
      const step = script.shift() ?? "ok";
      const outcome = typeof step === "function" ? step(clock) : step;
      if (outcome instanceof Error) throw outcome;
      return { externalId: `ext-${calls.length}` };
    },
  };
}

type LogLine = { level: string; fields: LogFields; msg: string };

function captureLog(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (fields: LogFields, msg: string) => lines.push({ level, fields, msg });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

let keys = 0;
function message(recipient: string, text: string, patch: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    channel: "telegram",
    recipient,
    respondentId: null,
    payload: { text },
    priority: 0,
    dedupeKey: `drain:${++keys}`,
    notBefore: new Date(T0),
    ...patch,
  };
}

type Row = { id: string; recipient: string; status: string; attempts: number; notBefore: string; lastError: string | null };
const rows = () => db.sql.prepare(`SELECT * FROM "Outbox" ORDER BY "id"`).all() as (Row & { externalId: string | null })[];
const only = () => {
  const [row, ...rest] = rows();
  if (!row || rest.length > 0) throw new Error("expected exactly one outbox row");
  return row;
};
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

function setup(clock: Clock, options: Partial<DrainerOptions> = {}) {
  const log = captureLog();
  const drainer = createDrainer({
    outbox: db.store.outbox,
    senders: {},
    limits: {},
    log,
    now: clock.now,
    sleep: clock.sleep,
    concurrency: 1,
    ...options,
  });
  return { drainer, log };
}

/** Drains until nothing is left to send, moving the clock to each rescheduled message's time. */
async function drainAll(drainer: { drainOnce(): Promise<number> }, clock: Clock): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if ((await drainer.drainOnce()) > 0) continue;
    const next = db.sql.prepare(`SELECT MIN("notBefore") AS at FROM "Outbox" WHERE "status" = 'pending'`).get() as {
      at: string | null;
    };
    if (next.at === null) return;
    clock.ms = Math.max(clock.ms, Date.parse(next.at));
  }
  throw new Error("outbox did not drain");
}

describe("drainer", () => {
  it("sends what is due and records the platform's id", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock);
    const { drainer } = setup(clock, { senders: { telegram } });
    await db.store.outbox.enqueue([message("100", "first"), message("200", "second")]);
    expect(await drainer.drainOnce()).toBe(2);
    expect(telegram.calls.map((c) => c.text)).toEqual(["first", "second"]);
    expect(rows().map((r) => [r.status, r.externalId])).toEqual([
      ["sent", "ext-1"],
      ["sent", "ext-2"],
    ]);
    expect(await drainer.drainOnce()).toBe(0);
  });

  it.each<{ label: string; error: Error; status: string; notBeforeMs: number | null; lastError: string }>([
    {
      label: "throttled waits as long as the platform asked",
      error: new SendError("throttled", "Too Many Requests", { retryAfterSeconds: 7, code: 429 }),
      status: "pending",
      notBeforeMs: 7000,
      lastError: "throttled 429",
    },
    {
      label: "retry backs off",
      error: new SendError("retry", "Bad Gateway", { code: 502 }),
      status: "pending",
      notBeforeMs: backoffMs(1),
      lastError: "retry 502",
    },
    {
      label: "an unexpected throw is retried like a network failure",
      error: new TypeError(`fetch failed for /bot${TOKEN}/sendMessage`),
      status: "pending",
      notBeforeMs: backoffMs(1),
      lastError: "error TypeError",
    },
    {
      label: "failed is given up at once",
      error: new SendError("failed", "Bad Request: message is too long", { code: 400 }),
      status: "failed",
      notBeforeMs: 0,
      lastError: "failed 400",
    },
    {
      label: "stopped is given up at once",
      error: new SendError("stopped", "Forbidden: bot was blocked by the user", { code: 403 }),
      status: "failed",
      notBeforeMs: 0,
      lastError: "stopped",
    },
  ])("$label", async ({ error, status, notBeforeMs, lastError }) => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [error]);
    const { drainer } = setup(clock, { senders: { telegram } });
    await db.store.outbox.enqueue([message("100", "hello")]);
    expect(await drainer.drainOnce()).toBe(1);
    expect(only()).toMatchObject({ status, attempts: 1, lastError, notBefore: iso(T0 + (notBeforeMs ?? 0)) });
  });

  it("pauses the whole channel after a throttled answer, but not the others", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [new SendError("throttled", "Too Many Requests", { retryAfterSeconds: 3 })]);
    const viber = fakeSender("viber", clock);
    const { drainer } = setup(clock, { senders: { telegram, viber } });
    await db.store.outbox.enqueue([message("1", "a"), message("2", "b"), message("3", "c", { channel: "viber" })]);
    await drainer.drainOnce();
    expect(telegram.calls.map((c) => c.recipient)).toEqual(["1"]);
    expect(viber.calls.map((c) => c.recipient)).toEqual(["3"]);
    expect(rows().map((r) => [r.recipient, r.status, r.notBefore, r.lastError])).toEqual([
      ["1", "pending", iso(T0 + 3000), "throttled"],
      ["2", "pending", iso(T0 + 3000), "channel paused"],
      ["", "sent", expect.any(String), null], // sent: recipient erased
    ]);
    clock.ms = T0 + 3000;
    await drainer.drainOnce();
    expect(telegram.calls.map((c) => c.recipient)).toEqual(["1", "1", "2"]);
  });

  it("backs off on retry, doubling, and gives up after maxAttempts", async () => {
    const clock = fakeClock();
    const retry = () => new SendError("retry", "Service Unavailable", { code: 503 });
    const telegram = fakeSender("telegram", clock, Array.from({ length: 10 }, retry));
    const { drainer } = setup(clock, { senders: { telegram }, maxAttempts: 5 });
    await db.store.outbox.enqueue([message("100", "hello")]);
    await drainAll(drainer, clock);
    const gaps = telegram.calls.slice(1).map((c, i) => c.at - (telegram.calls[i]?.at ?? 0));
    expect(gaps).toEqual([2000, 4000, 8000, 16000]);
    expect(only()).toMatchObject({ status: "failed", attempts: 5, lastError: "retry 503" });
  });

  it("caps the backoff at five minutes", () => {
    expect([1, 2, 3, 8, 9, 20].map(backoffMs)).toEqual([2000, 4000, 8000, 256_000, 300_000, 300_000]);
  });

  it("reports a stopped person while the row still says whom it was for, then settles it as failed", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [
      new SendError("stopped", "Forbidden: bot was blocked by the user", { code: 403 }),
    ]);
    const stopped: { message: OutboxMessage; status: string }[] = [];
    const onStopped = async (message: OutboxMessage) => {
      stopped.push({ message, status: only().status });
    };
    const { drainer } = setup(clock, { senders: { telegram }, onStopped });
    await db.store.outbox.enqueue([message("100", "hello", { respondentId: "resp-1" })]);
    await drainer.drainOnce();
    // Person first: a crash between the two leaves the row to be tried again, never the person unmarked.
    expect(stopped).toEqual([
      { message: expect.objectContaining({ respondentId: "resp-1", recipient: "100" }), status: "sending" },
    ]);
    expect(only().status).toBe("failed");
  });

  it("logs a failing onStopped and carries on", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [new SendError("stopped", "blocked")]);
    const onStopped = async () => {
      throw new Error("database is locked");
    };
    const { drainer, log } = setup(clock, { senders: { telegram }, onStopped });
    await db.store.outbox.enqueue([message("100", "hello"), message("200", "next")]);
    expect(await drainer.drainOnce()).toBe(2);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: "error", msg: "outbox onStopped failed" }));
    expect(telegram.calls.map((c) => c.recipient)).toEqual(["100", "200"]);
  });

  it("reschedules a message whose channel has no sender a minute later", async () => {
    const clock = fakeClock();
    const { drainer } = setup(clock, { senders: { telegram: fakeSender("telegram", clock) } });
    await db.store.outbox.enqueue([message("100", "hello", { channel: "viber" })]);
    expect(await drainer.drainOnce()).toBe(1);
    expect(only()).toMatchObject({ status: "pending", notBefore: iso(T0 + 60_000), lastError: "channel off" });
  });

  it("sends nothing while the rate gate does not answer, and hands the message back unsent", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock);
    const down: SendGate = {
      lookahead: true,
      reserve: () => Promise.reject(new Error("gate unreachable")),
      pause: () => Promise.reject(new Error("gate unreachable")),
    };
    const { drainer, log } = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 25, perRecipientMs: 1000 } },
      gate: down,
    });
    await db.store.outbox.enqueue([message("100", "hello")]);
    expect(await drainer.drainOnce()).toBe(1);
    expect(telegram.calls).toEqual([]);
    expect(only()).toMatchObject({ status: "pending", attempts: 0, notBefore: iso(T0 + 5000), lastError: "rate gate" });
    expect(log.lines.map((l) => l.msg)).toContain("outbox rate gate failed");
  });

  it("tells the rate gate of a throttled answer, so that every drainer of the bot waits it out", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [
      new SendError("throttled", "Too Many Requests", { retryAfterSeconds: 4, code: 429 }),
    ]);
    const shared = createMemoryGate(clock.now);
    const first = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 25, perRecipientMs: 1000 } },
      gate: shared,
    });
    const second = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 25, perRecipientMs: 1000 } },
      gate: shared,
    });
    await db.store.outbox.enqueue([message("1", "one")]);
    await first.drainer.drainOnce();
    await db.store.outbox.enqueue([message("2", "two", { notBefore: new Date(T0) })]);
    expect(await second.drainer.drainOnce()).toBe(1);
    expect(telegram.calls.map((c) => c.recipient)).toEqual(["1"]);
    expect(rows().map((r) => [r.recipient, r.notBefore, r.lastError])).toEqual([
      ["1", iso(T0 + 4000), "throttled 429"],
      ["2", iso(T0 + 4000), "channel paused"],
    ]);
  });

  it("does not count hand-backs of unsent messages as attempts, however long a channel stays off", async () => {
    const clock = fakeClock();
    const { drainer } = setup(clock, { senders: { telegram: fakeSender("telegram", clock) }, maxAttempts: 3 });
    await db.store.outbox.enqueue([message("100", "hello", { channel: "viber" })]);
    for (let minute = 0; minute < 10; minute++) {
      await drainer.drainOnce();
      clock.ms += 61_000;
    }
    expect(only()).toMatchObject({ status: "pending", attempts: 0, lastError: "channel off" });
  });

  it("sends each chat's messages in the order they were queued, each once, even across retries", async () => {
    const clock = fakeClock();
    const script: Outcome[] = ["ok", new SendError("retry", "Bad Gateway", { code: 502 }), "ok", new Error("socket hang up")];
    const telegram = fakeSender("telegram", clock, script);
    const { drainer } = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 25, perRecipientMs: 1000 } },
      concurrency: 4,
    });
    const queued: NewOutboxMessage[] = [];
    for (let i = 1; i <= 6; i++) {
      for (const chat of ["A", "B", "C"]) queued.push(message(chat, `${chat}${i}`, { priority: i % 2 }));
    }
    await db.store.outbox.enqueue(queued);
    await drainAll(drainer, clock);
    const delivered = rows().filter((r) => r.status === "sent");
    expect(delivered).toHaveLength(18);
    for (const chat of ["A", "B", "C"]) {
      const texts = telegram.calls.filter((c) => c.recipient === chat).map((c) => c.text);
      const lastTry = texts.filter((t, i) => texts.indexOf(t, i + 1) === -1); // a retried message is tried again before the next
      expect(lastTry).toEqual([1, 2, 3, 4, 5, 6].map((i) => `${chat}${i}`));
    }
    expect(telegram.calls).toHaveLength(20);
  });

  it.each([
    { rates: [25], inFlight: 5 },
    { rates: [25, 20], inFlight: 5 },
    { rates: [5], inFlight: 4 },
    { rates: [300], inFlight: 60 },
    { rates: [1000, 20], inFlight: 200 },
    { rates: [5000], inFlight: 256 },
  ])("keeps enough sends in flight for the fastest rate at 200 ms a send: $rates a second → $inFlight", ({ rates, inFlight }) => {
    expect(inFlightFor(rates.map((perSecond) => ({ perSecond, perRecipientMs: 1000 })))).toBe(inFlight);
  });

  it("claims as many as a fast rate keeps in flight, and has them all under way when the platform is slow", async () => {
    const clock = fakeClock();
    let inFlight = 0;
    let most = 0;
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const telegram: ChannelSender = {
      channel: "telegram",
      async send() {
        most = Math.max(most, ++inFlight);
        // The platform answers nobody until 200 sends are under way (or 50 ms have passed).
        if (most >= 200) release();
        await Promise.race([released, new Promise((resolve) => setTimeout(resolve, 50))]);
        inFlight--;
        return { externalId: "ext" };
      },
    };
    const { drainer } = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 1000, perRecipientMs: 1000 } },
      concurrency: undefined,
    });
    await db.store.outbox.enqueue(Array.from({ length: 300 }, (_, i) => message(`chat-${i}`, "news", { priority: 1 })));
    expect(await drainer.drainOnce()).toBe(200);
    expect(most).toBe(200);
  });

  it("keeps to the channel's rate while draining a broadcast", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock);
    const { drainer } = setup(clock, {
      senders: { telegram },
      limits: { telegram: { perSecond: 10, perRecipientMs: 1000 } },
      concurrency: 3,
    });
    await db.store.outbox.enqueue(Array.from({ length: 40 }, (_, i) => message(`chat-${i}`, "news", { priority: 1 })));
    await drainAll(drainer, clock);
    const times = telegram.calls.map((c) => c.at).sort((a, b) => a - b);
    expect(times).toHaveLength(40);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(10);
    expect(clock.slept.length).toBeGreaterThan(0);
  });

  it("does not start a send past half the lease, handing the rest of the batch back", async () => {
    const clock = fakeClock();
    const slow: Outcome = (c) => {
      c.ms += 20_000;
      return "ok";
    };
    const telegram = fakeSender("telegram", clock, [slow, slow, slow, slow]);
    const { drainer } = setup(clock, { senders: { telegram }, leaseMs: 60_000 });
    await db.store.outbox.enqueue(["1", "2", "3", "4"].map((chat) => message(chat, "hello")));
    expect(await drainer.drainOnce()).toBe(4);
    expect(telegram.calls.map((c) => c.recipient)).toEqual(["1", "2"]);
    expect(rows().map((r) => [r.status, r.lastError])).toEqual([
      ["sent", null],
      ["sent", null],
      ["pending", "lease short"],
      ["pending", "lease short"],
    ]);
  });

  it("sends a killed drainer's message once its lease expires, and only once", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock);
    const { drainer } = setup(clock, { senders: { telegram }, leaseMs: 60_000 });
    await db.store.outbox.enqueue([message("100", "first"), message("100", "second")]);
    await db.store.outbox.claim(clock.now(), 10, 60_000); // a drainer claims, then dies before sending
    clock.ms = T0 + 59_000;
    expect(await drainer.drainOnce()).toBe(0);
    clock.ms = T0 + 61_000;
    await drainAll(drainer, clock);
    expect(telegram.calls.map((c) => c.text)).toEqual(["first", "second"]);
    expect(rows().map((r) => [r.status, r.attempts])).toEqual([
      ["sent", 2],
      ["sent", 1],
    ]);
  });

  it("never sends a message twice when two drainers work the same outbox", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [new SendError("retry", "x"), "ok", new SendError("throttled", "x")]);
    const a = setup(clock, { senders: { telegram }, concurrency: 3, batchSize: 5 }).drainer;
    const b = setup(clock, { senders: { telegram }, concurrency: 2, batchSize: 4 }).drainer;
    await db.store.outbox.enqueue(Array.from({ length: 30 }, (_, i) => message(`chat-${i % 7}`, `m${i}`)));
    for (let round = 0; round < 100 && rows().some((r) => r.status !== "sent"); round++) {
      await Promise.all([a.drainOnce(), b.drainOnce()]);
      clock.ms += 10_000;
    }
    const texts = telegram.calls.map((c) => c.text);
    expect(rows().every((r) => r.status === "sent")).toBe(true);
    expect(texts).toHaveLength(32); // 30 messages, two tried twice
    expect(new Set(texts).size).toBe(30);
  });

  it("logs ids, kinds and durations, never text, recipients or tokens", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock, [
      "ok",
      new SendError("failed", `Bad Request: can't parse "${SECRET_TEXT}"`, { code: 400 }),
      new SendError("stopped", "blocked"),
      new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`),
      new SendError("throttled", "slow down", { retryAfterSeconds: 1 }),
    ]);
    const { drainer, log } = setup(clock, { senders: { telegram } });
    const chats = ["37360000001", "37360000002", "37360000003", "37360000004", "37360000005"];
    await db.store.outbox.enqueue([
      ...chats.map((chat) => message(chat, SECRET_TEXT)),
      message("37360000006", SECRET_TEXT, { channel: "viber" }),
    ]);
    await drainer.drainOnce();
    const written = JSON.stringify(log.lines);
    expect(log.lines.length).toBeGreaterThanOrEqual(5);
    expect(written).toContain("outboxId");
    for (const secret of [SECRET_TEXT, TOKEN, "can't parse", ...chats, "37360000006"]) expect(written).not.toContain(secret);
    const rowsWritten = JSON.stringify(rows().map((r) => r.lastError));
    expect(rowsWritten).not.toContain(SECRET_TEXT);
    expect(rowsWritten).not.toContain(TOKEN);
  });
});

describe("drainer.run", () => {
  it("drains until aborted, idling between, and wakes at once when told", async () => {
    const clock = fakeClock();
    const telegram = fakeSender("telegram", clock);
    let idles = 0;
    // Idle waits never end by themselves here: only wake() or abort can end one.
    const sleep = (ms: number) => (ms === 250 ? new Promise<void>(() => idles++) : clock.sleep(ms));
    const { drainer } = setup(clock, { senders: { telegram }, sleep });
    const abort = new AbortController();
    const running = drainer.run(abort.signal);
    await vi.waitFor(() => expect(idles).toBe(1));
    await db.store.outbox.enqueue([message("100", "wake up")]);
    drainer.wake();
    await vi.waitFor(() => expect(telegram.calls.map((c) => c.text)).toEqual(["wake up"]));
    await vi.waitFor(() => expect(idles).toBe(2));
    abort.abort();
    await running;
    expect(only().status).toBe("sent");
  });

  it("does not lose a wake that comes while it drains", async () => {
    const clock = fakeClock();
    let drainer: ReturnType<typeof createDrainer> | null = null;
    const enqueueDuringSend: Outcome = () => {
      void db.store.outbox.enqueue([message("200", "queued meanwhile")]).then(() => drainer?.wake());
      return "ok";
    };
    const telegram = fakeSender("telegram", clock, [enqueueDuringSend]);
    let idles = 0;
    const sleep = (ms: number) => (ms === 250 ? new Promise<void>(() => idles++) : clock.sleep(ms));
    drainer = setup(clock, { senders: { telegram }, sleep }).drainer;
    await db.store.outbox.enqueue([message("100", "first")]);
    const abort = new AbortController();
    const running = drainer.run(abort.signal);
    await vi.waitFor(() => expect(telegram.calls.map((c) => c.text)).toEqual(["first", "queued meanwhile"]));
    abort.abort();
    await running;
  });

  it("claims the next batch while the last one goes out, and hands it back unsent when stopped", async () => {
    const clock = fakeClock();
    const abort = new AbortController();
    let claims = 0;
    const outbox = {
      ...db.store.outbox,
      claim: (...args: Parameters<typeof db.store.outbox.claim>) => {
        claims++;
        return db.store.outbox.claim(...args);
      },
    };
    const seen: number[] = [];
    const telegram = fakeSender("telegram", clock, [
      "ok",
      () => {
        seen.push(claims);
        abort.abort();
        return "ok";
      },
    ]);
    const { drainer } = setup(clock, { outbox, senders: { telegram }, batchSize: 2 });
    await db.store.outbox.enqueue(["1", "2", "3", "4", "5"].map((chat) => message(chat, `to ${chat}`)));
    await drainer.run(abort.signal);
    // When the first batch's last message went out, the second batch was already claimed.
    expect(seen).toEqual([2]);
    expect(telegram.calls.map((c) => c.text)).toEqual(["to 1", "to 2"]);
    expect(rows().map((r) => r.status)).toEqual(["sent", "sent", "pending", "pending", "pending"]);
    expect(rows().map((r) => r.attempts)).toEqual([1, 1, 0, 0, 0]);
  });

  it("logs a failing claim and keeps running", async () => {
    const clock = fakeClock();
    let claims = 0;
    const outbox = {
      ...db.store.outbox,
      async claim() {
        claims++;
        throw new Error("SQLITE_BUSY: database is locked");
      },
    };
    const abort = new AbortController();
    const sleep = async () => {
      if (claims >= 3) abort.abort();
    };
    const { drainer, log } = setup(clock, { outbox, sleep });
    await drainer.run(abort.signal);
    expect(claims).toBe(3);
    expect(log.lines.filter((l) => l.msg === "outbox claim failed")).toHaveLength(3);
    expect(JSON.stringify(log.lines)).not.toContain("database is locked");
  });
});
