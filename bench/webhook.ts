/**
 * What the Telegram and Viber webhook benchmarks share: the HTTP load, a store of people who
 * have started the survey, and the three measurements of Glas beside the echo baseline.
 */
import type { AddressInfo } from "node:net";
import path from "node:path";
import { serve } from "@hono/node-server";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import type { Hono } from "hono";
import { shippedSurveys } from "../src/cli/survey-file.ts";
import { silentLogger } from "../src/log.ts";
import type { Drainer } from "../src/outbox/drain.ts";
import type { Store } from "../src/store/ports.ts";
import { migrate, openDatabase } from "../src/store/prisma/database.node.ts";
import { createPrismaStore } from "../src/store/prisma/index.ts";
import { type RespondDeps, respond } from "../src/usecases/respond.ts";
import { DEFAULT_SURVEY, ensureDefaults } from "../src/usecases/surveys.ts";
import type { Figure } from "./support.ts";

/** The first six questions of the default survey, each answered with a button. */
export const ANSWERS_PER_PERSON = 6;

type Listening = { url: string; close(): Promise<void> };

export function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<Listening> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

export type LoadOptions = { durationS: number; rate?: number; body: (i: number) => string };

/** Posts one body per request, with the headers the platform would send for it (a secret, a signature). */
export function load(url: string, headers: (body: string) => Record<string, string>, options: LoadOptions) {
  let i = 0;
  return autocannon({
    url,
    method: "POST",
    connections: 10,
    duration: options.durationS,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const body = options.body(i++);
          return { ...req, body, headers: { ...req.headers, "content-type": "application/json", ...headers(body) } };
        },
      },
    ],
  });
}

/** A migrated store in `dir` where `people` people have started the survey and consented. */
export async function startedPeople(
  dir: string,
  channel: string,
  platformId: (person: number) => string,
  people: number,
): Promise<{ store: Store; deps: RespondDeps; file: string }> {
  const file = path.join(dir, "glas.db");
  await migrate(`file:${file}`);
  const store = createPrismaStore(openDatabase(`file:${file}`));
  await ensureDefaults(store, shippedSurveys());
  const deps: RespondDeps = { store, log: silentLogger, defaultLocale: "ro", defaultSurvey: DEFAULT_SURVEY };
  for (let p = 0; p < people; p++) {
    const base = { channel, platformId: platformId(p), suggestedLocale: "ro" as const, type: "event" as const };
    await respond(deps, { ...base, event: { id: `s${p}`, at: new Date().toISOString(), type: "start" } });
    await respond(deps, { ...base, event: { id: `c${p}`, at: new Date().toISOString(), type: "press", data: "consent:yes" } });
  }
  return { store, deps, file };
}

/** Enough people that none of them finishes the answered questions during the runs. */
export function peopleFor(echoRate: number, durationS: number): number {
  return Math.ceil((echoRate * durationS * 2) / ANSWERS_PER_PERSON) + 50;
}

function countAnswers(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    // An unfinished survey's answers stay in its session; a completed one's are in Answer.
    const written = (db.prepare(`SELECT COUNT(*) AS n FROM "Answer"`).get() as { n: number }).n;
    const open = db
      .prepare(`SELECT COALESCE(SUM((SELECT COUNT(*) FROM json_each("state", '$.answers'))), 0) AS n FROM "Session"`)
      .get() as { n: number };
    return written + open.n;
  } finally {
    db.close();
  }
}

/**
 * Glas's webhook against the echo baseline: answers persisted per second with the replies
 * sent beside it (as in production), then the webhook alone (the outbox drained afterwards),
 * then the latency at a steady 200 requests a second.
 */
export async function measureWebhook(options: {
  app: Hono;
  route: string;
  headers: (body: string) => Record<string, string>;
  press: (i: number) => string;
  file: string;
  drainer: Drainer;
  durationS: number;
  echo: { name: string; rate: number; unit: string };
}): Promise<Figure[]> {
  const { drainer, durationS, echo } = options;
  const server = await listen(options.app.fetch);
  const url = `${server.url}${options.route}`;
  let offset = 0;
  const measure = async () => {
    const before = countAnswers(options.file);
    const started = performance.now();
    const from = offset;
    const result = await load(url, options.headers, { durationS, body: (i) => options.press(from + i) });
    offset += result.requests.total;
    return (countAnswers(options.file) - before) / ((performance.now() - started) / 1000);
  };
  try {
    const stop = new AbortController();
    const draining = drainer.run(stop.signal, 20);
    const withSending = await measure();
    stop.abort();
    await draining;
    const webhookOnly = await measure();
    while ((await drainer.drainOnce()) > 0) {}
    const stop2 = new AbortController();
    const draining2 = drainer.run(stop2.signal, 20);
    const from = offset;
    const steady = await load(url, options.headers, { durationS, rate: 200, body: (i) => options.press(from + i) });
    stop2.abort();
    await draining2;
    return [
      { name: echo.name, value: echo.rate, unit: `${echo.unit}/s`, note: "baseline" },
      { name: "Glas answers/s via webhook, replies sent", value: withSending, unit: "answers/s" },
      { name: "ratio Glas / echo", value: withSending / echo.rate, unit: "", note: "goal ≥ 0.6" },
      { name: "Glas answers/s via webhook alone", value: webhookOnly, unit: "answers/s", note: "outbox drained after" },
      { name: "ratio webhook alone / echo", value: webhookOnly / echo.rate, unit: "" },
      { name: `latency p50 at 200 ${echo.unit}/s`, value: steady.latency.p50, unit: "ms" },
      { name: `latency p99 at 200 ${echo.unit}/s`, value: steady.latency.p99, unit: "ms", note: "goal < 25 ms" },
      { name: `non-2xx at 200 ${echo.unit}/s`, value: steady.non2xx, unit: "responses" },
    ];
  } finally {
    await server.close();
  }
}
