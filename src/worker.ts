import type { D1Database, ExecutionContext } from "@cloudflare/workers-types";
import { PrismaD1 } from "@prisma/adapter-d1";
import type { UserFromGetMe } from "grammy/types";
import type { Hono } from "hono";
import YAML from "yaml";
import beneficiarySatisfaction from "../surveys/beneficiary-satisfaction.yaml";
import childFeedback from "../surveys/child-feedback.yaml";
import type { TelegramChannel } from "./channels/telegram/index.ts";
import { createChannelDrainer, createChannels, createConfiguredSummaries, createRenderers } from "./channels/wiring.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createServedApp } from "./http/served.ts";
import { createTranslate, type Translate } from "./i18n/index.ts";
import { errorFields, type Logger } from "./log.ts";
import { createWorkerLogger } from "./log.worker.ts";
import type { Drainer } from "./outbox/drain.ts";
import type { Store } from "./store/ports.ts";
import type { PrismaClient as StorePrismaClient } from "./store/prisma/client.ts";
import { PrismaClient } from "./store/prisma/generated/workerd/client.ts";
import { createPrismaStore } from "./store/prisma/index.ts";
import { shareConnection } from "./store/prisma/sql.ts";
import { createHousekeeping } from "./usecases/housekeeping.ts";
import { respondDepsFor } from "./usecases/respond.ts";
import { type ConsultationJob, createConsultationJob } from "./usecases/staff/job.ts";
import type { Summaries } from "./usecases/summaries/index.ts";
import { DEFAULT_SURVEY, ensureDefaults, shippedSurvey } from "./usecases/surveys.ts";

/** The Worker's bindings: D1 as `DB`, and the same variables and secrets as on Node. */
export type Env = {
  DB: D1Database;
  LOG_LEVEL?: string;
  TIMEZONE?: string;
  DEFAULT_LOCALE?: string;
  TELEGRAM_BOT_TOKEN?: string;
  TELEGRAM_WEBHOOK_SECRET?: string;
  VIBER_AUTH_TOKEN?: string;
  VIBER_BOT_NAME?: string;
  PUBLIC_URL?: string;
  ADMIN_TOKEN?: string;
  [name: string]: unknown;
};

type Built = {
  app: Hono;
  log: Logger;
  drainer: Drainer;
  consultations: ConsultationJob;
  summaries: Summaries;
  store: Store;
  telegram: TelegramChannel | null;
  purge(now: Date): Promise<unknown>;
};

/** What is read from the bindings once per isolate: plain values, nothing that holds I/O or a promise. */
type Settings = { log: Logger; config: Config; t: Translate };

/** The shipped surveys, bundled as text: a new D1 database gets them on its first request. */
function shippedSurveys() {
  return [
    shippedSurvey("beneficiary-satisfaction.yaml", YAML.parse(beneficiarySatisfaction)),
    shippedSurvey("child-feedback.yaml", YAML.parse(childFeedback)),
  ];
}

/**
 * Isolate-level state is only ever plain values. workerd cancels a request whose promise another
 * request resolves, and a Prisma client shared across requests does exactly that (its batching
 * loader settles one request's queries from another's), so the client, the store and everything
 * that holds them are built for each request.
 */
let settings: Settings | undefined;
/** Set once the shipped surveys are known to be in this database. */
let defaultsLoaded = false;
/** The bot's identity from Telegram's getMe, learned once rather than asked on every request. */
let telegramIdentity: UserFromGetMe | undefined;

function stringVars(env: Env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") vars[name] = value;
  return vars;
}

function readSettings(env: Env): Settings {
  const log = createWorkerLogger(typeof env.LOG_LEVEL === "string" ? env.LOG_LEVEL : "info");
  // The database is the D1 binding, not a URL; loadConfig still validates DATABASE_URL as
  // the SQLite file: URL that Node needs, so a fixed placeholder stands in for it here.
  const config = loadConfig({ ...stringVars(env), DATABASE_URL: "file:d1" });
  return { log, config, t: createTranslate(config.DEFAULT_LOCALE) };
}

function build({ log, config, t }: Settings, env: Env): Built {
  const { factory, sql } = shareConnection(new PrismaD1(env.DB));
  const prisma = new PrismaClient({ adapter: factory });
  // Both generated clients come from one schema; the store is typed against the Node one.
  const store = createPrismaStore({ prisma: prisma as unknown as StorePrismaClient, sql });
  // The chart (resvg) and the workbook (exceljs on Node streams) are made on Node only:
  // on Workers a summary is its text (see the README).
  const summaries = createConfiguredSummaries({ config, store, log, t, attachments: null });
  const respond = { ...respondDepsFor(config, store, log, DEFAULT_SURVEY), summaries };
  const channels = createChannels({
    config,
    store,
    respond,
    t,
    log,
    wake: () => {},
    ...(telegramIdentity ? { telegramMe: telegramIdentity } : {}),
  });
  const drainer = createChannelDrainer({ store, channels, log });
  const consultations = createConsultationJob({
    store,
    renderers: createRenderers(t),
    log,
    defaultLocale: config.DEFAULT_LOCALE,
  });
  // The job runs after each POST (see drainSafely), so waking it needs nothing more here.
  const app = createServedApp({ config, store, log, channels, wakeConsultations: () => {} });
  const purge = createHousekeeping(store, log, summaries);
  return { app, log, drainer, consultations, summaries, store, telegram: channels.telegram, purge };
}

/** This request's Glas, or null (logged) when the configuration is wrong. */
async function open(env: Env): Promise<Built | null> {
  try {
    settings ??= readSettings(env);
  } catch (err) {
    // A ConfigError names the variable, never its value, so its message may be logged.
    const msg = err instanceof ConfigError ? err.message : "startup failed";
    createWorkerLogger().error(errorFields(err), msg);
    return null;
  }
  const b = build(settings, env);
  if (!defaultsLoaded) {
    try {
      await ensureDefaults(b.store, shippedSurveys());
      defaultsLoaded = true;
    } catch (err) {
      b.log.error(errorFields(err), "loading the shipped surveys failed");
    }
  }
  return b;
}

/** Keeps the bot's identity once this request has it (a plain value, safe across requests). */
async function learnIdentity(b: Built): Promise<void> {
  if (telegramIdentity || !b.telegram) return;
  try {
    telegramIdentity = await b.telegram.getMe();
  } catch (err) {
    b.log.warn(errorFields(err), "telegram getMe failed");
  }
}

/** Workers entry point: wiring only. */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const b = await open(env);
    if (!b) return Response.json({ error: "internal error" }, { status: 500 });
    const response = await b.app.fetch(request, env, ctx);
    // Replies queued by a webhook leave after the response, within the same invocation.
    if (request.method === "POST") ctx.waitUntil(drainSafely(b).then(() => learnIdentity(b)));
    return response;
  },

  /**
   * Cron Triggers: queue the summaries that are due (idempotent: each period is sent once),
   * send what is due (retries, scheduled messages) and purge abandoned sessions and expired files.
   */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const b = await open(env);
    if (!b) return;
    const summaries = b.summaries.runDue(new Date()).catch((err: unknown) => {
      b.log.error(errorFields(err), "summary run failed");
    });
    ctx.waitUntil(Promise.all([summaries.then(() => drainSafely(b)), b.purge(new Date())]));
  },
};

/** Bounds one invocation's work; the next request or Cron Trigger carries on. */
const MAX_DRAIN_ROUNDS = 20;

async function drainSafely(b: Built): Promise<void> {
  // Each step on its own: a failing broadcast job must not stop replies from going out.
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      b.log.error(errorFields(err), `${what} failed`);
    }
  };
  // Broadcasts queue their rows and progress edits first, then everything due is sent.
  await step("consultation job", () => b.consultations.tick(new Date()));
  await step("outbox drain", async () => {
    for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) if ((await b.drainer.drainOnce()) === 0) break;
  });
  await step("consultation job", () => b.consultations.tick(new Date()));
}
