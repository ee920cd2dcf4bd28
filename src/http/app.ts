import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ChannelStatus } from "../channels/types.ts";
import { errorFields, type Logger } from "../log.ts";
import type { FileStore } from "../store/ports.ts";
import { filesRoutes } from "./files.ts";

export type AppDeps = {
  log: Logger;
  /** Throws when the database does not answer. */
  pingDatabase(): Promise<void>;
  /** Each messenger's status, as `/health` reports it. */
  channels: Record<string, ChannelStatus>;
  /** Feature routes (webhooks, API), each a Hono app of its own. */
  routes?: Hono[];
  /** The admin API (its routes under /api), present only when ADMIN_TOKEN is set. */
  api?: Hono | null;
  /** Serves `GET /files/{token}`: summary charts and workbooks that Viber fetches by link. */
  files?: FileStore;
};

/**
 * The HTTP app, runtime-blind: Node and Workers both serve it. Routes are added by
 * feature; errors become JSON, and nothing about a request's content reaches the log.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get("/health", async (c) => {
    let database: "ok" | "error" = "ok";
    try {
      await deps.pingDatabase();
    } catch (err) {
      database = "error";
      deps.log.error({ ...errorFields(err), route: "/health" }, "database ping failed");
    }
    const status = database === "ok" ? "ok" : "degraded";
    return c.json({ status, database, channels: deps.channels }, database === "ok" ? 200 : 503);
  });

  for (const routes of deps.routes ?? []) app.route("/", routes);
  if (deps.files) app.route("/", filesRoutes({ files: deps.files }));
  if (deps.api) app.route("/", deps.api);

  app.notFound((c) => c.json({ error: "not found" }, 404));
  app.onError((err, c) => {
    if (err instanceof HTTPException) return c.json({ error: err.message }, err.status);
    deps.log.error({ ...errorFields(err), method: c.req.method, path: c.req.path }, "request failed");
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
