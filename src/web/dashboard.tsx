import { type Context, Hono } from "hono";
import type { Period } from "../reports/periods.ts";
import { lastFullPeriod } from "../reports/periods.ts";
import { scopeOf as auditScopeOf, recordAudit, staffWho } from "../usecases/privacy/audit.ts";
import { type Auth, page, type WebDeps, type WebEnv } from "./context.ts";
import {
  consultationsOf,
  inScope,
  localitiesIn,
  overviewOf,
  rankingIn,
  type Scope,
  scopedSummary,
  serviceMonths,
  servicesIn,
} from "./figures.ts";
import { Layout } from "./layout.tsx";
import { DASHBOARD_NAV, NOTES_NAV } from "./pages/common.tsx";
import { ConsultationsPage, LocalitiesPage } from "./pages/localities.tsx";
import { closedPeriod, lastMonths, offeredPeriods } from "./periods.ts";
import type { View } from "./view.ts";

/** Months on one service's page. */
export const SERVICE_MONTHS = 12;

/** The staff dashboard's pages with figures (behind the session middleware of auth.tsx). */
/** The pages that draw charts load with the first one asked for, so echarts is not read at start. */
const chartedPages = {
  overview: () => import("./pages/overview.tsx"),
  services: () => import("./pages/services.tsx"),
};

export function dashboardRoutes(deps: WebDeps): Hono<WebEnv> {
  const now = deps.now ?? (() => new Date());
  const figures = { store: deps.store, minCell: deps.minCell };
  const app = new Hono<WebEnv>();

  const navFor = (auth: Auth) => (auth.session.staff.role === "directorate" ? [...DASHBOARD_NAV, NOTES_NAV] : DASHBOARD_NAV);
  const scopeName = (view: View, scope: Scope) =>
    scope.type === "all" ? view.t("summary.scope.all") : scope.type === "service" ? scope.service.name : scope.name;
  /** The period asked for (closed only), else the last full week. */
  const periodOf = (c: Context): Period | null => {
    const key = c.req.query("period");
    if (key === undefined) return lastFullPeriod("week", now(), deps.timeZone);
    return closedPeriod(key, now(), deps.timeZone);
  };
  const shell = (c: Context<WebEnv>, current: string, title: string, body: unknown, status: 200 | 404 = 200) => {
    const auth = c.get("auth");
    return page(
      c,
      <Layout view={auth.view} title={title} nav={navFor(auth)} current={current} signedIn>
        {body as never}
      </Layout>,
      status,
    );
  };
  const notFound = (c: Context<WebEnv>, current: string) =>
    shell(c, current, c.get("auth").view.t("web.notFound.title"), <p>{c.get("auth").view.t("web.notFound.period")}</p>, 404);

  /** A page of one closed period: the period asked for (404 when it is not one), its title, and the picker's periods. */
  type PeriodView = { auth: Auth; period: Period; weeks: Period[]; months: Period[] };
  const periodPage = (path: string, titleKey: string, body: (p: PeriodView) => Promise<unknown>) =>
    app.get(path, async (c) => {
      const auth = c.get("auth");
      const period = periodOf(c);
      if (!period) return notFound(c, path);
      const { weeks, months } = offeredPeriods(now(), deps.timeZone);
      return shell(c, path, auth.view.t(titleKey), await body({ auth, period, weeks, months }));
    });

  periodPage("/dashboard", "web.overview.title", async ({ auth: { view, scope }, period, weeks, months }) => {
    const summary = await scopedSummary(figures, period, scope);
    const overview = await overviewOf(figures, summary, scope);
    const { OverviewPage } = await chartedPages.overview();
    return (
      <OverviewPage
        view={view}
        period={period}
        scopeName={scopeName(view, scope)}
        overview={overview}
        weeks={weeks}
        months={months}
        workbook={deps.workbook !== null}
      />
    );
  });

  periodPage("/dashboard/services", "web.services.title", async ({ auth: { view, scope }, period, weeks, months }) => {
    const summary = await scopedSummary(figures, period, scope);
    const { ServicesPage } = await chartedPages.services();
    return (
      <ServicesPage
        view={view}
        period={period}
        scopeName={scopeName(view, scope)}
        minCell={summary.minCell}
        rankingMin={summary.rankingMinResponses}
        ranking={rankingIn(summary, scope)}
        rows={servicesIn(summary, scope)}
        weeks={weeks}
        months={months}
      />
    );
  });

  app.get("/dashboard/services/:code", async (c) => {
    const { view, scope } = c.get("auth");
    const service = await deps.store.services.byCode(c.req.param("code"));
    // Outside the worker's scope reads as unknown: the page does not tell which codes exist.
    if (!service || !inScope(scope, service.id)) {
      return shell(c, "/dashboard/services", view.t("web.notFound.title"), <p>{view.t("web.notFound.service")}</p>, 404);
    }
    const months = await serviceMonths(figures, service, lastMonths(now(), deps.timeZone, SERVICE_MONTHS));
    const { ServicePage } = await chartedPages.services();
    return shell(c, "/dashboard/services", service.name, <ServicePage view={view} service={service} months={months} />);
  });

  periodPage("/dashboard/localities", "web.localities.title", async ({ auth: { view, scope }, period, weeks, months }) => {
    const summary = await scopedSummary(figures, period, scope);
    return (
      <LocalitiesPage
        view={view}
        period={period}
        scopeName={scopeName(view, scope)}
        rows={localitiesIn(summary, scope)}
        minCell={summary.minCell}
        weeks={weeks}
        months={months}
      />
    );
  });

  periodPage(
    "/dashboard/consultations",
    "web.consultations.title",
    async ({ auth: { view, scope, session }, period, weeks, months }) => {
      const consultations = await consultationsOf(figures, period, session.staff, deps.minCell);
      return (
        <ConsultationsPage
          view={view}
          period={period}
          scopeName={scopeName(view, scope)}
          consultations={consultations}
          minCell={deps.minCell}
          weeks={weeks}
          months={months}
        />
      );
    },
  );

  app.get("/dashboard/workbook", async (c) => {
    const { view, scope, session } = c.get("auth");
    const period = periodOf(c);
    if (!period || !deps.workbook) return notFound(c, "/dashboard");
    const summary = await scopedSummary(figures, period, scope);
    if (scope.type === "locality") {
      summary.byService = servicesIn(summary, scope);
      summary.byLocality = localitiesIn(summary, scope);
      summary.ranking = rankingIn(summary, scope);
      summary.movers = summary.movers.filter((m) => inScope(scope, m.id));
    }
    await recordAudit(
      deps.store,
      staffWho(session.staff),
      "export",
      { ...(await auditScopeOf(deps.store, session.staff)), period: period.key, detail: "dashboard workbook" },
      now(),
    );
    const bytes = await deps.workbook(summary, view.locale);
    deps.log.info({ event: "dashboard-workbook", staffId: session.staff.id, period: period.key }, "workbook downloaded");
    const name = `glas-${period.key.replace(":", "-")}.xlsx`;
    return new Response(bytes, {
      headers: {
        "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "content-disposition": `attachment; filename="${name}"`,
        "cache-control": "no-store",
      },
    });
  });
  return app;
}
