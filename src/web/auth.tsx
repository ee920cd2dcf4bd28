import { Hono, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { isLocale } from "../engine/locale.ts";
import { hashToken, newToken, TOKEN_PATTERN } from "../usecases/dashboard.ts";
import { auditDashboardSignIn } from "../usecases/privacy/audit.ts";
import { type Auth, page, publicView, type WebDeps, type WebEnv } from "./context.ts";
import { scopeOf } from "./figures.ts";
import { MessagePage } from "./layout.tsx";
import { CSRF_FIELD, csrfToken, isHttps, LOGIN_COOKIE, SESSION_COOKIE, sessionToken, validCsrf } from "./security.ts";
import { createView } from "./view.ts";

/** A signed-in browser stays signed in this long. */
export const SESSION_TTL_MS = 12 * 60 * 60_000;
const LOGIN_FORM_TTL_S = 15 * 60;

/**
 * Sign-in: `GET /dashboard/login/TOKEN` (the link from the chat) shows a button and changes
 * nothing, since a messenger's link preview fetches the link too; pressing it (POST, with a
 * double-submit token) uses the link up and starts a 12-hour session. Also sign-out and the
 * choice of language, both forms with the session's CSRF token.
 */
export function authRoutes(deps: WebDeps): Hono<WebEnv> {
  const now = deps.now ?? (() => new Date());
  const app = new Hono<WebEnv>();
  const refused = (c: Parameters<typeof publicView>[1]) => {
    const view = publicView(deps, c);
    return page(
      c,
      <MessagePage view={view} title={view.t("web.login.refusedTitle")}>
        <p>{view.t("web.login.refused")}</p>
      </MessagePage>,
      410,
    );
  };

  app.get("/dashboard/login/:token", async (c) => {
    const token = c.req.param("token");
    if (!TOKEN_PATTERN.test(token) || !(await deps.store.web.peekLink(await hashToken(token), now()))) return refused(c);
    const formToken = newToken();
    setCookie(c, LOGIN_COOKIE, formToken, {
      httpOnly: true,
      sameSite: "Strict",
      secure: isHttps(c, deps.publicUrl),
      path: "/dashboard/login",
      maxAge: LOGIN_FORM_TTL_S,
    });
    const view = publicView(deps, c);
    return page(
      c,
      <MessagePage view={view} title={view.t("web.login.title")}>
        <p>{view.t("web.login.intro")}</p>
        <form method="post" action={`/dashboard/login/${token}`}>
          <input type="hidden" name={CSRF_FIELD} value={formToken} />
          <button type="submit">{view.t("web.login.button")}</button>
        </form>
      </MessagePage>,
    );
  });

  app.post("/dashboard/login/:token", async (c) => {
    const token = c.req.param("token");
    const form = await c.req.parseBody();
    const expected = getCookie(c, LOGIN_COOKIE);
    if (!expected || form[CSRF_FIELD] !== expected) return refused(c);
    if (!TOKEN_PATTERN.test(token)) return refused(c);
    const at = now();
    const staffId = await deps.store.web.claimLink(await hashToken(token), at);
    const contact = staffId ? await deps.store.staff.contact(staffId) : null;
    const member = contact ? await deps.store.staff.byRespondent(contact.respondentId) : null;
    if (!staffId || !contact || !member || member.revokedAt) return refused(c);
    await auditDashboardSignIn(deps.store, member, at);
    const session = newToken();
    await deps.store.web.createSession({
      tokenHash: await hashToken(session),
      staffId,
      locale: contact.locale ?? deps.defaultLocale,
      expiresAt: new Date(at.getTime() + SESSION_TTL_MS),
    });
    deleteCookie(c, LOGIN_COOKIE, { path: "/dashboard/login" });
    setCookie(c, SESSION_COOKIE, session, {
      httpOnly: true,
      sameSite: "Lax",
      secure: isHttps(c, deps.publicUrl),
      path: "/",
      maxAge: SESSION_TTL_MS / 1000,
    });
    deps.log.info({ event: "dashboard-sign-in", staffId }, "dashboard sign-in");
    return c.redirect("/dashboard", 303);
  });

  app.use("/dashboard/*", requireSession(deps));
  app.use("/dashboard", requireSession(deps));

  app.post("/dashboard/logout", async (c) => {
    const { token } = c.get("auth");
    await deps.store.web.deleteSession(await hashToken(token));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.redirect("/dashboard", 303);
  });

  app.post("/dashboard/language", async (c) => {
    const form = c.get("form");
    const lang = form.lang;
    if (isLocale(lang)) await deps.store.web.setSessionLocale(await hashToken(c.get("auth").token), lang);
    const back = typeof form.back === "string" && /^\/dashboard(\/|\?|$)/.test(form.back) ? form.back : "/dashboard";
    return c.redirect(back, 303);
  });
  return app;
}

/**
 * Every dashboard page and form: a live session of a staff member who is not revoked, else a
 * 401 page saying how to sign in and nothing more. Forms (POST) must carry the CSRF token.
 */
export function requireSession(deps: WebDeps): MiddlewareHandler<WebEnv> {
  const now = deps.now ?? (() => new Date());
  return async function requireSession(c, next) {
    if (c.req.path.startsWith("/dashboard/login/")) return next();
    const token = sessionToken(c);
    const session = token ? await deps.store.web.session(await hashToken(token), now()) : null;
    if (!token || !session) {
      const view = publicView(deps, c);
      return page(
        c,
        <MessagePage view={view} title={view.t("web.signIn.title")}>
          <p>{view.t("web.signIn.how")}</p>
        </MessagePage>,
        401,
      );
    }
    if (c.req.method === "POST") {
      const form = await c.req.parseBody();
      if (!(await validCsrf(token, form[CSRF_FIELD]))) {
        const view = publicView(deps, c);
        return page(
          c,
          <MessagePage view={view} title={view.t("web.csrf.title")}>
            <p>{view.t("web.csrf.body")}</p>
          </MessagePage>,
          403,
        );
      }
      c.set("form", form);
    }
    const url = new URL(c.req.url);
    const view = createView(deps.t, session.locale, {
      csrf: await csrfToken(token),
      path: `${url.pathname}${url.search}`,
      minCell: deps.minCell,
      timeZone: deps.timeZone,
    });
    const auth: Auth = { session, token, view, scope: await scopeOf(deps.store, session.staff) };
    c.set("auth", auth);
    return next();
  };
}
