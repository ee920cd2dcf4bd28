/**
 * Answer databases for the scale curve: 0, 1,000,000 and 10,000,000 answers of the default
 * survey at a steady pace (about a million a year, so a larger database holds a longer
 * history, not a busier month), ending at a fixed day, so every size holds the same last
 * month. Written as the anonymous path writes them: a Response and its Answers with random
 * ids and the local day only, and for the people still kept (the last RETENTION_INACTIVE_DAYS)
 * their Respondent and Participation rows, with the day only.
 *
 * Bulk loading: prepared statements in large transactions into plain staging tables, then one
 * sorted copy into the WITHOUT ROWID tables, whose rows are kept in id order (an append instead
 * of millions of inserts at random places); secondary indexes are dropped during the load and
 * created again from their own SQL at the end. Cached under the OS temp dir by size, migrations and generator, so a second run does
 * not seed again.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { SingleBar } from "cli-progress";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import type { SurveyDefinition } from "../src/engine/definition.ts";
import { startOfDay } from "../src/reports/periods.ts";
import { sqlTime } from "../src/store/prisma/client.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { utcDay } from "../src/store/prisma/day.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";
import { ensurePlaces, LOCALE_WEIGHTS, type Place, pick, random, responseWriter, SEED_TIME_ZONE, uuid } from "./seed.ts";

/** The day after the seeded data (local midnight): its last full month is the one measured. */
export const SCALE_END_DAY = { y: 2026, m: 11, d: 1 };
export const ANSWERS_PER_DAY = 1_000_000 / 365;
/** People who have not written for this long are erased by retention (the default). */
const RETENTION_INACTIVE_DAYS = 730;
const SERVICES = 12;
const LOCALITIES = 4;
const RESPONSES_PER_TRANSACTION = 50_000;
/** Page cache while loading (KiB, as SQLite's negative cache_size): the tables' hot pages stay in memory. */
const LOAD_CACHE_KIB = 1_500_000;
/** Bump when the generated data changes shape, so cached files are rebuilt. */
const GENERATOR_VERSION = 1;
const FILLED_TABLES = ["Response", "Answer", "Respondent", "Participation"];
const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../prisma/migrations");
export const SCALE_CACHE_DIR = path.join(tmpdir(), "glas-bench-scale");

export type ScaleDatabase = { file: string; answers: number; responses: number; respondents: number; seededS: number | null };

export function scaleEnd(): Date {
  return startOfDay(SCALE_END_DAY, SEED_TIME_ZONE);
}

/** The local days of the history, oldest first, each as the instant it starts. */
function historyDays(answers: number): Date[] {
  const count = Math.max(1, Math.ceil(answers / ANSWERS_PER_DAY));
  const end = Date.UTC(SCALE_END_DAY.y, SCALE_END_DAY.m - 1, SCALE_END_DAY.d);
  const days: Date[] = [];
  for (let i = count; i >= 1; i--) {
    const t = new Date(end - i * 86_400_000);
    days.push(startOfDay({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() }, SEED_TIME_ZONE));
  }
  return days;
}

/** Drops the secondary indexes of the tables about to be filled; returns their SQL to create them again. */
function dropIndexes(db: Database.Database): string[] {
  const rows = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${FILLED_TABLES.map(() => "?").join(", ")})`,
    )
    .all(...FILLED_TABLES) as { name: string; sql: string }[];
  for (const row of rows) db.exec(`DROP INDEX "${row.name}"`);
  return rows.map((row) => row.sql);
}

function progressBar(total: number): SingleBar {
  const bar = new SingleBar({
    stream: process.stderr,
    format: "  seeding [{bar}] {percentage}% {value}/{total} answers, {eta_formatted} left",
    hideCursor: true,
    noTTYOutput: true,
    notTTYSchedule: 15_000,
    formatValue: (v, _o, type) => (type === "value" || type === "total" ? v.toLocaleString("en") : String(v)),
  });
  bar.start(total, 0);
  return bar;
}

async function prepare(file: string): Promise<{ versionId: string; surveyId: string; definition: SurveyDefinition }> {
  const url = `file:${path.resolve(file)}`;
  await migrate(url);
  const store = createPrismaStore(openDatabase(url));
  try {
    await ensureDefaults(store, shippedSurveys());
    const survey = await store.surveys.latest(DEFAULT_SURVEY);
    if (!survey) throw new Error(`the default survey "${DEFAULT_SURVEY}" was not imported`);
    return { versionId: survey.versionId, surveyId: survey.surveyId, definition: survey.definition };
  } finally {
    await store.close();
  }
}

/** Seeds `file` (new) with `answers` answers; returns what it holds. */
async function seedScale(file: string, answers: number): Promise<Omit<ScaleDatabase, "file" | "seededS">> {
  const { versionId, surveyId, definition } = await prepare(file);
  const db = new Database(file);
  const rng = random(answers + 7);
  const days = historyDays(answers);
  const kept = scaleEnd().getTime() - RETENTION_INACTIVE_DAYS * 86_400_000;
  const bar = answers > 0 ? progressBar(answers) : null;
  try {
    // Out of WAL (the migration left it on) and into no journal: a failed load is thrown away anyway.
    db.pragma("journal_mode = DELETE");
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma(`cache_size = -${LOAD_CACHE_KIB}`);
    db.pragma("temp_store = FILE");
    const places = db.transaction(() => ensurePlaces(db, rng, SERVICES, LOCALITIES))();
    const indexes = dropIndexes(db);
    const insertRespondent = db.prepare(
      `INSERT INTO "Respondent" ("id", "channel", "platformId", "locale", "consentAt", "status", "createdAt", "updatedAt", "lastActiveDay")
       VALUES (?, 'telegram', ?, ?, ?, 'active', ?, ?, ?)`,
    );
    const insertParticipation = db.prepare(
      `INSERT INTO "Participation" ("id", "respondentId", "surveyId", "count", "lastAt") VALUES (?, ?, ?, 1, ?)`,
    );
    // Staging copies of the two large tables, same columns, no keys: rows are appended as made.
    db.exec(`CREATE TEMP TABLE "StageResponse" AS SELECT * FROM "Response" WHERE 0`);
    db.exec(`CREATE TEMP TABLE "StageAnswer" AS SELECT * FROM "Answer" WHERE 0`);
    const write = responseWriter(db, definition, versionId, { response: "StageResponse", answer: "StageAnswer" });
    const localDays = days.map((d) => sqlTime(d));
    const utcDays = days.map((d) => sqlTime(utcDay(new Date(d.getTime() + 12 * 3_600_000))));
    let written = 0;
    let responses = 0;
    let respondents = 0;
    const batch = db.transaction(() => {
      for (let n = 0; n < RESPONSES_PER_TRANSACTION && written < answers; n++) {
        const place = places[Math.floor(rng() * places.length)] as Place;
        const dayIndex = Math.floor(rng() * days.length);
        const day = localDays[dayIndex] as string;
        const locale = pick(rng, LOCALE_WEIGHTS);
        if ((days[dayIndex] as Date).getTime() >= kept) {
          // A person still kept: the app's Respondent (days only) and its "already answered" mark.
          const respondentId = uuid(rng);
          const personDay = utcDays[dayIndex] as string;
          insertRespondent.run(
            respondentId,
            String(100_000_000 + respondents),
            locale,
            personDay,
            personDay,
            personDay,
            personDay,
          );
          insertParticipation.run(uuid(rng), respondentId, surveyId, personDay);
          respondents++;
        }
        const id = uuid(rng);
        written += write(rng, id, place, locale, day);
        responses++;
      }
    });
    while (written < answers) {
      batch();
      bar?.update(written);
      // The bar draws on a timer: let it run between transactions.
      await new Promise((resolve) => setImmediate(resolve));
    }
    bar?.update(written);
    bar?.stop();
    if (answers > 0) process.stderr.write("  sorting into the tables, creating the indexes again…\n");
    db.exec(`INSERT INTO "Response" SELECT * FROM "StageResponse" ORDER BY "id"`);
    db.exec(`INSERT INTO "Answer" SELECT * FROM "StageAnswer" ORDER BY "id"`);
    db.exec(`DROP TABLE "StageResponse"; DROP TABLE "StageAnswer"`);
    for (const sql of indexes) db.exec(sql);
    db.pragma("journal_mode = WAL");
    return { answers: written, responses, respondents };
  } finally {
    bar?.stop();
    db.close();
  }
}

/** Cached files are named by size, generator and end day, then by the migrations they were seeded or migrated with. */
function cacheName(answers: number): { prefix: string; name: string } {
  const end = `${SCALE_END_DAY.y}-${String(SCALE_END_DAY.m).padStart(2, "0")}-${String(SCALE_END_DAY.d).padStart(2, "0")}`;
  const prefix = `answers-${answers}-v${GENERATOR_VERSION}-${end}-`;
  const migrations = readdirSync(MIGRATIONS_DIR).sort().join(",");
  return { prefix, name: `${prefix}${createHash("sha256").update(migrations).digest("hex").slice(0, 12)}.db` };
}

function counts(file: string): Omit<ScaleDatabase, "file" | "seededS"> {
  const db = new Database(file, { readonly: true });
  try {
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      answers: count(`SELECT count(*) AS n FROM "Answer"`),
      responses: count(`SELECT count(*) AS n FROM "Response"`),
      respondents: count(`SELECT count(*) AS n FROM "Respondent"`),
    };
  } finally {
    db.close();
  }
}

/** The cached database of `answers` answers, seeded first if missing (under another name, renamed when done). */
export async function scaleDatabase(answers: number): Promise<ScaleDatabase> {
  mkdirSync(SCALE_CACHE_DIR, { recursive: true });
  const { prefix, name } = cacheName(answers);
  const file = path.join(SCALE_CACHE_DIR, name);
  if (existsSync(file)) return { file, ...counts(file), seededS: null };
  // Seeded under earlier migrations: brought up to date as a deployment's database is, by migrating it.
  const older = readdirSync(SCALE_CACHE_DIR).find((f) => f.startsWith(prefix) && f.endsWith(".db"));
  if (older) {
    await migrate(`file:${path.join(SCALE_CACHE_DIR, older)}`);
    renameSync(path.join(SCALE_CACHE_DIR, older), file);
    return { file, ...counts(file), seededS: null };
  }
  const partial = `${file}.partial`;
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(partial + suffix, { force: true });
  const started = performance.now();
  const seeded = await seedScale(partial, answers);
  renameSync(partial, file);
  return { file, ...seeded, seededS: (performance.now() - started) / 1000 };
}

/** Bytes of the database file once the write-ahead log is folded in. */
export function databaseBytes(file: string): number {
  const db = new Database(file);
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } finally {
    db.close();
  }
  return statSync(file).size;
}
