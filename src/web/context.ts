import type { Context } from "hono";
import type { Child } from "hono/jsx";
import { isLocale, type Locale, matchLocale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import type { Logger } from "../log.ts";
import type { WorkbookWriter } from "../reports/build.ts";
import type { DashboardSession, Store } from "../store/ports.ts";
import type { Scope } from "./figures.ts";
import { createView, type View } from "./view.ts";

export type WebDeps = {
  store: Store;
  t: Translate;
  log: Logger;
  /** MIN_CELL. */
  minCell: number;
  timeZone: string;
  defaultLocale: Locale;
  /** PUBLIC_URL: decides whether cookies are Secure (https) behind a proxy. */
  publicUrl: string | null;
  /** PUBLIC_RESULTS: serve /public and /public/results.csv. */
  publicResults: boolean;
  /** Writes the period's workbook; null where none is built (then the page says how to get it). */
  workbook: WorkbookWriter | null;
  now?: () => Date;
};

/** What the session middleware leaves for a dashboard page. */
export type Auth = { session: DashboardSession; token: string; view: View; scope: Scope };

/** A posted form's fields, read once by the session middleware (which checks its CSRF token). */
export type Form = Record<string, string | File>;

export type WebEnv = { Variables: { auth: Auth; form: Form } };

/** A whole HTML page; JSX renders synchronously here (no async components). */
export function page(c: Context, element: Child, status: 200 | 400 | 401 | 403 | 404 | 410 = 200): Response {
  return c.html(`<!doctype html>${String(element)}`, status);
}

/** The browser's preferred language among ours (a page without a session), else the default. */
export function browserLocale(c: Context, fallback: Locale): Locale {
  const asked = c.req.query("lang");
  if (isLocale(asked)) return asked;
  const header = c.req.header("accept-language") ?? "";
  for (const part of header.split(",")) {
    const match = matchLocale(part.split(";")[0]?.trim());
    if (match) return match;
  }
  return fallback;
}

export function publicView(deps: WebDeps, c: Context): View {
  const url = new URL(c.req.url);
  return createView(deps.t, browserLocale(c, deps.defaultLocale), {
    csrf: null,
    path: `${url.pathname}${url.search}`,
    minCell: deps.minCell,
    timeZone: deps.timeZone,
  });
}
