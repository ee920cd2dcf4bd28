import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NewOutboxMessage, OutboxStore } from "../../src/store/ports.ts";
import { openDatabase } from "../../src/store/prisma/database.node.ts";
import { createOutboxStore, outboxId } from "../../src/store/prisma/outbox.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

let db: TestDatabase;
let outbox: OutboxStore;
beforeAll(() => {
  db = freshDatabase();
  outbox = db.store.outbox;
});
afterAll(() => db.close());
beforeEach(() => {
  db.sql.exec(`DELETE FROM "Outbox"`);
});

const T0 = new Date("2026-11-24T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE_MS = 30_000;

let keys = 0;
function message(recipient: string, patch: Partial<NewOutboxMessage> = {}): NewOutboxMessage {
  return {
    channel: "telegram",
    recipient,
    respondentId: null,
    payload: { text: `hello ${recipient}` },
    priority: 0,
    dedupeKey: `test:${++keys}`,
    notBefore: T0,
    ...patch,
  };
}

const row = (dedupeKey: string) =>
  db.sql.prepare(`SELECT * FROM "Outbox" WHERE "dedupeKey" = ?`).get(dedupeKey) as Record<string, unknown> & { id: string };

describe("outbox ids", () => {
  it("sort in the order they were made, even within one millisecond", () => {
    const ids = Array.from({ length: 2000 }, () => outboxId(T0.getTime()));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("keep growing when the clock steps back", () => {
    const later = outboxId(T0.getTime() + 60_000);
    expect(outboxId(T0.getTime()) > later).toBe(true);
  });
});

describe("enqueue", () => {
  it("skips a message whose dedupe key is queued already, in another call or the same one", async () => {
    expect(await outbox.enqueue([message("1", { dedupeKey: "reply:a" }), message("2", { dedupeKey: "reply:b" })])).toBe(2);
    expect(await outbox.enqueue([message("1", { dedupeKey: "reply:a" }), message("3", { dedupeKey: "reply:c" })])).toBe(1);
    expect(await outbox.enqueue([message("4", { dedupeKey: "reply:d" }), message("5", { dedupeKey: "reply:d" })])).toBe(1);
    const count = db.sql.prepare(`SELECT COUNT(*) AS n FROM "Outbox"`).get() as { n: number };
    expect(count.n).toBe(4);
  });

  it("stores the payload as JSON and the times as Prisma writes them", async () => {
    await outbox.enqueue([message("1", { dedupeKey: "json", payload: { text: "Bună ziua", buttons: [["q1:1"]] } })]);
    const stored = row("json");
    expect(JSON.parse(stored.payload as string)).toEqual({ text: "Bună ziua", buttons: [["q1:1"]] });
    expect(stored.notBefore).toBe("2026-11-24T08:00:00.000+00:00");
    expect(stored).toMatchObject({ status: "pending", attempts: 0, priority: 0 });
  });

  it("inserts large batches in several statements", async () => {
    const many = Array.from({ length: 45 }, (_, i) => message(`r${i}`));
    expect(await outbox.enqueue(many)).toBe(45);
    const claimed = await outbox.claim(T0, 100, LEASE_MS);
    expect(claimed.map((m) => m.recipient)).toEqual(many.map((m) => m.recipient));
  });
});

describe("claim", () => {
  it("takes replies before bulk, then queue order, with the payload back as JSON", async () => {
    await outbox.enqueue([
      message("a", { priority: 1, dedupeKey: "bulk-a" }),
      message("b", { priority: 0, dedupeKey: "reply-b" }),
      message("c", { priority: 1, dedupeKey: "bulk-c" }),
      message("d", { priority: 0, dedupeKey: "reply-d" }),
    ]);
    const claimed = await outbox.claim(T0, 10, LEASE_MS);
    expect(claimed.map((m) => m.dedupeKey)).toEqual(["reply-b", "reply-d", "bulk-a", "bulk-c"]);
    expect(claimed[0]).toMatchObject({ channel: "telegram", recipient: "b", attempts: 1, payload: { text: "hello b" } });
    expect(claimed[0]?.notBefore).toEqual(T0);
    expect(row("reply-b")).toMatchObject({ status: "sending", leaseUntil: "2026-11-24T08:00:30.000+00:00", attempts: 1 });
  });

  it("respects the limit, keeping the rest for the next claim", async () => {
    await outbox.enqueue(["a", "b", "c"].map((r) => message(r)));
    expect((await outbox.claim(T0, 2, LEASE_MS)).map((m) => m.recipient)).toEqual(["a", "b"]);
    expect((await outbox.claim(T0, 2, LEASE_MS)).map((m) => m.recipient)).toEqual(["c"]);
  });

  it("leaves messages whose time has not come", async () => {
    await outbox.enqueue([message("a", { notBefore: at(5000) })]);
    expect(await outbox.claim(at(4999), 10, LEASE_MS)).toEqual([]);
    expect(await outbox.claim(at(5000), 10, LEASE_MS)).toHaveLength(1);
  });

  it("takes one message per chat, its oldest, even when a younger one is a reply", async () => {
    await outbox.enqueue([
      message("a", { priority: 1, dedupeKey: "a1" }),
      message("a", { priority: 0, dedupeKey: "a2" }),
      message("b", { dedupeKey: "b1" }),
    ]);
    const claimed = await outbox.claim(T0, 10, LEASE_MS);
    expect(claimed.map((m) => m.dedupeKey).sort()).toEqual(["a1", "b1"]);
  });

  it("keys the chat by channel and recipient", async () => {
    await outbox.enqueue([message("7"), message("7", { channel: "viber" })]);
    expect(await outbox.claim(T0, 10, LEASE_MS)).toHaveLength(2);
  });

  it("gives nothing more for a chat while its message is leased, then its next one once sent", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" }), message("a", { dedupeKey: "a2" })]);
    const [first] = await outbox.claim(T0, 10, LEASE_MS);
    expect(first?.dedupeKey).toBe("a1");
    expect(await outbox.claim(at(1000), 10, LEASE_MS)).toEqual([]);
    await outbox.markSentEach([{ id: first?.id ?? "", attempts: first?.attempts ?? 0, externalId: "m-1", sentAt: at(1000) }]);
    expect((await outbox.claim(at(1000), 10, LEASE_MS)).map((m) => m.dedupeKey)).toEqual(["a2"]);
    expect(row("a1")).toMatchObject({
      status: "sent",
      externalId: "m-1",
      leaseUntil: null,
      sentAt: "2026-11-24T08:00:01.000+00:00",
    });
  });

  it("keeps a chat's order while its oldest message waits for a retry", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" }), message("a", { dedupeKey: "a2" })]);
    const [first] = await outbox.claim(T0, 10, LEASE_MS);
    await outbox.reschedule(first?.id ?? "", at(2000), "retry 502");
    expect(await outbox.claim(at(1000), 10, LEASE_MS)).toEqual([]);
    const again = await outbox.claim(at(2000), 10, LEASE_MS);
    expect(again.map((m) => [m.dedupeKey, m.attempts])).toEqual([["a1", 2]]);
  });

  it("does not hold a chat's replies behind a message scheduled for later", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "reminder", priority: 1, notBefore: at(3_600_000) }), message("a")]);
    const claimed = await outbox.claim(T0, 10, LEASE_MS);
    expect(claimed.map((m) => m.recipient)).toEqual(["a"]);
    expect(claimed[0]?.dedupeKey).not.toBe("reminder");
  });

  it("hands back an expired lease: a killed drainer's message is claimed again", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" }), message("a", { dedupeKey: "a2" })]);
    const [first] = await outbox.claim(T0, 10, LEASE_MS); // the drainer dies holding it
    expect(await outbox.claim(at(LEASE_MS), 10, LEASE_MS)).toEqual([]);
    const again = await outbox.claim(at(LEASE_MS + 1), 10, LEASE_MS);
    expect(again.map((m) => [m.id, m.attempts])).toEqual([[first?.id, 2]]);
  });

  it("never gives the same message to two drainers claiming at once", async () => {
    const otherDb = openDatabase(db.url);
    const other = createOutboxStore(otherDb.sql);
    const recipients = Array.from({ length: 60 }, (_, i) => `r${i}`);
    await outbox.enqueue(recipients.map((r) => message(r)));
    const seen: string[] = [];
    for (let round = 0; round < 10; round++) {
      const claims = await Promise.all([
        outbox.claim(T0, 4, LEASE_MS),
        other.claim(T0, 4, LEASE_MS),
        outbox.claim(T0, 3, LEASE_MS),
      ]);
      for (const batch of claims) seen.push(...batch.map((m) => m.id));
    }
    await otherDb.prisma.$disconnect();
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });
});

describe("marking", () => {
  it("marks sent only a message being sent", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" })]);
    const id = row("a1").id;
    await outbox.markSentEach([{ id, attempts: 0, externalId: "m-1", sentAt: T0 }]);
    expect(row("a1")).toMatchObject({ status: "pending", externalId: null });
  });

  it("reschedules with a reason and no lease", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" })]);
    const [m] = await outbox.claim(T0, 1, LEASE_MS);
    await outbox.reschedule(m?.id ?? "", at(60_000), "channel off");
    expect(row("a1")).toMatchObject({
      status: "pending",
      notBefore: "2026-11-24T08:01:00.000+00:00",
      leaseUntil: null,
      lastError: "channel off",
    });
  });

  it("never moves a sent message back", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" })]);
    const [m] = await outbox.claim(T0, 1, LEASE_MS);
    await outbox.markSentEach([{ id: m?.id ?? "", attempts: m?.attempts ?? 0, externalId: null, sentAt: T0 }]);
    await outbox.reschedule(m?.id ?? "", at(1000), "retry 502");
    await outbox.markFailed(m?.id ?? "", "failed 400");
    expect(row("a1")).toMatchObject({ status: "sent", lastError: null });
  });

  it("marks failed with the reason", async () => {
    await outbox.enqueue([message("a", { dedupeKey: "a1" })]);
    const [m] = await outbox.claim(T0, 1, LEASE_MS);
    await outbox.markFailed(m?.id ?? "", "stopped");
    expect(row("a1")).toMatchObject({ status: "failed", lastError: "stopped", leaseUntil: null });
    expect(await outbox.claim(at(LEASE_MS * 2), 10, LEASE_MS)).toEqual([]);
  });
});

describe("countByStatus", () => {
  it("counts the messages whose key starts with the prefix, taking _ and % literally", async () => {
    await outbox.enqueue([
      message("a", { dedupeKey: "broadcast_1:a" }),
      message("b", { dedupeKey: "broadcast_1:b" }),
      message("c", { dedupeKey: "broadcast_1:c" }),
      message("d", { dedupeKey: "broadcastX1:d" }),
      message("e", { dedupeKey: "BROADCAST_1:e" }),
      message("f", { dedupeKey: "broadcast%:f" }),
    ]);
    const [first] = await outbox.claim(T0, 1, LEASE_MS);
    await outbox.markSentEach([{ id: first?.id ?? "", attempts: first?.attempts ?? 0, externalId: null, sentAt: T0 }]);
    expect(await outbox.countByStatus("broadcast_1:")).toEqual({ sent: 1, pending: 2 });
    expect(await outbox.countByStatus("broadcast%")).toEqual({ pending: 1 });
    expect(await outbox.countByStatus("nothing:")).toEqual({});
    expect(await outbox.countByStatus("")).toEqual({ sent: 1, pending: 5 });
  });
});

describe("privacy", () => {
  it("erases recipient and text once a message is sent or has failed for good", async () => {
    const local = freshDatabase();
    try {
      await local.store.outbox.enqueue([
        {
          channel: "telegram",
          recipient: "555000111",
          respondentId: null,
          payload: { text: "secret words" },
          priority: 0,
          dedupeKey: "p:1",
        },
        {
          channel: "telegram",
          recipient: "555000222",
          respondentId: null,
          payload: { text: "more words" },
          priority: 0,
          dedupeKey: "p:2",
        },
      ]);
      const [a, b] = await local.store.outbox.claim(new Date(), 10, 60_000);
      if (!a || !b) throw new Error("nothing claimed");
      await local.store.outbox.markSentEach([{ id: a.id, attempts: a.attempts, externalId: "77", sentAt: new Date() }]);
      await local.store.outbox.markFailed(b.id, "stopped");
      const rows = local.sql.prepare(`SELECT recipient, payload, status, "externalId" FROM "Outbox" ORDER BY "dedupeKey"`).all();
      expect(rows).toEqual([
        { recipient: "", payload: "null", status: "sent", externalId: "77" },
        { recipient: "", payload: "null", status: "failed", externalId: null },
      ]);
    } finally {
      await local.close();
    }
  });
});
