import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedExampleWeek } from "../reports/fixtures.ts";
import { glas } from "../support/cli.ts";
import { freshDatabase, type TestDatabase } from "../support/db.ts";

let db: TestDatabase;
let env: Record<string, string>;

beforeAll(async () => {
  db = freshDatabase();
  await seedExampleWeek(db);
  env = { DATABASE_URL: db.url, TIMEZONE: "Europe/Chisinau", DEFAULT_LOCALE: "ro", MIN_CELL: "5" };
});
afterAll(() => db.close());

const outbox = () =>
  db.sql.prepare(`SELECT "channel", "recipient", "payload", "dedupeKey" FROM "Outbox" ORDER BY "id"`).all() as {
    channel: string;
    recipient: string;
    payload: string;
    dedupeKey: string;
  }[];

async function directorate(channel: string, platformId: string, locale: "ro" | "ru") {
  const r = await db.store.respondents.upsert(channel, platformId);
  await db.store.respondents.update(r.id, { locale });
  return db.store.staff.enrol({ respondentId: r.id, role: "directorate", serviceId: null, localityId: null }, new Date());
}

describe("glas summary --send", () => {
  it("fails with a clear line when there is no directorate staff", async () => {
    const result = await glas(["summary", "--period", "week", "--send"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'Nobody to send it to: there is no directorate staff. Invite them with "glas invite --role directorate".',
    );
    expect(outbox()).toEqual([]);
  });

  it("refuses a period that is not over yet (exit 2), and queues nothing; printing it is fine", async () => {
    // Today in the test's TIMEZONE: a range ending today is not over yet.
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Chisinau" }).format(new Date());
    const result = await glas(["summary", "--from", today, "--to", today, "--send"], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--send delivers closed periods only");
    expect(outbox()).toEqual([]);
    expect((await glas(["summary", "--from", today, "--to", today], { env })).code).toBe(0);
  });

  it("queues the summary to every directorate member, in their language and messenger", async () => {
    const ana = await directorate("telegram", "9001", "ro");
    const ivan = await directorate("viber", "ivan-viber==", "ru");
    const result = await glas(["summary", "--from", "2026-11-16", "--to", "2026-11-22", "--send"], { env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "Summary range:2026-11-16..2026-11-22 queued for 2 people of the directorate; the server sends it.\n",
    );

    const rows = outbox();
    const telegram = rows.filter((r) => r.recipient === "9001");
    // The reader appears by a keyed hash of their staff id: a sent message's key names no one.
    const who = await db.store.pseudonym(ana.id);
    expect(telegram.map((r) => r.dedupeKey.split(":").slice(2).join(":"))).toEqual([`${who}:0`, `${who}:1`, `${who}:2`]);
    expect(rows.some((r) => r.dedupeKey.includes(ana.id))).toBe(false);
    const [text, photo, document] = telegram.map(
      (r) => JSON.parse(r.payload) as { method: string; params: Record<string, string>; file?: { id: string } },
    );
    expect(text?.params.text).toContain("Service A");
    expect(photo?.method).toBe("sendPhoto");
    expect(document?.method).toBe("sendDocument");
    const stored = db.sql
      .prepare(`SELECT "filename", length("bytes") AS size FROM "StoredFile" WHERE "id" = ?`)
      .get(document?.file?.id) as {
      filename: string;
      size: number;
    };
    expect(stored.filename).toBe("glas-indicators-2026-11-16_2026-11-22-ro.xlsx");
    expect(stored.size).toBeGreaterThan(5_000);

    // No PUBLIC_URL: Viber gets the text in Russian, saying where the chart and workbook are.
    const viber = rows.filter((r) => r.recipient === "ivan-viber==");
    const ivanHash = await db.store.pseudonym(ivan.id);
    expect(viber.map((r) => r.dedupeKey.endsWith(`${ivanHash}:0`))).toEqual([true]);
    const message = JSON.parse(viber[0]?.payload ?? "{}") as { type: string; text: string };
    expect(message.type).toBe("text");
    expect(message.text).toContain("📊 Итоги");
    expect(message.text).toContain("Telegram");
  });

  it("sends again when asked again (each --send is a new request)", async () => {
    const before = outbox().length;
    const result = await glas(["summary", "--from", "2026-11-16", "--to", "2026-11-22", "--send"], {
      env: { ...env, PUBLIC_URL: "https://glas.example.md" },
    });
    expect(result.code).toBe(0);
    const added = outbox().slice(before);
    expect(added).toHaveLength(6); // now Viber gets the picture and the file too
    const viber = added
      .filter((r) => r.channel === "viber")
      .map((r) => JSON.parse(r.payload) as { type: string; media?: string });
    expect(viber.map((p) => p.type)).toEqual(["text", "picture", "file"]);
    expect(viber[1]?.media).toMatch(
      /^https:\/\/glas\.example\.md\/files\/[A-Za-z0-9_-]{43}\/glas-chart-2026-11-16_2026-11-22-ru\.png$/,
    );
  });
});
