/**
 * The scale curve: the same measurements on databases of 0, 1,000,000 and 10,000,000 answers
 * (BENCH_SCALE_SIZES, comma-separated, changes them), each as a ratio to the smallest, since
 * the machine is shared and noisy: webhook latency at a fixed offered rate, the directorate's
 * monthly summary of one closed month (the same month, equally full, in every database), and
 * bytes on disk per answer. Then a broadcast to BENCH_SCALE_RECIPIENTS (default 100,000) at
 * TELEGRAM_RATE=BENCH_SCALE_RATE (default 1000, the most the configuration allows).
 * An empty BENCH_SCALE_SIZES measures the broadcast alone.
 */
import { execFileSync } from "node:child_process";
import { lastFullPeriod, type Period } from "../src/reports/periods.ts";
import { computeSummary } from "../src/reports/summary.ts";
import { openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { broadcastScale } from "./scale-broadcast.ts";
import { databaseBytes, SCALE_CACHE_DIR, scaleDatabase, scaleEnd } from "./scale-seed.ts";
import { webhookLatency } from "./scale-webhook.ts";
import { SEED_TIME_ZONE } from "./seed.ts";
import type { Figure } from "./support.ts";

const SUMMARY_ROUNDS = 7;
const MIN_CELL = 5;

const sizesWanted = (process.env.BENCH_SCALE_SIZES ?? "0,1000000,10000000").trim();
const sizes = sizesWanted === "" ? [] : sizesWanted.split(",").map(Number);
const webhookRate = Number(process.env.BENCH_SCALE_WEBHOOK_RATE ?? 100);
const webhookSeconds = Number(process.env.BENCH_SCALE_SECONDS ?? 30);
const WARM_UP_S = 5;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const count = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : n.toLocaleString("en"));

/** The monthly summary (figures through the disclosure step), as the scheduler computes it: median ms. */
async function summaryMs(file: string, period: Period): Promise<number> {
  const store = createPrismaStore(openDatabase(`file:${file}`));
  try {
    const times: number[] = [];
    for (let round = 0; round <= SUMMARY_ROUNDS; round++) {
      const started = performance.now();
      await computeSummary(store, { period, minCell: MIN_CELL });
      if (round > 0) times.push(performance.now() - started);
    }
    return median(times);
  } finally {
    await store.close();
  }
}

function freeDisk(): string {
  const out = execFileSync("df", ["-h", "--output=avail", SCALE_CACHE_DIR.replace(/\/glas-bench-scale$/, "")]).toString();
  return out.trim().split("\n").pop()?.trim() ?? "?";
}

type Row = {
  size: number;
  answers: number;
  bytes: number;
  summaryMs: number;
  p50: number;
  p99: number;
  completed: number;
  non2xx: number;
};

export async function benchScale(): Promise<Figure[]> {
  process.stderr.write(`  load: ${execFileSync("uptime").toString().trim()}; free disk ${freeDisk()}\n`);
  const period = lastFullPeriod("month", scaleEnd(), SEED_TIME_ZONE);
  const rows: Row[] = [];
  // A first, discarded run on the smallest database, so the compiler's warm-up counts against none of them.
  if (sizes.length > 0)
    await webhookLatency((await scaleDatabase(Math.min(...sizes))).file, { rate: webhookRate, durationS: WARM_UP_S });
  for (const size of sizes) {
    const db = await scaleDatabase(size);
    const seeded = db.seededS === null ? "cached" : `seeded in ${Math.round(db.seededS)} s`;
    process.stderr.write(`  ${count(size)} answers: ${db.file} (${seeded})\n`);
    const bytes = databaseBytes(db.file);
    const summary = await summaryMs(db.file, period);
    const hook = await webhookLatency(db.file, { rate: webhookRate, durationS: webhookSeconds });
    rows.push({ size, answers: db.answers, bytes, summaryMs: summary, ...hook });
  }
  const base = rows[0] as Row;
  const summaryBase = rows.find((r) => r.answers > 0) ?? base;
  const figures: Figure[] = [];
  for (const r of rows) {
    const label = `${count(r.size)} answers:`;
    figures.push(
      { name: `${label} webhook p50 at ${webhookRate}/s`, value: r.p50, unit: "ms" },
      {
        name: `${label} webhook p99 at ${webhookRate}/s`,
        value: r.p99,
        unit: "ms",
        note: `${(r.p99 / base.p99).toFixed(2)}× the ${count(base.size)} p99; ${r.completed} surveys completed, ${r.non2xx} non-2xx`,
      },
      {
        name: `${label} monthly summary (${period.firstDay})`,
        value: r.summaryMs,
        unit: "ms",
        note: `${(r.summaryMs / summaryBase.summaryMs).toFixed(2)}× the ${count(summaryBase.size)} one; median of ${SUMMARY_ROUNDS}`,
      },
      {
        name: `${label} bytes on disk per answer`,
        value: r.answers > 0 ? r.bytes / r.answers : 0,
        unit: "B",
        note: `${(r.bytes / 1024 / 1024).toFixed(0)} MiB file`,
      },
    );
  }
  const recipients = Number(process.env.BENCH_SCALE_RECIPIENTS ?? 100_000);
  const rate = Number(process.env.BENCH_SCALE_RATE ?? 1000);
  process.stderr.write(`  load: ${execFileSync("uptime").toString().trim()}\n`);
  const b = await broadcastScale(recipients, rate);
  figures.push(
    { name: "broadcast recipients", value: b.recipients, unit: "messages", note: `TELEGRAM_RATE=${b.configuredRate}` },
    { name: "achieved rate", value: b.achievedRate, unit: "messages/s" },
    { name: "ratio achieved / configured", value: b.achievedRate / b.configuredRate, unit: "", note: "goal ≥ 0.95" },
    {
      name: "lost / sent twice",
      value: b.lost + b.duplicates,
      unit: "messages",
      note: `${b.lost} lost, ${b.duplicates} twice; goal 0`,
    },
    { name: "claim, first tenth of the run", value: b.claimStartMs, unit: "ms", note: `median; ${b.claims} claims in all` },
    {
      name: "claim, last tenth (settled rows piled up)",
      value: b.claimEndMs,
      unit: "ms",
      note: `${(b.claimEndMs / b.claimStartMs).toFixed(2)}× the start`,
    },
  );
  process.stderr.write(`  load: ${execFileSync("uptime").toString().trim()}\n`);
  return figures;
}
