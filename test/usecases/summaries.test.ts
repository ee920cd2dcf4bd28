import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { summaryRenderers } from "../../src/channels/registry.ts";
import type { Locale } from "../../src/engine/locale.ts";
import { silentLogger } from "../../src/log.ts";
import { createNodeSummaryBuilder } from "../../src/reports/build.node.ts";
import type { StaffRole, Store } from "../../src/store/ports.ts";
import { nextFire, parseCron } from "../../src/usecases/summaries/cron.ts";
import { createSummaries, type DueRun, type SummaryDeps } from "../../src/usecases/summaries/index.ts";
import { respond } from "../reports/fixtures.ts";
import { freshDatabase, type TestDatabase, t, withDefaults } from "../support/db.ts";

const TZ = "Europe/Chisinau";
let db: TestDatabase;

/** A "process": its own summaries object over the same database, as after a restart. */
function server(store: Store = db.store, extra: Partial<SummaryDeps> = {}) {
  const builder = createNodeSummaryBuilder({ store, t, minCell: 5 });
  return createSummaries({
    store,
    log: silentLogger,
    t,
    defaultLocale: "ro",
    timeZone: TZ,
    minCell: 5,
    weeklyCron: "0 8 * * 1",
    monthlyCron: "0 8 1 * *",
    renderers: summaryRenderers(t, "https://glas.example.md"),
    attachments: (summary, locale) => builder.render(summary, locale),
    ...extra,
  });
}

const at = (iso: string) => new Date(iso);
const outcome = (runs: DueRun[], kind: "week" | "month") => runs.find((r) => r.kind === kind);
const rows = (like: string) =>
  db.sql.prepare(`SELECT "dedupeKey", "channel", "payload" FROM "Outbox" WHERE "dedupeKey" LIKE ? ORDER BY "id"`).all(like) as {
    dedupeKey: string;
    channel: string;
    payload: string;
  }[];
const jobRun = (periodKey: string) =>
  db.sql.prepare(`SELECT "status", "finishedAt" FROM "JobRun" WHERE "job" = 'summary' AND "periodKey" = ?`).get(periodKey) as
    | { status: string; finishedAt: string | null }
    | undefined;

async function member(channel: string, platformId: string, locale: Locale, role: StaffRole = "directorate") {
  const r = await db.store.respondents.upsert(channel, platformId);
  await db.store.respondents.update(r.id, { locale });
  return db.store.staff.enrol({ respondentId: r.id, role, serviceId: null, localityId: null }, new Date());
}

let directorate: string[] = [];
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  const ana = await member("telegram", "7001", "ro");
  const ivan = await member("telegram", "7002", "ru");
  const olena = await member("viber", "olena-viber-id==", "uk");
  await member("telegram", "7004", "ro", "social_worker");
  const gone = await member("telegram", "7005", "en");
  await db.store.staff.revoke(gone.id, new Date());
  directorate = [ana.id, ivan.id, olena.id];
});
afterAll(() => db.close());

describe("the cron reading", () => {
  it.each([
    // Monday 08:00 in Chisinau: UTC+2 in winter, UTC+3 in summer.
    { cron: "0 8 * * 1", tz: TZ, from: "2026-11-23T00:00:00+02:00", fires: "2026-11-23T06:00:00.000Z" },
    { cron: "0 8 * * 1", tz: TZ, from: "2026-10-26T00:00:00+02:00", fires: "2026-10-26T06:00:00.000Z" },
    { cron: "0 8 * * 1", tz: TZ, from: "2026-03-30T00:00:00+03:00", fires: "2026-03-30T05:00:00.000Z" },
    { cron: "0 8 * * mon", tz: "Europe/Kyiv", from: "2026-10-26T00:00:00+02:00", fires: "2026-10-26T06:00:00.000Z" },
    { cron: "0 8 1 * *", tz: "Europe/Kyiv", from: "2026-11-01T00:00:00+02:00", fires: "2026-11-01T06:00:00.000Z" },
    { cron: "0 0 8 1 * *", tz: TZ, from: "2026-04-01T00:00:00+03:00", fires: "2026-04-01T05:00:00.000Z" },
    { cron: "30 7 * * 1-5", tz: TZ, from: "2026-11-21T00:00:00+02:00", fires: "2026-11-23T05:30:00.000Z" },
    { cron: "*/20 9 * * 0,7", tz: TZ, from: "2026-11-23T00:00:00+02:00", fires: "2026-11-29T07:00:00.000Z" },
    // Times skipped on the last Sunday of March (02:00–03:00 in Chisinau, 03:00–04:00 in Kyiv)
    // do not happen that day: the next Sunday's does, as with cron.
    { cron: "30 2 * * 0", tz: TZ, from: "2026-03-29T00:00:00+02:00", fires: "2026-04-04T23:30:00.000Z" },
    { cron: "30 3 * * 0", tz: TZ, from: "2026-03-29T00:00:00+02:00", fires: "2026-03-29T00:30:00.000Z" },
    { cron: "30 3 * * 0", tz: "Europe/Kyiv", from: "2026-03-29T00:00:00+02:00", fires: "2026-04-05T00:30:00.000Z" },
  ])("$cron from $from in $tz fires at $fires", ({ cron, tz, from, fires }) => {
    expect(nextFire(parseCron(cron), new Date(from), tz)?.toISOString()).toBe(fires);
  });

  it("never fires on 31 February, and refuses what is not cron", () => {
    expect(nextFire(parseCron("0 8 31 2 *"), new Date("2026-01-01T00:00:00Z"), TZ)).toBeNull();
    expect(() => parseCron("0 8 * *")).toThrow(/5 or 6 fields/);
    expect(() => parseCron("0 25 * * 1")).toThrow(/out of range/);
  });
});

describe("scheduled summaries", () => {
  it("sends nothing for last week before Monday 08:00", async () => {
    const runs = await server().runDue(at("2026-11-23T05:59:00Z")); // 07:59 in Chisinau
    expect(outcome(runs, "week")).toMatchObject({ periodKey: "week:2026-W47", outcome: "not-due" });
    expect(rows("summary:week:%")).toEqual([]);
    expect(jobRun("week:2026-W47")).toBeUndefined();
  });

  it("at 08:00 queues the week's text, chart and workbook once to each directorate member", async () => {
    const runs = await server().runDue(at("2026-11-23T06:00:00Z"));
    expect(outcome(runs, "week")).toEqual({ kind: "week", periodKey: "week:2026-W47", outcome: "sent", recipients: 3 });
    const queued = rows("summary:week:2026-W47:%");
    expect(queued.map((r) => r.dedupeKey).sort()).toEqual(
      // Each reader appears by a keyed hash of their staff id: a sent message's key names no one.
      (await Promise.all(directorate.map((id) => db.store.pseudonym(id))))
        .flatMap((who) => [0, 1, 2].map((part) => `summary:week:2026-W47:${who}:${part}`))
        .sort(),
    );
    // The rows hold a reference to the stored file, never its bytes.
    for (const row of queued) expect(row.payload.length).toBeLessThan(2_000);
    const telegram = queued.filter((r) => r.channel === "telegram").map((r) => JSON.parse(r.payload) as { method: string });
    expect(telegram.map((p) => p.method)).toEqual([
      "sendMessage",
      "sendPhoto",
      "sendDocument",
      "sendMessage",
      "sendPhoto",
      "sendDocument",
    ]);
    const viber = queued.filter((r) => r.channel === "viber").map((r) => JSON.parse(r.payload) as { type: string });
    expect(viber.map((p) => p.type)).toEqual(["text", "picture", "file"]);
    // One chart and one workbook per language read (ro, ru, uk), none for the revoked member's en.
    const files = db.sql
      .prepare(`SELECT "filename" FROM "StoredFile" WHERE "filename" LIKE '%-W47-%' ORDER BY "filename"`)
      .all() as { filename: string }[];
    expect(files.map((f) => f.filename)).toEqual([
      "glas-chart-2026-W47-ro.png",
      "glas-chart-2026-W47-ru.png",
      "glas-chart-2026-W47-uk.png",
      "glas-indicators-2026-W47-ro.xlsx",
      "glas-indicators-2026-W47-ru.xlsx",
      "glas-indicators-2026-W47-uk.xlsx",
    ]);
    expect(jobRun("week:2026-W47")?.status).toBe("finished");
  });

  it("does not send it again after a restart, nor from a second process", async () => {
    const before = rows("summary:%").length;
    const [a, b] = await Promise.all([server().runDue(at("2026-11-23T06:05:00Z")), server().runDue(at("2026-11-23T06:05:00Z"))]);
    expect(outcome(a, "week")?.outcome).toBe("done");
    expect(outcome(b, "week")?.outcome).toBe("done");
    expect(rows("summary:%").length).toBe(before);
  });

  it("two processes at once at 08:00: one sends, the other finds it claimed", async () => {
    const [a, b] = await Promise.all([server().runDue(at("2026-11-30T06:00:00Z")), server().runDue(at("2026-11-30T06:00:00Z"))]);
    expect([outcome(a, "week")?.outcome, outcome(b, "week")?.outcome].sort()).toEqual(["done", "sent"]);
    expect(rows("summary:week:2026-W48:%")).toHaveLength(9);
  });

  it("after downtime sends only the latest missed week and month, once it is past their time", async () => {
    // Down from Sunday 6 December to Tuesday 15 December, 10:00: weeks 49 and 50 were missed.
    const runs = await server().runDue(at("2026-12-15T08:00:00Z"));
    expect(outcome(runs, "week")).toMatchObject({ periodKey: "week:2026-W50", outcome: "sent" });
    expect(outcome(runs, "month")).toMatchObject({ periodKey: "month:2026-11", outcome: "sent" });
    expect(rows("summary:week:2026-W49:%")).toEqual([]);
    expect(rows("summary:week:2026-W50:%")).toHaveLength(9);
    expect(rows("summary:month:2026-11:%")).toHaveLength(9);
  });

  it("takes up a run cut short by a crash after 15 minutes, without sending anything twice", async () => {
    // The process dies after queueing, before marking the run finished.
    const crashing: Store = {
      ...db.store,
      jobs: {
        ...db.store.jobs,
        finish: async () => {
          throw new Error("process killed");
        },
      },
    };
    const runs = await server(crashing).runDue(at("2026-12-21T06:00:00Z"));
    expect(outcome(runs, "week")).toBeUndefined(); // the run failed (and was logged)
    expect(jobRun("week:2026-W51")?.status).toBe("running");
    const queued = rows("summary:week:2026-W51:%").length;
    expect(queued).toBe(9);

    expect(outcome(await server().runDue(at("2026-12-21T06:10:00Z")), "week")?.outcome).toBe("done");
    expect(outcome(await server().runDue(at("2026-12-21T06:16:00Z")), "week")?.outcome).toBe("sent");
    expect(rows("summary:week:2026-W51:%")).toHaveLength(queued);
    expect(jobRun("week:2026-W51")?.status).toBe("finished");
  });

  it("a run that failed before queueing anything is sent in full when taken up", async () => {
    let calls = 0;
    const failing: Store = {
      ...db.store,
      outbox: {
        ...db.store.outbox,
        enqueue: async (messages) => {
          if (++calls === 1) throw new Error("database locked");
          return db.store.outbox.enqueue(messages);
        },
      },
    };
    await server(failing).runDue(at("2026-12-28T06:00:00Z"));
    expect(rows("summary:week:2026-W52:%")).toEqual([]);
    await server(failing).runDue(at("2026-12-28T06:20:00Z"));
    expect(rows("summary:week:2026-W52:%")).toHaveLength(9);
  });

  it.each([
    // The week holding the end of summer time (Sunday 25 October, 03:00 → 02:00), 169 hours long:
    // its first half-hour is on summer time, its last on winter time.
    {
      name: "October",
      notYet: "2026-10-26T05:00:00Z",
      due: "2026-10-26T06:00:00Z",
      key: "week:2026-W43",
      inside: ["2026-10-18T21:30:00Z", "2026-10-25T21:30:00Z"],
      outside: ["2026-10-18T20:30:00Z", "2026-10-25T22:30:00Z"],
    },
    // The one holding its start (Sunday 29 March, 02:00 → 03:00), 167 hours; 08:00 is then 05:00 UTC.
    {
      name: "March",
      notYet: "2026-03-30T04:59:00Z",
      due: "2026-03-30T05:00:00Z",
      key: "week:2026-W13",
      inside: ["2026-03-22T22:30:00Z", "2026-03-29T20:30:00Z"],
      outside: ["2026-03-22T21:30:00Z", "2026-03-29T21:30:00Z"],
    },
  ])("across the daylight-saving change in $name, covers the local week and goes at 08:00 local time", async (c) => {
    // Three people at each moment inside (six: enough to be shown), one at each outside.
    for (const when of [...c.inside, ...c.inside, ...c.inside, ...c.outside]) {
      await respond(db.store, { service: null, at: when, answers: { staff_respect: 5 } });
    }
    const summaries = server(db.store, { attachments: null });
    expect(outcome(await summaries.runDue(at(c.notYet)), "week")).toMatchObject({ periodKey: c.key, outcome: "not-due" });
    expect(outcome(await summaries.runDue(at(c.due)), "week")).toMatchObject({ periodKey: c.key, outcome: "sent" });
    const queued = rows(`summary:${c.key}:%`);
    expect(queued).toHaveLength(3);
    const ro = queued
      .map((r) => JSON.parse(r.payload) as { params?: { text?: string } })
      .map((p) => p.params?.text ?? "")
      .find((text) => text.includes("Rezumatul săptămânii"));
    // Only the answers inside the local week count (a Monday 00:30 and a Sunday 23:30).
    expect(ro).toContain("👥 6 ");
    // Without a chart and workbook (as on Workers), the text goes alone and says where to get them.
    expect(ro).toContain(t("ro", "summary.delivery.noFiles"));
  });

  it("claims nothing while there is nobody to send to", async () => {
    const empty = freshDatabase();
    try {
      await withDefaults(empty);
      const runs = await server(empty.store).runDue(at("2026-11-23T06:00:00Z"));
      expect(outcome(runs, "week")?.outcome).toBe("no-recipients");
      expect(empty.sql.prepare(`SELECT COUNT(*) AS n FROM "JobRun"`).get()).toEqual({ n: 0 });
    } finally {
      await empty.close();
    }
  });
});
