import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import type { Intent } from "../../src/engine/intents.ts";
import { respond } from "../../src/usecases/respond.ts";
import { importSurvey } from "../../src/usecases/surveys.ts";
import { conversation, kinds } from "../support/conversation.ts";
import { freshDatabase, respondDeps, type TestDatabase, withDefaults } from "../support/db.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
});
afterAll(() => db.close());

type Convo = ReturnType<typeof conversation>;

/** Answers whatever is asked with the first real choice, until the survey ends. */
async function answerAll(c: Convo): Promise<Intent[]> {
  for (let guard = 0; guard < 40; guard++) {
    const ask = c.ask;
    if (!ask) throw new Error("nothing asked");
    let result: Awaited<ReturnType<Convo["press"]>>;
    if (ask.ref === "language") result = await c.press("lang:en");
    else if (ask.ref === "consent") result = await c.press("consent:yes");
    else if (ask.input === "text") result = await c.text("Mulțumesc pentru tot");
    else if (ask.input === "number") result = await c.text("3");
    else {
      const first = ask.buttons.flat()[0];
      if (!first) throw new Error(`no buttons on ${ask.ref}`);
      result = await c.press(first.id);
      if (first.id.includes(":t")) result = await c.press(first.id.replace(/:t\d+$/, ":done"));
    }
    if (result.intents.some((i) => i.type === "end")) return result.intents;
  }
  throw new Error("survey did not end");
}

const count = (table: string, where = "1=1", ...params: unknown[]) =>
  (db.sql.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get(...params) as { n: number }).n;

/** A person's session: version and the answers waiting in it until the survey is completed. */
function sessionOf(platformId: string): { version: number; answers: Record<string, unknown> } {
  const row = db.sql
    .prepare(`SELECT s.state, s.version FROM "Session" s JOIN "Respondent" r ON r.id = s."respondentId" WHERE r."platformId" = ?`)
    .get(platformId) as { state: string; version: number };
  return { version: row.version, answers: (JSON.parse(row.state) as { answers: Record<string, unknown> }).answers };
}

describe("respond", () => {
  it("runs the default survey from start to thanks and stores one row per answer", async () => {
    const c = conversation(respondDeps(db.store), "person-1", { locale: "en" });
    const first = await c.start();
    expect(first.intents[0]).toMatchObject({ type: "ask", ref: "consent" });
    const last = await answerAll(c);
    expect(kinds(last)).toEqual(["answered", "say", "end"]);
    const response = db.sql.prepare(`SELECT * FROM "Response"`).get() as Record<string, unknown>;
    expect(response).toMatchObject({ status: "completed", respondentId: null, locale: "en" });
    const answers = count("Answer", `"responseId" = ?`, response.id);
    expect(answers).toBeGreaterThanOrEqual(10);
    expect(count("Answer", `"indicator" IS NULL`)).toBe(0);
    expect(count("Session")).toBe(0); // finished: nothing links the anonymous response to the person
    expect(count("Participation")).toBe(1);
  });

  it("credits the service named by the deep link", async () => {
    const c = conversation(respondDeps(db.store), "person-2", { locale: "ro" });
    await c.start({ serviceCode: "DEMO" });
    await answerAll(c);
    const service = db.sql.prepare(`SELECT id FROM "Service" WHERE code = 'DEMO'`).get() as { id: string };
    expect(count("Response", `"serviceId" = ?`, service.id)).toBe(1);
    expect(count("Answer", `"serviceId" = ?`, service.id)).toBeGreaterThan(0);
    expect(count("Respondent", `"platformId" = 'person-2' AND "serviceId" = ?`, service.id)).toBe(1);
  });

  it("records nothing twice when the same event is delivered again", async () => {
    const c = conversation(respondDeps(db.store), "person-3", { locale: "uk" });
    await c.start();
    await c.press("consent:yes");
    const event = { ...c.next(), type: "press" as const, data: "q0:0" };
    const inbound = { ...c.sender, type: "event" as const, event };
    const once = await c.resend(inbound);
    const twice = await c.resend(inbound);
    expect(kinds(once.intents)).toEqual(["answered", "ask"]);
    expect(twice.intents).toEqual([]);
    // The answer waits in the session (once) until the survey is completed.
    expect(sessionOf("person-3")).toMatchObject({ version: 2, answers: { visit_frequency: "daily" } });
    expect(count("Answer", `question = 'visit_frequency'`)).toBe(2); // the two finished surveys above
  });

  it("records one answer when the same button is pressed twice at once", async () => {
    const deps = respondDeps(db.store);
    const c = conversation(deps, "person-4", { locale: "ru" });
    await c.start();
    await c.press("consent:yes");
    const before = sessionOf("person-4").version;
    const [a, b] = await Promise.all([c.press("q0:1"), c.press("q0:2")]);
    const winners = [a, b].filter((r) => r.intents.some((i) => i.type === "answered"));
    expect(winners).toHaveLength(1);
    const after = sessionOf("person-4");
    expect(after.version).toBe(before + 1);
    expect(Object.keys(after.answers)).toEqual(["visit_frequency"]);
  });

  it("writes a completed response that a crash kept from being written, at the person's next message", async () => {
    const crashing = {
      ...db.store,
      responses: {
        ...db.store.responses,
        write: () => Promise.reject(new Error("killed while writing the response")),
      },
    };
    const c = conversation(respondDeps(crashing), "person-crash", { locale: "en" });
    await c.start();
    await expect(answerAll(c)).rejects.toThrow("killed while writing the response");
    const responses = count("Response");
    expect(count("Session", `state LIKE '%"phase":"completed"%'`)).toBe(1);
    const again = conversation(respondDeps(db.store), "person-crash", { locale: "en", idPrefix: "after-crash" });
    await again.start();
    expect(count("Response")).toBe(responses + 1);
    expect(count("Session", `state LIKE '%"phase":"completed"%'`)).toBe(0);
  });

  it("resumes exactly where the person was after a restart", async () => {
    const c = conversation(respondDeps(db.store), "person-5", { locale: "en" });
    await c.start();
    await c.press("consent:yes");
    await c.press("q0:0");
    // A new store on the same file, as after a restart of the process.
    const { createPrismaStore } = await import("../../src/store/prisma/index.ts");
    const { openDatabase } = await import("../../src/store/prisma/database.node.ts");
    const restarted = createPrismaStore(openDatabase(db.url));
    const again = conversation(respondDeps(restarted), "person-5", {
      locale: "en",
      start: new Date("2026-11-24T09:00:00Z"),
      idPrefix: "after-restart",
    });
    const resumed = await again.start();
    expect(resumed.intents[0]).toMatchObject({ type: "say", parts: [{ key: "survey.resumed" }] });
    expect(resumed.intents[1]).toMatchObject({ type: "ask", ref: "staff_respect" });
    await restarted.close();
  });

  it("asks again in the person's language when a sticker arrives instead of an answer", async () => {
    const c = conversation(respondDeps(db.store), "person-6", { locale: "uk" });
    await c.start();
    const result = await c.event({ type: "unsupported" });
    expect(result.locale).toBe("uk");
    expect(result.intents[0]).toMatchObject({ type: "reask", reason: "unsupported", ask: { ref: "consent" } });
  });

  it("keeps answers pointing at the survey version they answered", async () => {
    const file = YAML.parse(readFileSync("surveys/child-feedback.yaml", "utf8"));
    const c = conversation(respondDeps(db.store), "person-7", { locale: "en" });
    await c.start({ surveySlug: "child-feedback" });
    await c.press("consent:yes");
    await c.press("q0:4");
    const changed = { ...file, title: { ...file.title, en: "A changed title" } };
    const imported = await importSurvey(db.store, changed);
    expect(imported).toMatchObject({ type: "imported", created: true, survey: { version: 2 } });
    await answerAll(c);
    const row = db.sql
      .prepare(
        `SELECT v.version FROM "Response" r JOIN "SurveyVersion" v ON v.id = r."surveyVersionId" JOIN "Survey" s ON s.id = v."surveyId" WHERE s.slug = 'child-feedback'`,
      )
      .get() as { version: number };
    expect(row.version).toBe(1);
    const unchanged = await importSurvey(db.store, changed);
    expect(unchanged).toMatchObject({ type: "imported", created: false, survey: { version: 2 } });
  });

  it("stops broadcasts on /stop and takes the person back on /start", async () => {
    const c = conversation(respondDeps(db.store), "person-8", { locale: "ro" });
    await c.start();
    const stopped = await c.command("stop");
    expect(stopped.intents[0]).toMatchObject({ parts: [{ key: "command.stop.done" }] });
    expect(count("Respondent", `"platformId" = 'person-8' AND status = 'stopped'`)).toBe(1);
    const back = await c.start();
    expect(back.intents[0]).toMatchObject({ parts: [{ key: "command.start.resubscribed" }] });
    expect(count("Respondent", `"platformId" = 'person-8' AND status = 'active'`)).toBe(1);
  });

  it("says there is no survey when none is loaded, instead of failing", async () => {
    const empty = freshDatabase();
    try {
      const result = await respond(respondDeps(empty.store), {
        channel: "terminal",
        platformId: "x",
        type: "event",
        event: { id: "1", at: "2026-11-24T08:00:00Z", type: "start" },
      });
      expect(result.intents).toMatchObject([{ type: "say", parts: [{ key: "survey.noSurvey" }] }]);
    } finally {
      await empty.close();
    }
  });
});

describe("/forget", () => {
  it("erases every row holding the person's id, and keeps anonymous answers", async () => {
    const named = YAML.parse(readFileSync("surveys/child-feedback.yaml", "utf8"));
    await importSurvey(db.store, { ...named, slug: "named-feedback", anonymous: false });
    const c = conversation(respondDeps(db.store), "forget-me-123", { locale: "en" });
    await c.start();
    await answerAll(c); // anonymous
    await c.start({ surveySlug: "named-feedback" });
    await answerAll(c); // linked to the person
    await c.start({ surveySlug: "named-feedback" }); // and one left unfinished
    await c.press("consent:yes");
    await c.press("q0:2");
    const respondent = db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = 'forget-me-123'`).get() as { id: string };
    const anonymousBefore = count("Response", `"respondentId" IS NULL`);

    const asked = await c.command("forget");
    expect(asked.intents[0]).toMatchObject({ type: "ask", ref: "forget" });
    const done = await c.press("forget:yes");
    expect(done.intents[0]).toMatchObject({ parts: [{ key: "command.forget.done" }] });
    expect(done.locale).toBe("en");

    const tables = (
      db.sql
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'`)
        .all() as { name: string }[]
    ).map((r) => r.name);
    for (const table of tables) {
      const rows = db.sql.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
      const holding = rows.filter((r) =>
        Object.values(r).some((v) => typeof v === "string" && (v.includes(respondent.id) || v.includes("forget-me-123"))),
      );
      expect(holding, `table ${table}`).toEqual([]);
    }
    expect(count("Response", `"respondentId" IS NULL`)).toBe(anonymousBefore);
  });

  it("erases nothing when the person says no", async () => {
    const c = conversation(respondDeps(db.store), "keep-me", { locale: "ru" });
    await c.start();
    await c.command("forget");
    const kept = await c.press("forget:no");
    expect(kept.intents[0]).toMatchObject({ parts: [{ key: "command.forget.kept" }] });
    expect(count("Respondent", `"platformId" = 'keep-me'`)).toBe(1);
  });
});

describe("abandoned sessions", () => {
  it("are deleted after the expiry, and their unfinished answers with them (never written)", async () => {
    const { purgeAbandonedSessions } = await import("../../src/usecases/housekeeping.ts");
    const { silentLogger } = await import("../../src/log.ts");
    const c = conversation(respondDeps(db.store), "abandons", { locale: "ro", start: new Date("2026-01-10T10:00:00Z") });
    await c.start({ surveySlug: "child-feedback" });
    await c.press("consent:yes");
    await c.press("q0:3");
    const respondent = db.sql.prepare(`SELECT id FROM "Respondent" WHERE "platformId" = 'abandons'`).get() as { id: string };
    const session = db.sql.prepare(`SELECT "responseId" FROM "Session" WHERE "respondentId" = ?`).get(respondent.id) as {
      responseId: string;
    };
    // Sessions are stamped by the database clock; anything stamped before "now - 72 h" goes.
    const purged = await purgeAbandonedSessions(db.store, silentLogger, new Date(Date.now() + 73 * 3600_000));
    expect(purged).toBeGreaterThanOrEqual(1);
    expect(count("Session", `"respondentId" = ?`, respondent.id)).toBe(0);
    expect(count("Response", "id = ?", session.responseId)).toBe(0);
    expect(count("Answer", `"responseId" = ?`, session.responseId)).toBe(0);
    const fresh = await purgeAbandonedSessions(db.store, silentLogger, new Date());
    expect(fresh).toBe(0);
  });
});
