import path from "node:path";
import Database from "better-sqlite3";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import type { EngineEvent } from "../src/engine/events.ts";
import type { Ask } from "../src/engine/intents.ts";
import { silentLogger } from "../src/log.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { type RespondDeps, respond } from "../src/usecases/respond.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";
import { answerFor } from "./engine.ts";
import { type Figure, rate, tempDir } from "./support.ts";

/** One person takes the whole default survey through the real use case and store. */
async function takeSurvey(deps: RespondDeps, person: number): Promise<number> {
  const platformId = `bench-${person}`;
  let seq = 0;
  let answers = 0;
  const at = () => new Date(Date.UTC(2026, 10, 24, 8, 0, seq)).toISOString();
  let event: EngineEvent = { id: `${platformId}:${seq}`, at: at(), type: "start" };
  let draftTicked = false;
  for (;;) {
    const result = await respond(deps, { channel: "bench", platformId, suggestedLocale: "ro", type: "event", event });
    seq++;
    answers += result.intents.filter((i) => i.type === "answered").length;
    const ask = result.intents.findLast((i): i is Ask => i.type === "ask");
    if (result.intents.some((i) => i.type === "end") || !ask) return answers;
    let next: { type: "press"; data: string } | { type: "text"; text: string } =
      ask.ref === "consent" ? { type: "press", data: "consent:yes" } : answerFor(ask);
    if (next.type === "press" && /:t\d+$/.test(next.data)) {
      if (draftTicked) next = { type: "press", data: next.data.replace(/:t\d+$/, ":done") };
      draftTicked = !draftTicked;
    }
    event = { id: `${platformId}:${seq}`, at: at(), ...next };
  }
}

/** The ceiling: the same answer rows inserted with raw better-sqlite3, one statement each. */
function rawInserts(file: string, ms: number): Promise<number> {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  const versionId = (db.prepare(`SELECT id FROM "SurveyVersion" LIMIT 1`).get() as { id: string }).id;
  const response = db.prepare(
    `INSERT INTO "Response" (id, "surveyVersionId", locale, status, "startedAt") VALUES (?, ?, 'ro', 'in_progress', ?)`,
  );
  const answer = db.prepare(
    `INSERT INTO "Answer" (id, "responseId", question, value, number, indicator, "answeredAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  let n = 0;
  return rate(ms, () => {
    const responseId = `raw-${n++}`;
    response.run(responseId, versionId, new Date().toISOString());
    for (let q = 0; q < 12; q++)
      answer.run(crypto.randomUUID(), responseId, `q${q}`, "4", 4, "RIGHTS_DIGNITY", new Date().toISOString());
    return 12;
  }).finally(() => db.close());
}

export async function benchPersistence(ms: number): Promise<Figure[]> {
  const tmp = tempDir("glas-bench-");
  try {
    const url = `file:${path.join(tmp.dir, "glas.db")}`;
    await migrate(url);
    const store = createPrismaStore(openDatabase(url));
    await ensureDefaults(store, shippedSurveys());
    const deps: RespondDeps = { store, log: silentLogger, defaultLocale: "ro", defaultSurvey: DEFAULT_SURVEY };
    let person = 0;
    const persisted = await rate(ms, () => takeSurvey(deps, person++));
    await store.close();
    const raw = await rawInserts(url.replace(/^file:/, ""), ms);
    return [
      { name: "answers persisted/s via respond() (SQLite WAL)", value: persisted, unit: "answers/s" },
      { name: "raw better-sqlite3 answer inserts/s (ceiling)", value: raw, unit: "inserts/s" },
      { name: "ratio persisted / raw", value: persisted / raw, unit: "", note: "same run, same file" },
    ];
  } finally {
    tmp.remove();
  }
}
