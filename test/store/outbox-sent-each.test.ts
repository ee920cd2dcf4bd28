import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { NewOutboxMessage, OutboxMessage, OutboxStore } from "../../src/store/ports.ts";
import { createOutboxStore } from "../../src/store/prisma/outbox.ts";
import { shareConnection } from "../../src/store/prisma/sql.ts";
import { freshDatabase, type TestDatabase, throughTheAdapter } from "../support/db.ts";

let db: TestDatabase;
beforeAll(() => {
  db = freshDatabase();
});
afterAll(() => db.close());
beforeEach(() => {
  db.sql.exec(`DELETE FROM "Outbox"`);
});

const T0 = new Date("2026-11-24T08:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
const LEASE_MS = 30_000;

const message = (recipient: string): NewOutboxMessage => ({
  channel: "telegram",
  recipient,
  respondentId: null,
  payload: { text: `Consultare ${recipient}` },
  priority: 1,
  dedupeKey: `consult:test:${recipient}`,
  notBefore: T0,
});

type Row = { id: string; status: string; externalId: string | null; sentAt: string | null; recipient: string; payload: string };
const rows = () =>
  db.sql
    .prepare(`SELECT "id", "status", "externalId", "sentAt", "recipient", "payload", "attempts" FROM "Outbox" ORDER BY "id"`)
    .all() as Row[];
const mark = (m: OutboxMessage | undefined, externalId: string | null, sentAt = at(100)) => {
  if (!m) throw new Error("nothing claimed");
  return { id: m.id, attempts: m.attempts, externalId, sentAt };
};

describe.each([
  { path: "better-sqlite3's kept statements", outbox: (): OutboxStore => db.store.outbox },
  {
    path: "the driver adapter (as on D1)",
    outbox: (): OutboxStore =>
      createOutboxStore(shareConnection(throughTheAdapter(new PrismaBetterSQLite3({ url: db.url }))).sql),
  },
])("marking sent messages together, through $path", ({ outbox: outboxOf }) => {
  let outbox: OutboxStore;
  beforeAll(() => {
    outbox = outboxOf();
  });

  it("marks exactly the rows given, each with its own platform id and time, and erases them", async () => {
    await outbox.enqueue(["701", "702", "703", "704"].map(message));
    const claimed = await outbox.claim(T0, 10, LEASE_MS);
    expect(claimed).toHaveLength(4);
    const [a, b, c] = claimed;
    expect(await outbox.markSentEach([mark(a, "11", at(100)), mark(c, null, at(200))])).toBe(2);
    expect(rows()).toEqual([
      expect.objectContaining({
        id: a?.id,
        status: "sent",
        externalId: "11",
        sentAt: "2026-11-24T08:00:00.100+00:00",
        recipient: "",
        payload: "null",
      }),
      expect.objectContaining({ id: b?.id, status: "sending", externalId: null, sentAt: null, recipient: "702" }),
      expect.objectContaining({
        id: c?.id,
        status: "sent",
        externalId: null,
        sentAt: "2026-11-24T08:00:00.200+00:00",
        recipient: "",
      }),
      expect.objectContaining({ status: "sending", recipient: "704" }),
    ]);
  });

  it("changes nothing when the same marks come again", async () => {
    await outbox.enqueue(["701", "702"].map(message));
    const [a, b] = await outbox.claim(T0, 10, LEASE_MS);
    const marks = [mark(a, "11", at(100)), mark(b, "12", at(100))];
    expect(await outbox.markSentEach(marks)).toBe(2);
    const before = rows();
    expect(await outbox.markSentEach(marks.map((m) => ({ ...m, externalId: "99", sentAt: at(900) })))).toBe(0);
    expect(rows()).toEqual(before);
    expect(await outbox.markSentEach([])).toBe(0);
  });

  it("never marks a row another claimer holds since this claim's lease ran out", async () => {
    await outbox.enqueue([message("701")]);
    const [mine] = await outbox.claim(T0, 10, LEASE_MS);
    const [theirs] = await outbox.claim(at(LEASE_MS + 1), 10, LEASE_MS);
    expect(theirs?.id).toBe(mine?.id);
    expect(await outbox.markSentEach([mark(mine, "11")])).toBe(0);
    expect(rows()).toEqual([expect.objectContaining({ status: "sending", externalId: null, recipient: "701", attempts: 2 })]);
    expect(await outbox.markSentEach([mark(theirs, "12")])).toBe(1);
    expect(rows()).toEqual([expect.objectContaining({ status: "sent", externalId: "12" })]);
  });

  it("never marks a row handed back, nor one that was never claimed", async () => {
    await outbox.enqueue(["701", "702"].map(message));
    const [a] = await outbox.claim(T0, 1, LEASE_MS);
    await outbox.reschedule(a?.id ?? "", at(10), "lease short", { notTried: true });
    const other = rows().find((r) => r.id !== a?.id);
    const unclaimed = { id: other?.id ?? "", attempts: 0, externalId: "13", sentAt: at(100) };
    expect(await outbox.markSentEach([mark(a, "11"), unclaimed])).toBe(0);
    expect(rows().map((r) => r.status)).toEqual(["pending", "pending"]);
  });

  it("marks a few hundred in one statement", async () => {
    const recipients = Array.from({ length: 300 }, (_, i) => String(800_000 + i));
    await outbox.enqueue(recipients.map(message));
    const claimed = await outbox.claim(T0, 300, LEASE_MS);
    expect(await outbox.markSentEach(claimed.map((m, i) => mark(m, String(i))))).toBe(300);
    expect(new Set(rows().map((r) => r.status))).toEqual(new Set(["sent"]));
  });
});
