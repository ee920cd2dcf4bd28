import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers } from "../../../src/channels/registry.ts";
import { createDrainer, type Drainer } from "../../../src/outbox/drain.ts";
import type { Store } from "../../../src/store/ports.ts";
import { issueInvite } from "../../../src/usecases/staff/invites.ts";
import { createConsultationJob } from "../../../src/usecases/staff/job.ts";
import { t } from "../../support/db.ts";
import { type Harness, telegramHarness, telegramUser } from "../../support/telegram.ts";

const SUBSCRIBERS = 300;
const BLOCKED = 20;
const FIRST_CHAT = 9_300_000_000;

let clock = Date.parse("2026-06-02T07:00:00Z"); // 10:00 in Chisinau
const now = () => new Date(clock);

let h: Harness;
let drainer: Drainer;
let workerStaffId: string;
const worker = () => telegramUser(h, { id: 9_299_999_999, language: "en" });

const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (h.db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

function jobFor(store: Store, pageSize?: number) {
  return createConsultationJob({
    store,
    renderers: broadcastRenderers(t),
    log: h.log,
    defaultLocale: "ro",
    ...(pageSize ? { pageSize } : {}),
  });
}

async function consultation(store: Store, id: string, createdById: string | null, at = now()) {
  await store.consultations.create({
    id,
    createdById,
    sourceLocale: "ro",
    text: { ro: `Ce ar trebui să adauge centrul de zi? (${id})`, ru: `Что добавить дневному центру? (${id})` },
    choices: [
      { ro: "Ateliere", ru: "Мастерские" },
      { ro: "Excursii", ru: "Экскурсии" },
    ],
    audience: { service: "DC1" },
  });
  await store.consultations.startSending(id, at);
}

beforeAll(async () => {
  h = await telegramHarness({ now });
  drainer = createDrainer({
    outbox: h.db.store.outbox,
    senders: { telegram: h.channel.sender },
    limits: { telegram: { perSecond: 10_000, perRecipientMs: 0 } },
    // Rounds of 32, as at Telegram's own rate: the tests watch a broadcast part-way through.
    batchSize: 32,
    log: h.log,
    now: () => new Date(),
    sleep: async () => {},
    onStopped: async (m) => {
      if (m.respondentId) await h.db.store.respondents.update(m.respondentId, { status: "unreachable" });
    },
  });
  const service = await h.db.store.services.add({ code: "DC1", name: "Centrul de zi", locality: "Cahul" });
  for (let i = 0; i < SUBSCRIBERS; i++) {
    const r = await h.db.store.respondents.upsert("telegram", String(FIRST_CHAT + i));
    await h.db.store.respondents.update(r.id, { serviceId: service.id, locale: i % 3 === 0 ? "ru" : "ro" });
    if (i % (SUBSCRIBERS / BLOCKED) === 7) h.fake.blockChat(FIRST_CHAT + i);
  }
  const { code } = await issueInvite(h.db.store, { role: "social_worker" }, now());
  await worker().text(`/join ${code}`);
  workerStaffId = (h.db.sql.prepare(`SELECT id FROM "Staff"`).get() as { id: string }).id;
});
afterAll(() => h.close());

describe("a broadcast to a few hundred subscribers", () => {
  it("reaches every reachable chat exactly once, marks the blocked ones, and keeps the worker informed", async () => {
    const job = jobFor(h.db.store);
    await consultation(h.db.store, "bcast0000001", workerStaffId);
    await job.tick(now());
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000001:%'`)).toBe(SUBSCRIBERS);
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000001:%' AND priority = 1`)).toBe(SUBSCRIBERS);

    // Part of it goes out; the worker's progress message first (a reply, ahead of bulk).
    await drainer.drainOnce();
    await drainer.drainOnce();
    const progress = worker()
      .sentToMe()
      .filter((c) => String(c.params.text).startsWith("📋"));
    expect(progress).toHaveLength(1);
    expect(progress[0]?.params.text).toMatch(/Sent: 0 of 300 messages/);
    const messageId = (progress[0]?.response as { result: { message_id: number } } | undefined)?.result.message_id;
    expect(messageId).toBeGreaterThan(0);
    const edits = () => h.fake.callsTo("editMessageText").filter((c) => c.params.message_id === messageId);

    clock += 1000;
    await job.tick(now());
    await drainer.drainOnce();
    expect(edits()).toHaveLength(1);
    expect(edits()[0]?.params.text).toMatch(/Sent: \d+ of 300 messages/);
    const sentSoFar = Number(/Sent: (\d+)/.exec(String(edits()[0]?.params.text))?.[1]);
    expect(sentSoFar).toBeGreaterThan(0);
    expect(sentSoFar).toBeLessThan(SUBSCRIBERS);

    // Within the next few seconds no further edit, however much was sent meanwhile.
    await drainer.drainOnce();
    clock += 1000;
    await job.tick(now());
    await drainer.drainOnce();
    expect(edits()).toHaveLength(1);

    for (let i = 0; i < 40; i++) if ((await drainer.drainOnce()) === 0) break;
    clock += 3000;
    await job.tick(now());
    for (let i = 0; i < 5; i++) await drainer.drainOnce();
    expect(edits().at(-1)?.params.text).toBe(
      "📋 “Ce ar trebui să adauge centrul de zi? (bcast0000001)”\n\nSent: 280 of 300 messages\n\n20 people could not be reached\n\nDone ✔",
    );

    const consultationCalls = h.fake
      .callsTo("sendMessage")
      .filter((c) => String(c.params.text).includes("(bcast0000001)") && !String(c.params.text).startsWith("📋 “"));
    const perChat = new Map<string, number>();
    for (const c of consultationCalls) perChat.set(String(c.chatId), (perChat.get(String(c.chatId)) ?? 0) + 1);
    const accepted = consultationCalls.filter(
      (c) => (c.response as { ok?: boolean }).ok !== false && !("status" in (c.response ?? {})),
    );
    expect(perChat.size).toBe(SUBSCRIBERS); // each chat was tried...
    expect([...perChat.values()].every((n) => n === 1)).toBe(true); // ...exactly once
    expect(accepted).toHaveLength(SUBSCRIBERS - BLOCKED);
    expect(count("Respondent", `status = 'unreachable'`)).toBe(BLOCKED);
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000001:%' AND status = 'failed' AND "lastError" = 'stopped'`)).toBe(
      BLOCKED,
    );
    // Each in its language: Russian where there is a translation.
    const ru = consultationCalls.find((c) => String(c.chatId) === String(FIRST_CHAT));
    expect(ru?.params.text).toMatch(/^📋 Вопрос от социальных служб.*\n\nЧто добавить дневному центру\?/s);

    const report = await h.db.store.consultations.get("bcast0000001");
    expect(report).toMatchObject({ status: "sent", total: SUBSCRIBERS });
  });

  it("leaves out those now unreachable or stopped next time", async () => {
    const job = jobFor(h.db.store);
    await consultation(h.db.store, "bcast0000002", null);
    await job.tick(now());
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000002:%'`)).toBe(SUBSCRIBERS - BLOCKED);
  });

  it("sends only the final count where the messenger cannot edit a message", async () => {
    const real = broadcastRenderers(t).telegram;
    if (!real) throw new Error("no Telegram renderer");
    const job = createConsultationJob({
      store: h.db.store,
      renderers: { telegram: { messages: real.messages, edit: () => null } },
      log: h.log,
      defaultLocale: "ro",
      progressEveryMs: 0,
    });
    const progress = () =>
      worker()
        .sentToMe()
        .filter((c) => String(c.params.text).includes("(bcast0000004)") && String(c.params.text).startsWith("📋 “"));
    await consultation(h.db.store, "bcast0000004", workerStaffId);
    await job.tick(now());
    await drainer.drainOnce();
    for (let i = 0; i < 3; i++) {
      clock += 5000;
      await job.tick(now());
      await drainer.drainOnce();
    }
    expect(progress()).toHaveLength(1); // the first message only, however the counts moved
    for (let i = 0; i < 40; i++) if ((await drainer.drainOnce()) === 0) break;
    await job.tick(now());
    await h.drain();
    expect(progress().map((c) => String(c.params.text).split("\n\n").slice(1).join(" | "))).toEqual([
      "Sent: 0 of 280 messages | Sending…",
      "Sent: 280 of 280 messages | Done ✔",
    ]);
  });

  it("finishes a fan-out cut short by a crash, with nothing queued twice", async () => {
    let enqueues = 0;
    const crashing: Store = {
      ...h.db.store,
      outbox: {
        ...h.db.store.outbox,
        enqueue: async (messages) => {
          if (++enqueues === 2) throw new Error("process killed");
          return h.db.store.outbox.enqueue(messages);
        },
      },
    };
    await consultation(h.db.store, "bcast0000003", null);
    await jobFor(crashing, 100).tick(now());
    const partial = count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000003:%'`);
    expect(partial).toBe(100); // the first page only (the second crashed)
    // The lease keeps a second job off for a minute; then it resumes.
    await jobFor(h.db.store, 100).tick(now());
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000003:%'`)).toBe(partial);
    clock += 61_000;
    await jobFor(h.db.store, 100).tick(now());
    expect(count("Outbox", `"dedupeKey" LIKE 'consult:bcast0000003:%'`)).toBe(SUBSCRIBERS - BLOCKED);
    expect((await h.db.store.consultations.get("bcast0000003"))?.total).toBe(SUBSCRIBERS - BLOCKED);
  });
});

describe("quiet hours", () => {
  it("schedule a broadcast confirmed at 22:00 for 08:00, across the change to summer time, and say so", async () => {
    clock = Date.parse("2027-03-27T20:00:00Z"); // Saturday 22:00 EET; the clocks go forward that night
    const w = worker();
    await w.text("/consult");
    await w.text("Ce zi vă convine?");
    await h.drain();
    const tap = async (label: RegExp) => {
      const m = w.lastKeyboardMessage();
      const b = m.buttons.find((x) => label.test(x.text));
      if (!b) throw new Error(`no ${label}`);
      await h.deliver(w.pressUpdate(b.callback_data, m));
    };
    await tap(/own words/);
    await tap(/Everyone subscribed/);
    await tap(/No more translations/);
    expect(String(w.sentToMe().at(-1)?.params.text)).toContain(
      "It is quiet hours (21:00–08:00): sending will start on Sun 28 Mar, 08:00.",
    );
    await tap(/Send/);
    expect(String(w.sentToMe().at(-1)?.params.text)).toBe(
      "“Ce zi vă convine?” will go to 280 people on Sun 28 Mar, 08:00, after quiet hours. The progress will show here then.",
    );
    const id = (h.db.sql.prepare(`SELECT id FROM "Consultation" WHERE text LIKE '%Ce zi vă convine%'`).get() as { id: string })
      .id;
    const calls = h.fake.calls.length;
    await jobFor(h.db.store).tick(now());
    await h.drain();
    const rows = h.db.sql
      .prepare(`SELECT DISTINCT "notBefore" FROM "Outbox" WHERE "dedupeKey" LIKE ? OR "dedupeKey" LIKE ?`)
      .all(`consult:${id}:%`, `cprog:${id}:%`) as { notBefore: string }[];
    expect(rows.map((r) => new Date(r.notBefore).toISOString())).toEqual(["2027-03-28T05:00:00.000Z"]);
    expect(h.fake.calls.length).toBe(calls); // nothing leaves before 08:00
    expect((await h.db.store.consultations.get(id))?.scheduledAt?.toISOString()).toBe("2027-03-28T05:00:00.000Z");
  });
});
