/**
 * Synthetic answers for benchmarks: completed responses of the default survey, spread over
 * services, localities and a date range, written with plain better-sqlite3 statements in big
 * transactions (this is a Node-only bench helper; the real code path is bench/persistence.ts).
 * Rows look exactly as respond() and the Prisma store write them: every date is the local day.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import { isShown } from "../src/engine/condition.ts";
import type { Question, SurveyDefinition } from "../src/engine/definition.ts";
import type { Locale } from "../src/engine/locale.ts";
import type { AnswerValue } from "../src/engine/state.ts";
import { localDay, startOfDay } from "../src/reports/periods.ts";
import { sqlTime } from "../src/store/prisma/client.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";

export type SeedOptions = {
  answers: number;
  services?: number;
  localities?: number;
  from?: Date;
  to?: Date;
  seed?: number;
};

export type SeedResult = { responses: number; answers: number };

const DAY_MS = 24 * 60 * 60 * 1000;
const RESPONSES_PER_TRANSACTION = 5000;
/** Bump when the generated data changes shape, so cached files are rebuilt. */
const GENERATOR_VERSION = 2;
const CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".cache");
const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../prisma/migrations");

export const LOCALE_WEIGHTS: [Locale, number][] = [
  ["ro", 0.55],
  ["ru", 0.33],
  ["uk", 0.07],
  ["en", 0.05],
];

const COMMENTS = [
  "Mulțumesc pentru tot, angajații sunt foarte atenți.",
  "Ar fi bine să fie deschis și sâmbăta.",
  "Спасибо, всё хорошо, но очень долго ждать.",
  "Дякую за допомогу, все добре.",
  'Drumul e greu iarna; "transportul" lipsește, iar rampa e stricată.',
  "Хотелось бы больше информации о моих правах, о льготах, о компенсациях.",
  "The staff are kind, the building is cold.",
];

/** mulberry32: small, fast and deterministic for a seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

/** The time zone the seeded days are local to (the default TIMEZONE). */
export const SEED_TIME_ZONE = "Europe/Chisinau";

/** The start of the local day `ms` falls on: the only date an anonymous response keeps. */
export function responseDay(ms: number): Date {
  return startOfDay(localDay(new Date(ms), SEED_TIME_ZONE), SEED_TIME_ZONE);
}

export function uuid(rng: Rng): string {
  let hex = "";
  for (let i = 0; i < 4; i++)
    hex += Math.floor(rng() * 0x100000000)
      .toString(16)
      .padStart(8, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function normal(rng: Rng): number {
  const u = Math.max(rng(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function pick<T>(rng: Rng, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of weighted) {
    r -= w;
    if (r < 0) return value;
  }
  return (weighted[weighted.length - 1] as [T, number])[0];
}

/**
 * One answer as a person of a service of this `quality` (-1 worst .. 1 best) might give it.
 * Skips optional questions now and then, as people do.
 */
export function answer(rng: Rng, q: Question, quality: number, bias: number): AnswerValue {
  if (!q.required && rng() < (q.type === "text" ? 0.8 : 0.25)) return null;
  switch (q.type) {
    case "rating":
      return clamp(Math.round(3.7 + 0.9 * quality + bias + 0.9 * normal(rng)), 1, 5);
    case "nps":
      return clamp(Math.round(7.4 + 2.2 * quality + 2 * bias + 2.1 * normal(rng)), 0, 10);
    case "number":
      return clamp(Math.round(q.min + (q.max - q.min) * (0.5 + 0.2 * quality + 0.2 * normal(rng))), q.min, q.max);
    case "yes_no":
      return rng() < clamp(0.72 + 0.22 * quality + bias / 4, 0.05, 0.98) ? "yes" : "no";
    case "select_one":
      return pick(
        rng,
        q.choices.map((c, i) => [c.name, 1 / (i + 1) + (i === 1 ? 0.3 * quality : 0)]),
      );
    case "select_multiple": {
      const max = Math.min(q.maxChoices ?? q.choices.length, q.choices.length);
      const count = 1 + Math.floor(rng() * max);
      const pool: [string, number][] = q.choices.map((c, i) => [c.name, 1 + ((i * 7 + Math.round(quality * 5)) % 4)]);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pick(rng, pool));
      return q.choices.map((c) => c.name).filter((n) => chosen.has(n));
    }
    case "text":
      return (COMMENTS[Math.floor(rng() * COMMENTS.length)] as string).slice(0, q.maxLength);
    default: {
      const never: never = q;
      throw new Error(`unknown question type ${String(never)}`);
    }
  }
}

/** The number column exactly as respond() writes it: numbers as such, yes = 1 and no = 0. */
export function numberOf(q: Question, value: AnswerValue): number | null {
  if (typeof value === "number") return value;
  if (q.type === "yes_no" && value !== null) return value === "yes" ? 1 : 0;
  return null;
}

export type Place = { serviceId: string; localityId: string; quality: number };

export function ensurePlaces(db: Database.Database, rng: Rng, services: number, localities: number): Place[] {
  const localityIds: string[] = [];
  const findLocality = db.prepare(`SELECT id FROM "Locality" WHERE name = ?`);
  const addLocality = db.prepare(`INSERT INTO "Locality" (id, name, "createdAt") VALUES (?, ?, ?)`);
  for (let i = 1; i <= localities; i++) {
    const name = `Bench locality ${String(i).padStart(2, "0")}`;
    const found = findLocality.get(name) as { id: string } | undefined;
    const id = found?.id ?? uuid(rng);
    if (!found) addLocality.run(id, name, sqlTime(new Date()));
    localityIds.push(id);
  }
  const findService = db.prepare(`SELECT id, "localityId" FROM "Service" WHERE code = ?`);
  const addService = db.prepare(`INSERT INTO "Service" (id, code, name, "localityId", "createdAt") VALUES (?, ?, ?, ?, ?)`);
  const places: Place[] = [];
  for (let i = 0; i < services; i++) {
    const code = `BENCH${String(i + 1).padStart(3, "0")}`;
    const found = findService.get(code) as { id: string; localityId: string } | undefined;
    const localityId = found?.localityId ?? (localityIds[i % localityIds.length] as string);
    const id = found?.id ?? uuid(rng);
    if (!found) addService.run(id, code, `Bench service ${i + 1}`, localityId, sqlTime(new Date()));
    // Spread qualities evenly so rankings differ, in an order that is not the code order.
    const quality = services === 1 ? 0 : -0.9 + (1.8 * ((i * 7) % services)) / (services - 1);
    places.push({ serviceId: id, localityId, quality });
  }
  return places;
}

/**
 * Fills a SQLite file (migrated here if needed, shipped surveys imported) with completed,
 * anonymous responses of the default survey until at least `answers` answers exist.
 * Deterministic for a seed.
 * @example await seedAnswers("/tmp/bench.db", { answers: 1_000_000, services: 12, localities: 4 })
 */
/**
 * Writes one completed anonymous response and its shown answers as the app writes them (into
 * `tables`: the real ones, or staging copies); returns how many answers it wrote.
 */
export function responseWriter(
  db: Database.Database,
  definition: SurveyDefinition,
  versionId: string,
  tables: { response: string; answer: string },
): (rng: Rng, id: string, place: Place, locale: Locale, day: string) => number {
  const insertResponse = db.prepare(
    `INSERT INTO "${tables.response}" ("id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status", "startedAt", "completedAt")
     VALUES (?, ?, NULL, ?, ?, ?, 'completed', ?, ?)`,
  );
  const insertAnswer = db.prepare(
    `INSERT INTO "${tables.answer}" ("id", "responseId", "question", "value", "number", "indicator", "serviceId", "answeredAt")
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // Per-question leniency, so indicators differ from one another too.
  const bias = new Map(definition.questions.map((q, i) => [q.name, ((i * 37) % 9) / 10 - 0.4]));
  return (rng, id, place, locale, day) => {
    insertResponse.run(id, versionId, place.serviceId, place.localityId, locale, day, day);
    const given: Record<string, AnswerValue> = {};
    let written = 0;
    for (const q of definition.questions) {
      if (!isShown(q, given)) continue;
      const value = answer(rng, q, place.quality, bias.get(q.name) ?? 0);
      given[q.name] = value;
      insertAnswer.run(
        uuid(rng),
        id,
        q.name,
        JSON.stringify(value),
        numberOf(q, value),
        q.indicator ?? null,
        place.serviceId,
        day,
      );
      written++;
    }
    return written;
  };
}

export async function seedAnswers(file: string, options: SeedOptions): Promise<SeedResult> {
  const url = `file:${path.resolve(file)}`;
  await migrate(url);
  const store = createPrismaStore(openDatabase(url));
  let definition: SurveyDefinition;
  let versionId: string;
  try {
    await ensureDefaults(store, shippedSurveys());
    const survey = await store.surveys.latest(DEFAULT_SURVEY);
    if (!survey) throw new Error(`the default survey "${DEFAULT_SURVEY}" was not imported`);
    definition = survey.definition;
    versionId = survey.versionId;
  } finally {
    await store.close();
  }

  const to = options.to ?? new Date();
  const from = options.from ?? new Date(to.getTime() - 365 * DAY_MS);
  if (!(from < to)) throw new Error("seedAnswers: `from` must be before `to`");
  const rng = random(options.seed ?? 1);
  const db = new Database(path.resolve(file));
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = OFF");
    const places = db.transaction(() => ensurePlaces(db, rng, options.services ?? 10, options.localities ?? 3))();
    const write = responseWriter(db, definition, versionId, { response: "Response", answer: "Answer" });
    const span = to.getTime() - from.getTime();
    let responses = 0;
    let written = 0;
    const batch = db.transaction(() => {
      for (let n = 0; n < RESPONSES_PER_TRANSACTION && written < options.answers; n++) {
        const place = places[Math.floor(rng() * places.length)] as Place;
        // As the app writes it: every date the start of the local day it was completed on.
        const day = sqlTime(responseDay(from.getTime() + Math.floor(rng() * span)));
        const id = uuid(rng);
        written += write(rng, id, place, pick(rng, LOCALE_WEIGHTS), day);
        responses++;
      }
    });
    while (written < options.answers) batch();
    db.pragma("wal_checkpoint(TRUNCATE)");
    return { responses, answers: written };
  } finally {
    db.close();
  }
}

/**
 * A seeded file under bench/.cache/, reused while the parameters (and the migrations and
 * this generator) are the same. Without `to`, the data ends at the start of today (UTC),
 * so a cached file serves one day of runs.
 */
export async function cachedSeed(options: SeedOptions): Promise<{ file: string } & SeedResult> {
  const to = options.to ?? new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
  const from = options.from ?? new Date(to.getTime() - 365 * DAY_MS);
  const params = { ...options, from: from.toISOString(), to: to.toISOString(), generator: GENERATOR_VERSION };
  const migrations = readdirSync(MIGRATIONS_DIR).sort().join(",");
  const key = createHash("sha256").update(JSON.stringify({ params, migrations })).digest("hex").slice(0, 16);
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = path.join(CACHE_DIR, `answers-${options.answers}-${key}.db`);
  if (existsSync(file)) {
    const db = new Database(file, { readonly: true });
    try {
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      return {
        file,
        responses: count(`SELECT count(*) AS n FROM "Response" WHERE status = 'completed'`),
        answers: count(`SELECT count(*) AS n FROM "Answer"`),
      };
    } finally {
      db.close();
    }
  }
  // Seeded under another name and renamed when done: an interrupted run leaves no half file.
  const partial = `${file}.partial`;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(partial + suffix, { force: true });
  const result = await seedAnswers(partial, { ...options, from, to });
  renameSync(partial, file);
  for (const suffix of ["-wal", "-shm"]) rmSync(partial + suffix, { force: true });
  return { file, ...result };
}
