import { type Context, Hono } from "hono";
import { isLocale } from "../engine/locale.ts";
import { page, type WebDeps, type WebEnv } from "./context.ts";
import { Layout } from "./layout.tsx";
import { DASHBOARD_NAV, NOTES_NAV } from "./pages/common.tsx";
import { NOTE_MAX_CHARS, NotesPage } from "./pages/notes.tsx";
import { PreviewListPage, PreviewStepPage } from "./pages/preview.tsx";
import { publishedPeriods } from "./periods.ts";
import { decodeState, PreviewStateError, type PreviewStep, startPreview, stepPreview } from "./preview.ts";
import { publishedResults } from "./public-figures.ts";

/** The survey preview (every staff member) and the "You said, we did" notes (the directorate). */
export function toolRoutes(deps: WebDeps): Hono<WebEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<WebEnv>();
  const shell = (c: Context<WebEnv>, current: string, title: string, body: unknown, status: 200 | 400 | 403 | 404 = 200) => {
    const auth = c.get("auth");
    const nav = auth.session.staff.role === "directorate" ? [...DASHBOARD_NAV, NOTES_NAV] : DASHBOARD_NAV;
    return page(
      c,
      <Layout view={auth.view} title={title} nav={nav} current={current} signedIn>
        {body as never}
      </Layout>,
      status,
    );
  };

  app.get("/dashboard/preview", async (c) => {
    const { view } = c.get("auth");
    const surveys = await deps.store.surveys.list();
    return shell(c, "/dashboard/preview", view.t("web.preview.title"), <PreviewListPage view={view} surveys={surveys} />);
  });

  const stepPage = (c: Context<WebEnv>, slug: string, title: string, step: PreviewStep) =>
    shell(c, "/dashboard/preview", title, <PreviewStepPage view={c.get("auth").view} t={deps.t} slug={slug} step={step} />);

  app.get("/dashboard/preview/:slug", async (c) => {
    const { view } = c.get("auth");
    const survey = await deps.store.surveys.latest(c.req.param("slug"));
    if (!survey) return shell(c, "/dashboard/preview", view.t("web.notFound.title"), <p>{view.t("web.notFound.survey")}</p>, 404);
    const lang = c.req.query("lang");
    const step = startPreview(survey, isLocale(lang) ? lang : null, now());
    return stepPage(
      c,
      survey.definition.slug,
      survey.definition.title[step.state.locale ?? view.locale] ?? survey.definition.slug,
      step,
    );
  });

  app.post("/dashboard/preview/:slug", async (c) => {
    const { view } = c.get("auth");
    const form = c.get("form");
    const slug = c.req.param("slug");
    try {
      const state = decodeState(form.state, slug);
      const survey = await deps.store.surveys.version(slug, state.survey.version);
      if (!survey) throw new PreviewStateError("unknown survey version");
      const seq = Number(form.seq);
      const input =
        typeof form.press === "string"
          ? ({ type: "press", data: form.press } as const)
          : ({ type: "text", text: typeof form.text === "string" ? form.text : "" } as const);
      const step = stepPreview(survey, state, Number.isInteger(seq) && seq >= 0 ? seq : 0, input, now());
      return stepPage(c, slug, survey.definition.title[step.state.locale ?? view.locale] ?? slug, step);
    } catch (err) {
      if (!(err instanceof PreviewStateError)) throw err;
      return shell(c, "/dashboard/preview", view.t("web.preview.badTitle"), <p>{view.t("web.preview.bad")}</p>, 400);
    }
  });

  app.get("/dashboard/notes", async (c) => {
    const { view, session } = c.get("auth");
    if (session.staff.role !== "directorate") {
      return shell(c, "/dashboard/notes", view.t("web.notes.title"), <p>{view.t("web.notes.directorateOnly")}</p>, 403);
    }
    const periods = await publishedResults({ store: deps.store, minCell: deps.minCell }, now(), deps.timeZone);
    return shell(
      c,
      "/dashboard/notes",
      view.t("web.notes.title"),
      <NotesPage view={view} periods={periods} saved={c.req.query("saved") === "1"} publicOn={deps.publicResults} />,
    );
  });

  app.post("/dashboard/notes", async (c) => {
    const { view, session } = c.get("auth");
    if (session.staff.role !== "directorate") {
      return shell(c, "/dashboard/notes", view.t("web.notes.title"), <p>{view.t("web.notes.directorateOnly")}</p>, 403);
    }
    const form = c.get("form");
    const { quarter, year } = publishedPeriods(now(), deps.timeZone);
    const service = typeof form.service === "string" ? await deps.store.services.byId(form.service) : null;
    const periodKey = form.period === quarter.key || form.period === year.key ? form.period : null;
    const text = typeof form.text === "string" ? form.text.replaceAll("\r\n", "\n").trim() : null;
    if (!service || !periodKey || text === null || text.length > NOTE_MAX_CHARS) {
      return shell(
        c,
        "/dashboard/notes",
        view.t("web.notes.title"),
        <p>{view.t("web.notes.invalid", { max: NOTE_MAX_CHARS })}</p>,
        400,
      );
    }
    await deps.store.web.saveNote({ serviceId: service.id, periodKey, text });
    deps.log.info({ event: "public-note", staffId: session.staff.id, period: periodKey }, "public note saved");
    return c.redirect("/dashboard/notes?saved=1", 303);
  });
  return app;
}
