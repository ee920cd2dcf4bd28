/**
 * `npm run bench`: throughput figures, each beside a baseline measured in the same run
 * (machines are shared and noisy; ratios travel, absolute numbers do not).
 * BENCH_MS sets how long each measurement runs (default 3000).
 */
import { benchBroadcast } from "./broadcast.ts";
import { benchEngine } from "./engine.ts";
import { benchExport } from "./export.ts";
import { benchPersistence } from "./persistence.ts";
import { benchScale } from "./scale.ts";
import { benchStart } from "./start.ts";
import { benchSummary } from "./summary.ts";
import { print } from "./support.ts";
import { benchTelegram } from "./telegram.ts";
import { benchViber } from "./viber.ts";

const ms = Number(process.env.BENCH_MS ?? 3000);
const only = process.argv[2];

const suites: Record<string, () => Promise<void>> = {
  start: async () => print("Start (medians; a stale or missing build/ runs the sources and is slower)", await benchStart()),
  engine: async () => print("Survey engine (pure step)", await benchEngine(ms)),
  persistence: async () => print("Answer persistence", await benchPersistence(ms)),
  telegram: async () => print("Telegram webhook", await benchTelegram(ms)),
  viber: async () => print("Viber webhook", await benchViber(ms)),
  export: async () => print("Exports of the whole survey (BENCH_EXPORT_ANSWERS answers)", await benchExport()),
  summary: async () => print("Summary figures (BENCH_SUMMARY_ANSWERS answers)", await benchSummary()),
  broadcast: async () => print("Broadcast through the outbox (BENCH_BROADCAST messages)", await benchBroadcast()),
  scale: async () => print("The scale curve (0, 1M, 10M answers; a broadcast to 100,000)", await benchScale()),
};

for (const [name, run] of Object.entries(suites)) {
  if (only && only !== name) continue;
  await run();
}
