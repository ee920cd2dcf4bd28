import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SECRET_HEADER } from "../../src/channels/telegram/routes.ts";
import { GATE_HORIZON_MS } from "../../src/outbox/gate.worker.ts";
import { type FakeCall, type FakeTelegram, startFakeTelegram, telegramFixture } from "../support/fake-telegram.ts";
import { busiestSecond } from "../support/rate.ts";
import { startWranglerDev, type WranglerDev } from "../support/wrangler.ts";

// One Workers build under wrangler dev, with a low rate, so that every invocation draining at once
// must share it through the rate gate (a Durable Object) to keep to it.
const RATE = 10;
const SECRET = "rate-secret";
const ADMIN_TOKEN = "rate-admin-token-0123456789";
const PEOPLE = 40;

let fake: FakeTelegram;
let worker: WranglerDev;

beforeAll(async () => {
  fake = await startFakeTelegram();
  worker = await startWranglerDev({
    TELEGRAM_BOT_TOKEN: fake.token,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.url,
    TELEGRAM_RATE: String(RATE),
    ADMIN_TOKEN,
    LOG_LEVEL: "error",
  });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  await fake?.close();
});

let nextUpdate = 300_000_000;
/** `/start` from a new person: an authenticated webhook post that queues a greeting. */
function start(person: number): Promise<Response> {
  const update = telegramFixture("start") as unknown as { message: { from: { id: number }; chat: { id: number } } };
  update.message.from.id = person;
  update.message.chat.id = person;
  return post({ ...update, update_id: nextUpdate++ });
}

const post = (body: unknown, secret = SECRET) =>
  fetch(`${worker.base}/telegram/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", [SECRET_HEADER]: secret },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const api = (method: string, path: string, body?: unknown) =>
  fetch(`${worker.base}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

type Progress = { total: number; sent: number; pending: number };

async function consult(text: string): Promise<string> {
  const created = await api("POST", "/api/consultations", { text: { ro: text }, audience: { all: true } });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  return id;
}

async function progress(id: string): Promise<Progress> {
  return (await (await api("GET", `/api/consultations/${id}`)).json()) as Progress;
}

const chatCalls = () => fake.calls.filter((c) => c.chatId !== undefined && c.response !== undefined);
const accepted = (calls: FakeCall[]) => calls.filter((c) => c.response && "ok" in c.response && c.response.ok === true);

/** How far apart, beyond a second, the closest two calls RATE apart came (negative: a second held more). */
function headroom(calls: FakeCall[]): string {
  const times = calls.map((c) => c.at).sort((a, b) => a - b);
  const gaps = times.slice(RATE).map((t, k) => t - (times[k] ?? 0) - 1000);
  return `headroom ${Math.min(...gaps)} ms over ${calls.length} calls`;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("one rate for the whole bot on Workers, whatever number of invocations drain", () => {
  /** The consultation the 429 held back. */
  let heldBack: string | undefined;

  it("greets 40 people posting at once and sends them a consultation while more posts drain, never over the rate in any second", async () => {
    const people = Array.from({ length: PEOPLE }, (_, i) => 7_030_000_000 + i);
    const greeted = await Promise.all(people.map(start));
    expect(greeted.map((r) => r.status)).toEqual(Array(PEOPLE).fill(200));
    await fake.waitFor("sendMessage", PEOPLE, 30_000);
    const greetings = chatCalls();
    expect(busiestSecond(greetings.map((c) => c.at)), headroom(greetings)).toBeLessThanOrEqual(RATE);

    fake.reset();
    const id = await consult("Ce zi vă convine pentru vizita echipei mobile?");
    expect((await api("POST", `/api/consultations/${id}/send`)).status).toBe(202);
    // While the broadcast goes out, ten more people write: ten more invocations drain at once.
    const more = await Promise.all(Array.from({ length: 10 }, (_, i) => start(7_031_000_000 + i)));
    expect(more.map((r) => r.status)).toEqual(Array(10).fill(200));
    const done = await until(
      "the consultation to be sent",
      async () => {
        const p = await progress(id);
        return p.total >= PEOPLE && p.pending === 0 ? p : undefined;
      },
      40_000,
    );
    await fake.waitFor("sendMessage", done.total + 10, 10_000);
    const calls = chatCalls();
    expect(accepted(calls)).toHaveLength(done.total + 10);
    expect(busiestSecond(calls.map((c) => c.at)), headroom(calls)).toBeLessThanOrEqual(RATE);
    // It still uses the rate: no slower than the gate's spacing allows, with a second's slack.
    const span = (Math.max(...calls.map((c) => c.at)) - Math.min(...calls.map((c) => c.at))) / 1000;
    expect(calls.length / (span + 1)).toBeGreaterThan(RATE / 2);
  }, 90_000);

  it("pauses every invocation after a 429 with retry_after: nobody sends until it is over", async () => {
    fake.reset();
    fake.script("sendMessage", [fake.tooManyRequests(3)]);
    const id = await consult("Cum vă simțiți după vizita asistentului social?");
    expect((await api("POST", `/api/consultations/${id}/send`)).status).toBe(202);
    await Promise.all(Array.from({ length: 5 }, (_, i) => start(7_032_000_000 + i)));
    const throttled = await until("the 429", () => fake.calls.find((c) => c.response && "status" in c.response), 20_000);
    // Slots already booked by other invocations may still go, for at most the gate's horizon;
    // after that nobody sends until retry_after is over.
    await new Promise((r) => setTimeout(r, 3000 - (Date.now() - throttled.at) + 200));
    const quietFrom = throttled.at + GATE_HORIZON_MS + 300;
    const duringPause = chatCalls().filter((c) => c.at >= quietFrom && c.at < throttled.at + 3000);
    expect(duringPause).toEqual([]);
    const pending = await progress(id);
    expect(pending.pending).toBeGreaterThan(0);
    heldBack = id;
  }, 60_000);

  it("starts no drain for a refused post, and drains what is due after an authenticated one", async () => {
    // What the pause held back is due now; nobody has drained it.
    const id = heldBack;
    if (!id) throw new Error("the 429 test runs first");
    const before = fake.calls.length;
    expect((await post("{}", "wrong-secret")).status).toBe(401);
    expect((await post('{"update_id": 1, "message": {', SECRET)).status).toBe(400);
    expect((await post("[]", SECRET)).status).toBe(400);
    await new Promise((r) => setTimeout(r, 2000));
    expect(fake.calls.length).toBe(before);
    expect((await progress(id)).pending).toBeGreaterThan(0);

    expect((await start(7_033_000_000)).status).toBe(200);
    const done = await until(
      "the rest to be sent",
      async () => {
        const p = await progress(id);
        return p.pending === 0 ? p : undefined;
      },
      30_000,
    );
    expect(done.sent).toBeGreaterThanOrEqual(PEOPLE);
    expect(busiestSecond(chatCalls().map((c) => c.at)), headroom(chatCalls())).toBeLessThanOrEqual(RATE);
  }, 60_000);
});
