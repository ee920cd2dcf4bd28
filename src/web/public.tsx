import { Hono } from "hono";
import { page, publicView, type WebDeps } from "./context.ts";
import { Layout } from "./layout.tsx";
import { publishedResults, resultsCsv } from "./public-figures.ts";

/** `GET /public` and `GET /public/results.csv`, when PUBLIC_RESULTS=true (the caller mounts them only then). */
export function publicRoutes(deps: WebDeps): Hono {
  const now = deps.now ?? (() => new Date());
  const app = new Hono();
  const results = () => publishedResults({ store: deps.store, minCell: deps.minCell }, now(), deps.timeZone);

  app.get("/public", async (c) => {
    const view = publicView(deps, c);
    const embed = c.req.query("embed") === "1";
    // Charted: echarts loads with the first page that draws one, not at start.
    const { PublicPage } = await import("./pages/public.tsx");
    return page(
      c,
      <Layout view={view} title={view.t("web.public.title")} embed={embed}>
        <PublicPage view={view} periods={await results()} embed={embed} />
      </Layout>,
    );
  });

  app.get("/public/results.csv", async (c) => {
    const view = publicView(deps, c);
    const header = [
      "period",
      "from",
      "to",
      "service_code",
      "service",
      "locality",
      "rights_index_pct",
      "rank",
      "interval_low_pct",
      "interval_high_pct",
      "satisfied_pct",
      view.t("web.public.notes"),
    ];
    return c.body(resultsCsv(await results(), header), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="glas-results.csv"',
    });
  });
  return app;
}
