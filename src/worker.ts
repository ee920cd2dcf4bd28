import type { D1Database, DurableObjectNamespace, ExecutionContext } from "@cloudflare/workers-types";
import { PrismaD1 } from "@prisma/adapter-d1";
import type { UserFromGetMe } from "grammy/types";
import YAML from "yaml";
import beneficiarySatisfaction from "../surveys/beneficiary-satisfaction.yaml";
import childFeedback from "../surveys/child-feedback.yaml";
import { composeGlas, type Glas } from "./compose.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { createTranslate } from "./i18n/index.ts";
import { errorFields, type Logger } from "./log.ts";
import { createWorkerLogger } from "./log.worker.ts";
import { createDurableGate } from "./outbox/gate.worker.ts";
import { hashKeyFrom } from "./privacy/keyed-hash.ts";
import { createWorkerAttachments } from "./reports/attachments.worker.ts";
import { exportInMemory } from "./reports/export-xlsx.ts";
import type { PrismaClient as StorePrismaClient } from "./store/prisma/client.ts";
import { PrismaClient } from "./store/prisma/generated/workerd/client.ts";
import { createPrismaStore } from "./store/prisma/index.ts";
import { shareConnection } from "./store/prisma/sql.ts";
import { warnWithoutFocalPoint } from "./usecases/feedback/index.ts";
import { ensureDefaults, shippedSurvey } from "./usecases/surveys.ts";

/** The sending gate, a Durable Object: the rate and a 429's pause, one for every invocation. */
export { RateGate } from "./outbox/gate.worker.ts";

/** The Worker's bindings: D1 as `DB`, the rate gate as `RATE_GATE`, and the same variables and secrets as on Node. */
export type Env = {
  DB: D1Database;
  RATE_GATE?: DurableObjectNamespace;
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

/** What is read from the bindings once per isolate: plain values, nothing that holds I/O or a promise. */
type Settings = { log: Logger; config: Config };

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
/** Set once the missing rate gate binding has been told. */
let gateMissingTold = false;

function stringVars(env: Env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") vars[name] = value;
  return vars;
}

function readSettings(env: Env): Settings {
  const log = createWorkerLogger(typeof env.LOG_LEVEL === "string" ? env.LOG_LEVEL : "info");
  // The database is the D1 binding, not a URL; loadConfig still validates DATABASE_URL as
  // the SQLite file: URL that Node needs, so a fixed placeholder stands in for it here.
  return { log, config: loadConfig({ ...stringVars(env), DATABASE_URL: "file:d1" }) };
}

/**
 * This request's Glas: D1 through Prisma's adapter, the console logger, charts drawn with
 * resvg-wasm and workbooks with exceljs (attachments.worker.ts), .xlsx exports built in memory
 * (export-xlsx.ts; CSV streams), the rate gate shared by every invocation. The drainer and the
 * consultation job run after a request that queued something (`onWake`) and on Cron Triggers
 * (see drainSafely), not as loops.
 */
function build({ log, config }: Settings, env: Env, onWake: () => void): Glas {
  const { factory, sql } = shareConnection(new PrismaD1(env.DB));
  const prisma = new PrismaClient({ adapter: factory });
  // Both generated clients come from one schema; the store is typed against the Node one.
  const store = createPrismaStore({ prisma: prisma as unknown as StorePrismaClient, sql, hashKey: hashKeyFrom(config) });
  return composeGlas({
    config,
    store,
    log,
    attachments: createWorkerAttachments({ config, store, t: createTranslate(config.DEFAULT_LOCALE) }),
    exportFile: exportInMemory,
    ...(telegramIdentity ? { identities: { telegram: telegramIdentity } } : {}),
    ...(env.RATE_GATE ? { gate: createDurableGate(env.RATE_GATE) } : {}),
    onWake,
  });
}

/** This request's Glas, or null (logged) when the configuration is wrong. */
async function open(env: Env, onWake: () => void = () => {}): Promise<Glas | null> {
  try {
    settings ??= readSettings(env);
  } catch (err) {
    // A ConfigError names the variable, never its value, so its message may be logged.
    const msg = err instanceof ConfigError ? err.message : "startup failed";
    createWorkerLogger().error(errorFields(err), msg);
    return null;
  }
  const glas = build(settings, env, onWake);
  if (!env.RATE_GATE && !gateMissingTold) {
    gateMissingTold = true;
    glas.log.warn({}, "no RATE_GATE binding: each invocation keeps the sending rate on its own");
  }
  if (!defaultsLoaded) {
    try {
      await ensureDefaults(glas.store, shippedSurveys());
      defaultsLoaded = true;
      await warnWithoutFocalPoint(glas.store, glas.log);
    } catch (err) {
      glas.log.error(errorFields(err), "loading the shipped surveys failed");
    }
  }
  return glas;
}

/** Keeps the bot's identity once this request has it (a plain value, safe across requests). */
async function learnIdentity(glas: Glas): Promise<void> {
  const telegram = glas.channels.find((c) => c.name === "telegram");
  if (telegramIdentity || !telegram?.identity) return;
  try {
    telegramIdentity = await telegram.identity();
  } catch (err) {
    glas.log.warn(errorFields(err), "telegram getMe failed");
  }
}

/** Workers entry point: runtime glue only (the wiring is compose.ts). */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    // Only a request that queued something (an authenticated webhook, an authorised API call)
    // starts a drain: a stranger's post, refused, costs no database work after it.
    let woke = false;
    const glas = await open(env, () => {
      woke = true;
    });
    if (!glas) return Response.json({ error: "internal error" }, { status: 500 });
    const response = await glas.app.fetch(request, env, ctx);
    // Replies queued by a webhook leave after the response, within the same invocation.
    if (woke) ctx.waitUntil(drainSafely(glas).then(() => learnIdentity(glas)));
    return response;
  },

  /**
   * Cron Triggers: queue the summaries that are due (idempotent: each period is sent once),
   * send what is due (retries, scheduled messages) and purge abandoned sessions and expired files.
   */
  async scheduled(_controller: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const glas = await open(env);
    if (!glas) return;
    const summaries = glas.summaries.runDue(new Date()).catch((err: unknown) => {
      glas.log.error(errorFields(err), "summary run failed");
    });
    ctx.waitUntil(Promise.all([summaries.then(() => drainSafely(glas)), glas.housekeeping(new Date())]));
  },
};

/** Bounds one invocation's work; the next request or Cron Trigger carries on. */
const MAX_DRAIN_ROUNDS = 20;

async function drainSafely(glas: Glas): Promise<void> {
  // Each step on its own: a failing broadcast job must not stop replies from going out.
  const step = async (what: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (err) {
      glas.log.error(errorFields(err), `${what} failed`);
    }
  };
  const { consultations, drainer } = glas;
  // Broadcasts queue their rows and progress edits first, then everything due is sent.
  await step("consultation job", () => consultations.tick(new Date()));
  await step("outbox drain", async () => {
    for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) if ((await drainer.drainOnce()) === 0) break;
  });
  await step("consultation job", () => consultations.tick(new Date()));
}
