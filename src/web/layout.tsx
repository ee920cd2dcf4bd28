import type { Child } from "hono/jsx";
import { LOCALE_NAMES, LOCALES } from "../engine/locale.ts";
import { CSRF_FIELD } from "./security.ts";
import type { View } from "./view.ts";

export type NavItem = { href: string; key: string };

/** The page shell: language, stylesheet, navigation, and the language switcher at the bottom. */
export function Layout(props: {
  view: View;
  title: string;
  nav?: NavItem[];
  current?: string;
  embed?: boolean;
  /** Dashboard: the language switcher posts (CSRF) and a sign-out button; public pages use links. */
  signedIn?: boolean;
  children?: Child;
}) {
  const { view } = props;
  return (
    <html lang={view.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} · Glas`}</title>
        <link rel="stylesheet" href="/web/style.css" />
      </head>
      <body class={props.embed ? "embed" : undefined}>
        <a class="skip" href="#main">
          {view.t("web.skip")}
        </a>
        {props.embed ? null : (
          <header class="top">
            <span class="brand">Glas</span>
            {props.nav ? (
              <nav aria-label={view.t("web.nav.label")}>
                <ul>
                  {props.nav.map((item) => (
                    <li>
                      <a href={item.href} aria-current={item.href === props.current ? "page" : undefined}>
                        {view.t(item.key)}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </header>
        )}
        <main id="main">
          <h1>{props.title}</h1>
          {props.children}
        </main>
        <footer class="bottom">
          {props.signedIn ? <LanguageForm view={view} /> : <LanguageLinks view={view} />}
          {props.signedIn ? (
            <form method="post" action="/dashboard/logout" class="inline">
              <input type="hidden" name={CSRF_FIELD} value={view.csrf ?? ""} />
              <button type="submit" class="secondary">
                {view.t("web.signOut")}
              </button>
            </form>
          ) : null}
        </footer>
      </body>
    </html>
  );
}

function LanguageForm({ view }: { view: View }) {
  return (
    <form method="post" action="/dashboard/language" aria-label={view.t("web.language")}>
      <input type="hidden" name={CSRF_FIELD} value={view.csrf ?? ""} />
      <input type="hidden" name="back" value={view.path} />
      <ul class="langs">
        {LOCALES.map((l) => (
          <li>
            <button
              type="submit"
              name="lang"
              value={l}
              lang={l}
              class="secondary"
              aria-current={l === view.locale ? "true" : undefined}
            >
              {LOCALE_NAMES[l]}
            </button>
          </li>
        ))}
      </ul>
    </form>
  );
}

function LanguageLinks({ view }: { view: View }) {
  const [path = "/", query = ""] = view.path.split("?");
  const params = new URLSearchParams(query);
  return (
    <nav aria-label={view.t("web.language")}>
      <ul class="langs">
        {LOCALES.map((l) => {
          params.set("lang", l);
          return (
            <li>
              <a
                href={`${path}?${params.toString()}`}
                lang={l}
                hreflang={l}
                aria-current={l === view.locale ? "true" : undefined}
              >
                {LOCALE_NAMES[l]}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** A page of one message (sign-in, errors): no figures, no navigation. */
export function MessagePage(props: { view: View; title: string; children?: Child }) {
  return (
    <Layout view={props.view} title={props.title}>
      {props.children}
    </Layout>
  );
}
