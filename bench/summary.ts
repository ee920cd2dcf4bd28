/**
 * The directorate's summary figures on 1,000,000 answers: the weekly and the monthly summary
 * (computeSummary through the store, as the scheduler and `glas summary` run it) against raw
 * better-sqlite3 aggregate queries that compute the same figures, in the same process and run.
 * The measuring runs in a child process so that its peak memory (maxRSS) is its own.
 * BENCH_SUMMARY_ANSWERS changes the size (default 1,000,000); the seeded file is cached
 * (bench/.cache, shared with the export benchmark).
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { scoredQuestionsOf } from "../src/reports/indicators.ts";
import { lastFullPeriod, type Period, previousPeriod } from "../src/reports/periods.ts";
import { computeSummary } from "../src/reports/summary.ts";
import type { Store } from "../src/store/ports.ts";
import { sqlTime } from "../src/store/prisma/client.ts";
import { openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { cachedSeed } from "./seed.ts";
import type { Figure } from "./support.ts";

const CHILD = "GLAS_BENCH_SUMMARY_CHILD";
const THIS_FILE = fileURLToPath(import.meta.url);
const TIME_ZONE = "Europe/Chisinau";
const MIN_CELL = 5;
const ROUNDS = 7;
const run = promisify(execFile);

type Timing = { store: number; raw: number };
type Measured = { week: Timing; month: Timing; maxRssMb: number; peakRssMb: number; checked: number };

/**
 * The same figures by hand: completed responses by survey version, service and locality, and
 * the scored answers by service, locality and indicator, for the period and the one before.
 * Written the way one would at a SQL prompt, and tuned: each response read once with its
 * answers (CROSS JOIN keeps that order), the scale told apart by the stored value ("yes"/"no")
 * and by the indicator (NPS) instead of by the survey definition.
 */
function rawFigures(db: Database.Database) {
  const responses = db.prepare(
    `SELECT "surveyVersionId", "serviceId", "localityId", COUNT(*) AS n FROM "Response"
     WHERE "status" = 'completed' AND "completedAt" >= ? AND "completedAt" < ?
     GROUP BY "surveyVersionId", "serviceId", "localityId"`,
  );
  const indicators = db.prepare(
    `SELECT r."serviceId", r."localityId", a."indicator", COUNT(*) AS answers,
       SUM(CASE WHEN a."indicator" = 'NPS' THEN a."number" >= 9
                WHEN a."value" IN ('"yes"', '"no"') THEN a."number" = 1
                ELSE a."number" >= 4 END) AS positive,
       SUM(a."indicator" = 'NPS' AND a."number" <= 6) AS detractors,
       TOTAL(a."number") AS sum
     FROM "Response" r CROSS JOIN "Answer" a ON a."responseId" = r."id"
     WHERE r."status" = 'completed' AND r."completedAt" >= ? AND r."completedAt" < ? AND a."number" IS NOT NULL
       AND a."indicator" IN ('RIGHTS_DIGNITY', 'RIGHTS_INFORMATION', 'RIGHTS_PARTICIPATION', 'RIGHTS_ACCESSIBILITY',
                             'RIGHTS_CONFIDENTIALITY', 'RIGHTS_COMPLAINTS', 'SATISFACTION_OVERALL', 'NPS')
     GROUP BY r."serviceId", r."localityId", a."indicator"`,
  );
  return (period: Period) => {
    const out = { responses: 0, answers: 0, positive: 0 };
    for (const p of [period, previousPeriod(period)]) {
      const range = [sqlTime(p.start), sqlTime(p.end)];
      for (const row of responses.all(...range) as { n: number }[]) out.responses += row.n;
      for (const row of indicators.all(...range) as { answers: number; positive: number }[]) {
        out.answers += row.answers;
        out.positive += row.positive;
      }
    }
    return out;
  };
}

/** The store's own totals for the period and the one before: scored answers and responses. */
async function storeTotals(store: Store, period: Period): Promise<{ scored: number; responses: number }> {
  const scoredQuestions = scoredQuestionsOf(await store.reports.surveyVersions());
  let scored = 0;
  let responses = 0;
  for (const p of [period, previousPeriod(period)]) {
    const range = { from: p.start, to: p.end };
    for (const c of await store.reports.indicatorCounts(range, scoredQuestions)) scored += c.answers;
    for (const c of await store.reports.responseCounts(range)) responses += c.responses;
  }
  return { scored, responses };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function child(file: string, now: Date): Promise<Measured> {
  const store = createPrismaStore(openDatabase(`file:${file}`));
  const db = new Database(file, { readonly: true });
  let peakRss = process.memoryUsage().rss;
  let checked = 0;
  try {
    const raw = rawFigures(db);
    const time = async (period: Period): Promise<Timing> => {
      const storeTimes: number[] = [];
      const rawTimes: number[] = [];
      for (let round = 0; round <= ROUNDS; round++) {
        let start = performance.now();
        const summary = await computeSummary(store, { period, minCell: MIN_CELL });
        const storeMs = performance.now() - start;
        start = performance.now();
        const expected = raw(period);
        const rawMs = performance.now() - start;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        if (round === 0) {
          // The first round warms caches and checks the store's aggregates (which the summary is
          // drawn from, through the disclosure step) against the hand-written ones.
          const { scored, responses } = await storeTotals(store, period);
          if (scored !== expected.answers || responses !== expected.responses || summary.period.key !== period.key) {
            throw new Error(
              `figures differ: ${scored}/${responses} answers/responses, raw SQL ${expected.answers}/${expected.responses}`,
            );
          }
          checked++;
          continue;
        }
        storeTimes.push(storeMs);
        rawTimes.push(rawMs);
      }
      return { store: median(storeTimes), raw: median(rawTimes) };
    };
    const week = await time(lastFullPeriod("week", now, TIME_ZONE));
    const month = await time(lastFullPeriod("month", now, TIME_ZONE));
    return { week, month, maxRssMb: process.resourceUsage().maxRSS / 1024, peakRssMb: peakRss / 1024 / 1024, checked };
  } finally {
    db.close();
    await store.close();
  }
}

export async function benchSummary(): Promise<Figure[]> {
  const answers = Number(process.env.BENCH_SUMMARY_ANSWERS ?? 1_000_000);
  const seedStart = performance.now();
  const seeded = await cachedSeed({ answers, services: 12, localities: 4, seed: 1 });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  // The seeded data ends at the start of today (UTC): report on the last full week and month before it.
  const now = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
  const { stdout } = await run(process.execPath, ["--import", "tsx", THIS_FILE], {
    env: { ...process.env, [CHILD]: JSON.stringify({ file: seeded.file, now: now.toISOString() }) },
    maxBuffer: 1024 * 1024,
  });
  const m = JSON.parse(stdout.trim().split("\n").pop() ?? "") as Measured;
  const ratio = (t: Timing) => t.store / t.raw;
  return [
    {
      name: "seeded answers",
      value: seeded.answers,
      unit: "answers",
      note: `${seeded.responses.toLocaleString("en")} responses over a year; ready in ${seedSeconds.toFixed(1)} s`,
    },
    { name: "weekly summary figures (computeSummary)", value: m.week.store, unit: "ms", note: `median of ${ROUNDS}` },
    { name: "weekly, raw SQL aggregates (baseline)", value: m.week.raw, unit: "ms" },
    { name: "weekly ratio summary / raw SQL", value: ratio(m.week), unit: "×", note: "goal ≤ 1.5" },
    { name: "monthly summary figures (computeSummary)", value: m.month.store, unit: "ms", note: `median of ${ROUNDS}` },
    { name: "monthly, raw SQL aggregates (baseline)", value: m.month.raw, unit: "ms" },
    { name: "monthly ratio summary / raw SQL", value: ratio(m.month), unit: "×", note: "goal ≤ 1.5" },
    { name: "peak memory (maxRSS, own process)", value: m.maxRssMb, unit: "MB", note: "goal < 256" },
    { name: "peak RSS sampled after each run", value: m.peakRssMb, unit: "MB" },
  ];
}

const request = process.env[CHILD];
if (request) {
  const { file, now } = JSON.parse(request) as { file: string; now: string };
  process.stdout.write(`${JSON.stringify(await child(file, new Date(now)))}\n`);
}
