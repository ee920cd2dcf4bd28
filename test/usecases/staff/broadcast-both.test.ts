import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { composeGlas } from "../../../src/compose.ts";
import { THROTTLED_DEFAULT_MS } from "../../../src/outbox/drain.ts";
import type { Store } from "../../../src/store/ports.ts";
import { deliveryCounts, recipientPrefix } from "../../../src/usecases/staff/message.ts";
import { tooManyRequests as telegramTooMany } from "../../support/fake-telegram.ts";
import { type FakeViber, tooManyRequests as viberTooMany } from "../../support/fake-viber.ts";
import { type MessengersHarness, messengersHarness } from "../../support/messengers.ts";
import { busiestSecond } from "../../support/rate.ts";

/**
 * Consultations to a few hundred subscribers in both messengers, through the admin API, the
 * consultation job and the real drainer of composeGlas against the fake Bot API and the fake
 * Viber API: every reachable chat once, the blocked ones marked, the platforms' limits kept,
 * with per-user send_message (the default) and with VIBER_BROADCAST.
 */

const TELEGRAM_RATE = 100;
const VIBER_RATE = 80;
const FIRST_CHAT = 9_400_000_000;
const LOCALES = ["ro", "ru", "uk"] as const;

const clock = Date.parse("2026-06-02T07:00:00Z"); // 10:00 in Chisinau, in the past: due at once
const now = () => new Date(clock);

const viberId = (i: number) => Buffer.from(`viber-subscriber-${String(i).padStart(4, "0")}`).toString("base64");

type Seeded = { telegram: number[]; viber: string[]; locale: Map<string, string> };

/** Subscribers of the service DC1, in both messengers, in three languages. */
async function seed(store: Store, counts: { telegram: number; viber: number; viberLocale?: (i: number) => string }) {
  const service = await store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  const seeded: Seeded = { telegram: [], viber: [], locale: new Map() };
  for (let i = 0; i < counts.telegram; i++) {
    const r = await store.respondents.upsert("telegram", String(FIRST_CHAT + i));
    const locale = LOCALES[i % 3] ?? "ro";
    await store.respondents.update(r.id, { serviceId: service.id, locale });
    seeded.telegram.push(FIRST_CHAT + i);
    seeded.locale.set(String(FIRST_CHAT + i), locale);
  }
  for (let i = 0; i < counts.viber; i++) {
    const r = await store.respondents.upsert("viber", viberId(i));
    const locale = (counts.viberLocale?.(i) ?? LOCALES[i % 3] ?? "ro") as "ro" | "ru" | "uk";
    await store.respondents.update(r.id, { serviceId: service.id, locale });
    seeded.viber.push(viberId(i));
    seeded.locale.set(viberId(i), locale);
  }
  return seeded;
}

async function createConsultation(h: MessengersHarness, mark: string): Promise<string> {
  const created = await h.api("POST", "/consultations", {
    text: { ro: `Ce zi vă convine? (${mark})`, ru: `Какой день вам удобен? (${mark})`, uk: `Який день вам зручний? (${mark})` },
    choices: [
      { ro: "Luni", ru: "Понедельник", uk: "Понеділок" },
      { ro: "Joi", ru: "Четверг", uk: "Четвер" },
    ],
    audience: { service: "DC1" },
  });
  expect(created.status).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await h.api("POST", `/consultations/${id}/send`)).status).toBe(202);
  return id;
}

/** Counts of people as the API gives them: a number, or "<5" / "x" where the disclosure step hides it. */
type Report = {
  status: string;
  total: number | string;
  sent: number | string;
  failed: number | string;
  pending: number | string;
};
const report = async (h: MessengersHarness, id: string) => (await (await h.api("GET", `/consultations/${id}`)).json()) as Report;
/** What is still to send, read from the outbox itself (the API may hide a small count). */
const pendingNow = async (h: MessengersHarness, id: string) =>
  deliveryCounts(await h.db.store.outbox.countByStatus(recipientPrefix(id))).pending;

/** Runs the consultation job and the drainer until nothing of the consultation is pending. */
async function broadcast(h: MessengersHarness, id: string, drainer = h.drainer, timeoutMs = 14_000): Promise<Report> {
  await h.job.tick(now());
  await h.job.tick(now()); // a second run (or a restart) queues nothing again
  const stop = new AbortController();
  const running = drainer.run(stop.signal, 20);
  const until = Date.now() + timeoutMs;
  while ((await pendingNow(h, id)) > 0 && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  stop.abort();
  await running;
  await h.job.tick(now()); // the final count, which marks it sent
  return await report(h, id);
}

const accepted = (answer: unknown) =>
  typeof answer === "object" && answer !== null && "status" in answer && (answer as { status: unknown }).status === 0;

/** How many times each Viber person got the message marked `mark`: alone, or in a broadcast. */
function viberDeliveries(fake: FakeViber, mark: string): Map<string, number> {
  const got = new Map<string, number>();
  const add = (receiver: string) => got.set(receiver, (got.get(receiver) ?? 0) + 1);
  for (const c of fake.calls) {
    if (!String(c.body.text).includes(`(${mark})`) || !accepted(c.answer)) continue;
    if (c.endpoint === "send_message" && c.receiver) add(c.receiver);
    if (c.endpoint === "broadcast_message") {
      const failed = new Set(
        (
          ((c.answer as { extra?: { failed_list?: { receiver: string }[] } }).extra?.failed_list ?? []) as { receiver: string }[]
        ).map((f) => f.receiver),
      );
      for (const r of c.body.broadcast_list as string[]) if (!failed.has(r)) add(r);
    }
  }
  return got;
}

function telegramDeliveries(h: MessengersHarness, mark: string): Map<string, number> {
  const got = new Map<string, number>();
  for (const c of h.telegram.fake.callsTo("sendMessage")) {
    if (!String(c.params.text).includes(`(${mark})`) || !(c.response && "ok" in c.response && c.response.ok)) continue;
    got.set(String(c.chatId), (got.get(String(c.chatId)) ?? 0) + 1);
  }
  return got;
}

/** Script entries that answer `answer` to the first call `to` accepts, and every other call as usual. */
function onceTo<C, A>(to: (call: C) => boolean, answer: A): ((call: C) => A | undefined)[] {
  let given = false;
  return Array.from({ length: 1000 }, () => (call: C) => {
    if (given || !to(call)) return undefined;
    given = true;
    return answer;
  });
}

describe("a broadcast across both messengers, one send_message per Viber person (the default)", () => {
  let h: MessengersHarness;
  let people: Seeded;
  const blockedTelegram = new Set<string>();
  const goneViber = new Set<string>();

  beforeAll(async () => {
    h = await messengersHarness({ now, env: { TELEGRAM_RATE: String(TELEGRAM_RATE), VIBER_RATE: String(VIBER_RATE) } });
    people = await seed(h.db.store, { telegram: 150, viber: 150 });
    people.telegram.forEach((chat, i) => {
      if (i % 15 === 7) {
        h.telegram.fake.blockChat(chat);
        blockedTelegram.add(String(chat));
      }
    });
    people.viber.forEach((id, i) => {
      if (i % 15 === 3) {
        h.viber.fake.unsubscribe(id, 6);
        goneViber.add(id);
      }
    });
  });
  afterAll(() => h.close());

  it("reaches every reachable chat exactly once, marks the blocked ones, and backs off when throttled", async () => {
    const id = await createConsultation(h, "one-by-one");
    // One flood wait from Telegram, one "too many requests" (status 12) from Viber, each to
    // someone reachable (whoever comes first in line), so the blocked are still tried once.
    h.telegram.fake.script(
      "sendMessage",
      onceTo((c) => !blockedTelegram.has(String(c.chatId)), telegramTooMany(1)),
    );
    h.viber.fake.script(
      "send_message",
      onceTo((c) => !goneViber.has(c.receiver ?? ""), viberTooMany()),
    );
    const final = await broadcast(h, id);
    expect(final).toMatchObject({ status: "sent", total: 300, sent: 280, failed: 20, pending: 0 });

    const telegram = telegramDeliveries(h, "one-by-one");
    const viber = viberDeliveries(h.viber.fake, "one-by-one");
    for (const chat of people.telegram.map(String)) expect(telegram.get(chat) ?? 0, chat).toBe(blockedTelegram.has(chat) ? 0 : 1);
    for (const person of people.viber) expect(viber.get(person) ?? 0, person).toBe(goneViber.has(person) ? 0 : 1);
    // The blocked were tried once each, then left alone, and are unreachable from now on.
    for (const chat of blockedTelegram) expect(h.telegram.fake.calls.filter((c) => String(c.chatId) === chat)).toHaveLength(1);
    for (const person of goneViber)
      expect(h.viber.fake.callsTo("send_message").filter((c) => c.receiver === person)).toHaveLength(1);
    expect(h.count("Respondent", `status = 'unreachable'`)).toBe(20);
    expect(h.viber.fake.callsTo("broadcast_message")).toHaveLength(0);

    // Each in their language.
    const first = h.telegram.fake.callsTo("sendMessage").find((c) => String(c.chatId) === String(FIRST_CHAT + 1));
    expect(first?.params.text).toMatch(/^📋 Вопрос от социальных служб.*Какой день вам удобен\? \(one-by-one\)/s);
  });

  it("keeps to TELEGRAM_RATE and VIBER_RATE, and waits as long as each platform asked", () => {
    const telegramCalls = h.telegram.fake.callsTo("sendMessage");
    const viberCalls = h.viber.fake.callsTo("send_message");
    // The fakes stamp arrival, so a busy machine may bunch a few; unlimited, all went at once (≈ 150 a second).
    expect(busiestSecond(telegramCalls.map((c) => c.at))).toBeLessThanOrEqual(TELEGRAM_RATE * 1.1);
    expect(busiestSecond(viberCalls.map((c) => c.at))).toBeLessThanOrEqual(VIBER_RATE * 1.1);
    expect(busiestSecond(telegramCalls.map((c) => c.at))).toBeGreaterThanOrEqual(TELEGRAM_RATE * 0.5);

    // After Telegram's 429 (retry_after 1), no message for a second; after Viber's status 12
    // (no wait given), none for THROTTLED_DEFAULT_MS. Calls already on their way may land just after.
    const pauseAfter = (calls: { at: number }[], refused: number, waitMs: number) => {
      const at = calls[refused]?.at ?? 0;
      const during = calls.filter((c) => c.at > at + 400 && c.at < at + waitMs - 50);
      return { during: during.length, after: calls.filter((c) => c.at >= at + waitMs - 50).length };
    };
    const tgRefused = telegramCalls.findIndex((c) => c.response && "status" in c.response && c.response.status === 429);
    const vbRefused = viberCalls.findIndex((c) => c.answer && "status" in c.answer && c.answer.status === 12);
    expect(tgRefused).toBeGreaterThanOrEqual(0);
    expect(vbRefused).toBeGreaterThanOrEqual(0);
    expect(pauseAfter(telegramCalls, tgRefused, 1000)).toEqual({ during: 0, after: expect.any(Number) });
    expect(pauseAfter(viberCalls, vbRefused, THROTTLED_DEFAULT_MS)).toEqual({ during: 0, after: expect.any(Number) });
    expect(pauseAfter(viberCalls, vbRefused, THROTTLED_DEFAULT_MS).after).toBeGreaterThan(100);
  });
});

describe("a broadcast with VIBER_BROADCAST on", () => {
  let h: MessengersHarness;
  let people: Seeded;
  const gone = new Set<string>();
  let flaky = "";
  let notRegistered = "";

  beforeAll(async () => {
    h = await messengersHarness({
      now,
      env: { TELEGRAM_RATE: String(TELEGRAM_RATE), VIBER_RATE: String(VIBER_RATE), VIBER_BROADCAST: "true" },
      leaseMs: 1000,
    });
    // 320 in Romanian: more than one call holds.
    people = await seed(h.db.store, { telegram: 60, viber: 360, viberLocale: (i) => (i < 320 ? "ro" : i < 340 ? "ru" : "uk") });
    people.viber.forEach((id, i) => {
      if (i % 45 === 4) {
        h.viber.fake.unsubscribe(id, 6);
        gone.add(id);
      }
    });
    notRegistered = people.viber[10] ?? "";
    h.viber.fake.unsubscribe(notRegistered, 5);
    gone.add(notRegistered);
    // Listed as failed in the broadcast with another status: tried again alone, which works.
    flaky = people.viber[11] ?? "";
    h.viber.fake.unsubscribe(flaky, 11);
  });
  afterAll(() => h.close());

  it("sends to Viber in calls of at most 300 people of one language, each person once, and keeps the counts per person", async () => {
    const id = await createConsultation(h, "batched");
    h.viber.fake.script("send_message", [
      { status: 0, status_message: "ok", extra: { message_token: "5741311803571729999", billing_status: 1 } },
    ]);
    const final = await broadcast(h, id);
    expect(final).toMatchObject({ status: "sent", total: 420, sent: 420 - gone.size, failed: gone.size, pending: 0 });

    const calls = h.viber.fake.callsTo("broadcast_message");
    const sizes = calls.map((c) => (c.body.broadcast_list as string[]).length).sort((a, b) => b - a);
    expect(sizes).toEqual([300, 20, 20, 20]);
    for (const c of calls) {
      const languages = new Set((c.body.broadcast_list as string[]).map((r) => people.locale.get(r)));
      expect(languages.size).toBe(1);
      const language = [...languages][0];
      expect(String(c.body.text)).toMatch(
        language === "ro" ? /^📋 O întrebare/ : language === "ru" ? /^📋 Вопрос от/ : /^📋 Запитання від/,
      );
      expect(c.body).toMatchObject({ sender: { name: "Glas" }, type: "text" });
      expect(c.body.keyboard).toBeDefined();
    }

    const viber = viberDeliveries(h.viber.fake, "batched");
    for (const person of people.viber) expect(viber.get(person) ?? 0, person).toBe(gone.has(person) ? 0 : 1);
    const telegram = telegramDeliveries(h, "batched");
    for (const chat of people.telegram.map(String)) expect(telegram.get(chat)).toBe(1);
    // Only the one listed with another status went alone, through send_message.
    expect(h.viber.fake.callsTo("send_message").map((c) => c.receiver)).toEqual([flaky]);
    expect(h.count("Respondent", `status = 'unreachable'`)).toBe(gone.size);
    expect(h.count("Respondent", `status = 'unreachable' AND "platformId" = ?`, flaky)).toBe(0);
  });

  it("repeats, after a crash between Viber's answer and the marking, only the batch that was in flight", async () => {
    for (const person of [...gone, flaky]) h.viber.fake.resubscribe(person);
    const id = await createConsultation(h, "crash");
    let crashed: string[] = [];
    const outbox = h.db.store.outbox;
    const crashing: Store = {
      ...h.db.store,
      outbox: {
        ...outbox,
        // The process dies after Viber answered a small batch, before a row was marked.
        markBatchSent: async (ids, externalId, at) => {
          if (crashed.length === 0 && ids.length <= 20) {
            crashed = [...ids];
            throw new Error("process killed");
          }
          return outbox.markBatchSent(ids, externalId, at);
        },
      },
    };
    const { drainer } = composeGlas({ config: h.config, store: crashing, log: h.log, attachments: null, leaseMs: 1000 });
    const final = await broadcast(h, id, drainer);
    expect(crashed.length).toBeGreaterThan(0);
    // Everybody (the once unreachable are now left out) got it; those in the batch in flight twice.
    const reachable = people.viber.filter((p) => !gone.has(p));
    expect(final).toMatchObject({ status: "sent", total: reachable.length + 60, failed: 0, pending: 0 });
    const viber = viberDeliveries(h.viber.fake, "crash");
    const twice = [...viber.entries()].filter(([, n]) => n === 2).map(([p]) => p);
    expect(twice).toHaveLength(crashed.length);
    for (const person of reachable) expect([1, 2]).toContain(viber.get(person));
    expect([...viber.values()].reduce((a, b) => a + b, 0)).toBe(reachable.length + crashed.length);
  });
});
