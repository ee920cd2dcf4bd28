/**
 * The 1,000,000-answer exports: CSV and XLSX of the whole default survey, each in its own
 * child process so its peak memory (maxRSS) is its own, beside a raw SELECT of the same
 * rows (responses joined with their answers, service and locality, in completion order).
 * BENCH_EXPORT_ANSWERS changes the size (default 1,000,000); the seeded file is cached.
 */
import { execFile } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { exportAnswers } from "../src/reports/export.node.ts";
import { openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { DEFAULT_SURVEY } from "../src/usecases/surveys.ts";
import { cachedSeed } from "./seed.ts";
import { type Figure, tempDir } from "./support.ts";

const CHILD = "GLAS_BENCH_EXPORT_CHILD";
const THIS_FILE = fileURLToPath(import.meta.url);
const run = promisify(execFile);

type Mode = "raw" | "csv" | "xlsx";
type Measured = { mode: Mode; ms: number; rows: number; maxRssMb: number; bytes: number };

async function child(mode: Mode, file: string, out: string): Promise<Measured> {
  const start = performance.now();
  let rows = 0;
  let bytes = 0;
  if (mode === "raw") {
    const db = new Database(file, { readonly: true });
    try {
      const statement = db.prepare(
        `SELECT r."id", r."completedAt", r."locale", s."name", l."name", a."question", a."value"
         FROM "Response" r
         JOIN "SurveyVersion" v ON v."id" = r."surveyVersionId"
         JOIN "Survey" y ON y."id" = v."surveyId" AND y."slug" = ?
         LEFT JOIN "Service" s ON s."id" = r."serviceId"
         LEFT JOIN "Locality" l ON l."id" = r."localityId"
         JOIN "Answer" a ON a."responseId" = r."id"
         WHERE r."status" = 'completed'
         ORDER BY r."completedAt", r."id"`,
      );
      let last = "";
      for (const row of statement.raw().iterate(DEFAULT_SURVEY) as Iterable<unknown[]>) {
        if (row[0] !== last) rows++;
        last = row[0] as string;
      }
    } finally {
      db.close();
    }
  } else {
    const store = createPrismaStore(openDatabase(`file:${file}`));
    try {
      const result = await exportAnswers(store, {
        survey: DEFAULT_SURVEY,
        locale: "ro",
        format: mode,
        out,
        sheetName: "Answers",
        timeZone: "Europe/Chisinau",
      });
      rows = result.rows;
      bytes = statSync(out).size;
    } finally {
      await store.close();
    }
  }
  const ms = performance.now() - start;
  return { mode, ms, rows, bytes, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

async function measure(mode: Mode, file: string, out: string): Promise<Measured> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", THIS_FILE], {
    env: { ...process.env, [CHILD]: JSON.stringify({ mode, file, out }) },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as Measured;
}

export async function benchExport(): Promise<Figure[]> {
  const answers = Number(process.env.BENCH_EXPORT_ANSWERS ?? 1_000_000);
  const seedStart = performance.now();
  const seeded = await cachedSeed({ answers, services: 12, localities: 4, seed: 1 });
  const seedSeconds = (performance.now() - seedStart) / 1000;
  const tmp = tempDir("glas-bench-export-");
  try {
    const raw = await measure("raw", seeded.file, "");
    const csv = await measure("csv", seeded.file, path.join(tmp.dir, "answers.csv"));
    const xlsx = await measure("xlsx", seeded.file, path.join(tmp.dir, "answers.xlsx"));
    for (const m of [raw, csv, xlsx]) {
      if (m.rows !== seeded.responses) throw new Error(`${m.mode} read ${m.rows} responses, the file holds ${seeded.responses}`);
    }
    const perSecond = (m: Measured) => m.rows / (m.ms / 1000);
    const figures: Figure[] = [
      {
        name: "seeded answers / responses",
        value: seeded.answers,
        unit: "answers",
        note: `${seeded.responses.toLocaleString("en")} responses; ready in ${seedSeconds.toFixed(1)} s (cached in bench/.cache)`,
      },
      {
        name: "raw SELECT of the same rows (baseline)",
        value: perSecond(raw),
        unit: "responses/s",
        note: `${(raw.ms / 1000).toFixed(1)} s`,
      },
    ];
    for (const m of [csv, xlsx]) {
      const label = m.mode.toUpperCase();
      figures.push(
        {
          name: `${label} export`,
          value: perSecond(m),
          unit: "responses/s",
          note: `${(m.ms / 1000).toFixed(1)} s, ${(m.bytes / 1024 / 1024).toFixed(1)} MB file`,
        },
        { name: `${label} time / raw SELECT time`, value: m.ms / raw.ms, unit: "×", note: "same run, same file" },
        { name: `${label} peak memory (maxRSS, own process)`, value: m.maxRssMb, unit: "MB" },
      );
    }
    figures.push({ name: "raw SELECT peak memory (maxRSS, own process)", value: raw.maxRssMb, unit: "MB" });
    return figures;
  } finally {
    tmp.remove();
  }
}

const request = process.env[CHILD];
if (request) {
  const { mode, file, out } = JSON.parse(request) as { mode: Mode; file: string; out: string };
  process.stdout.write(`${JSON.stringify(await child(mode, file, out))}\n`);
}
