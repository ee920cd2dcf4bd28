import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { broadcastRenderers } from "../../src/channels/registry.ts";
import { silentLogger } from "../../src/log.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary } from "../../src/reports/summary.ts";
import { summaryText } from "../../src/reports/text.ts";
import { createConsultationJob } from "../../src/usecases/staff/job.ts";
import { freshDatabase, type TestDatabase, t, withDefaults } from "../support/db.ts";

/** Wednesday 18 November 2026, 12:00 in Chisinau. */
const NOW = new Date("2026-11-18T10:00:00Z");
const TZ = "Europe/Chisinau";
let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
});
afterAll(() => db.close());

const choices = [
  { ro: "Luni", en: "Monday" },
  { ro: "Joi", en: "Thursday" },
];

/** A consultation sent through the real job, to people who then answer; `finish` sends every message. */
async function consultation(id: string, replies: number[], finish: boolean) {
  const people = [];
  for (let i = 0; i < replies.length; i++) {
    const r = await db.store.respondents.upsert("telegram", `${id}-${i}`);
    await db.store.respondents.update(r.id, { locale: "ro" });
    people.push(r.id);
  }
  await db.store.consultations.create({
    id,
    createdById: null,
    sourceLocale: "ro",
    text: { ro: `Ce zi vă convine? (${id})`, en: `Which day suits you? (${id})` },
    choices,
    audience: { all: true },
  });
  await db.store.consultations.startSending(id, NOW);
  const job = createConsultationJob({
    store: db.store,
    renderers: broadcastRenderers(t),
    log: silentLogger,
    defaultLocale: "ro",
  });
  await job.tick(NOW);
  if (finish) {
    for (const m of await db.store.outbox.claim(NOW, 1000, 60_000))
      await db.store.outbox.markSentEach([{ id: m.id, attempts: m.attempts, externalId: "1", sentAt: NOW }]);
  }
  for (const [i, choice] of replies.entries()) {
    await db.store.consultations.reply({ consultationId: id, respondentId: people[i] as string, choice, text: null }, NOW);
  }
  await job.tick(NOW);
}

const closedAt = (id: string) =>
  db.sql.prepare(`SELECT "status", "closedAt" FROM "Consultation" WHERE "id" = ?`).get(id) as {
    status: string;
    closedAt: string | null;
  };

describe("consultations closed in a summary's period", () => {
  it("are those whose broadcast finished: the final count closes them", async () => {
    await consultation("closed000001", [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0], true);
    await consultation("sending00002", [0, 0, 0, 0, 0], false);
    expect(closedAt("closed000001")).toMatchObject({ status: "sent" });
    expect(closedAt("closed000001").closedAt).not.toBeNull();
    expect(closedAt("sending00002")).toEqual({ status: "sending", closedAt: null });

    const summary = await computeSummary(db.store, { period: weekContaining(NOW, TZ), minCell: 5 });
    expect(summary.consultations.map((c) => c.id)).toEqual(["closed000001"]);
    expect(summary.consultations[0]).toMatchObject({ replies: { type: "shown", n: 11 }, choices: true });
    expect(summary.consultations[0]?.leading.map((l) => l.text.en)).toEqual(["Thursday"]);
    const text = summaryText(summary, "en", t);
    expect(text).toContain("1 consultation closed:");
    expect(text).toContain("Which day suits you? (closed000001)");
    expect(text).toContain("most chose “Thursday”");
    expect(text).not.toContain("sending00002");
  });

  it("are not in the week before the one they finished in", async () => {
    const before = weekContaining(new Date(NOW.getTime() - 7 * 86_400_000), TZ);
    expect((await computeSummary(db.store, { period: before, minCell: 5 })).consultations).toEqual([]);
  });
});
