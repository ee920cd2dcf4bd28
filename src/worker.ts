import type { D1Database, ExecutionContext } from "@cloudflare/workers-types";
import { PrismaD1 } from "@prisma/adapter-d1";
import type { Hono } from "hono";
import { ConfigError, loadConfig } from "./config.ts";
import { createApp } from "./http/app.ts";
import { errorFields, type Logger } from "./log.ts";
import { createWorkerLogger } from "./log.worker.ts";
import type { PrismaClient as StorePrismaClient } from "./store/prisma/client.ts";
import { PrismaClient } from "./store/prisma/generated/workerd/client.ts";
import { createPrismaStore } from "./store/prisma/index.ts";

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

type Built = { app: Hono; log: Logger };

/** Built once per isolate, on its first request (bindings only exist inside a handler). */
let built: Built | undefined;

function stringVars(env: Env): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) if (typeof value === "string") vars[name] = value;
  return vars;
}

function build(env: Env): Built {
  const log = createWorkerLogger(typeof env.LOG_LEVEL === "string" ? env.LOG_LEVEL : "info");
  // The database is the D1 binding, not a URL; loadConfig still validates DATABASE_URL as
  // the SQLite file: URL that Node needs, so a fixed placeholder stands in for it here.
  const config = loadConfig({ ...stringVars(env), DATABASE_URL: "file:d1" });
  const prisma = new PrismaClient({ adapter: new PrismaD1(env.DB) });
  // Both generated clients come from one schema; the store is typed against the Node one.
  const store = createPrismaStore(prisma as unknown as StorePrismaClient);
  const telegram = config.TELEGRAM_BOT_TOKEN ? "on" : "off";
  const viber = config.VIBER_AUTH_TOKEN ? "on" : "off";
  const app = createApp({ log, pingDatabase: () => store.ping(), channels: { telegram, viber } });
  return { app, log };
}

/** Workers entry point: wiring only. */
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    if (!built) {
      try {
        built = build(env);
      } catch (err) {
        // A ConfigError names the variable, never its value, so its message may be logged.
        const msg = err instanceof ConfigError ? err.message : "startup failed";
        createWorkerLogger().error(errorFields(err), msg);
        return Response.json({ error: "internal error" }, { status: 500 });
      }
    }
    return built.app.fetch(request, env, ctx);
  },
};
