import { Hono } from "hono";
import { authRoutes } from "./auth.tsx";
import type { WebDeps } from "./context.ts";
import { dashboardRoutes } from "./dashboard.tsx";
import { publicRoutes } from "./public.tsx";
import { webHeaders } from "./security.ts";
import { STYLESHEET } from "./style.ts";
import { toolRoutes } from "./tools.tsx";

export type { WebDeps } from "./context.ts";

/**
 * The web: the staff dashboard (sign-in from the chat, figures, survey preview, notes), the
 * public results when PUBLIC_RESULTS=true, and their one stylesheet. Server-rendered, no
 * script; runs wherever the app runs (Node and Workers).
 */
export function createWebRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  app.use("/dashboard", webHeaders({ frameable: false, cache: "no-store" }));
  app.use("/dashboard/*", webHeaders({ frameable: false, cache: "no-store" }));
  app.get("/web/style.css", (c) =>
    c.body(STYLESHEET, 200, {
      "content-type": "text/css; charset=utf-8",
      "cache-control": "public, max-age=3600",
      "x-content-type-options": "nosniff",
    }),
  );
  const dashboard = authRoutes(deps);
  dashboard.route("/", dashboardRoutes(deps));
  dashboard.route("/", toolRoutes(deps));
  app.route("/", dashboard);
  if (deps.publicResults) {
    app.use("/public", webHeaders({ frameable: true, cache: "no-store" }));
    app.use("/public/*", webHeaders({ frameable: true, cache: "no-store" }));
    app.route("/", publicRoutes(deps));
  }
  return app;
}
