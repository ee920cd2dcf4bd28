import { type OutgoingMessage, renderIntent } from "../../channels/render-text.ts";
import type { Intent } from "../../engine/intents.ts";
import { LOCALE_NAMES, LOCALES, type Locale } from "../../engine/locale.ts";
import type { Translate } from "../../i18n/index.ts";
import { encodeState, type PreviewStep } from "../preview.ts";
import { CSRF_FIELD } from "../security.ts";
import type { View } from "../view.ts";

export function PreviewListPage(props: {
  view: View;
  surveys: { slug: string; version: number; title: string; questions: number }[];
}) {
  const { view } = props;
  return (
    <>
      <p>{view.t("web.preview.intro")}</p>
      {props.surveys.map((s) => (
        <section class="panel">
          <h2>{s.title}</h2>
          <p class="muted">{view.t("web.preview.meta", { slug: s.slug, version: s.version, count: s.questions })}</p>
          <ul class="langs">
            {LOCALES.map((l) => (
              <li>
                <a class="button secondary" lang={l} href={`/dashboard/preview/${encodeURIComponent(s.slug)}?lang=${l}`}>
                  {LOCALE_NAMES[l]}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}

/**
 * One step of the preview: the messages the engine produced, the buttons as the messenger
 * shows them (each a submit button of a form that carries the state), a text box where typing is asked.
 */
export function PreviewStepPage(props: { view: View; t: Translate; slug: string; step: PreviewStep }) {
  const { view, step } = props;
  const locale: Locale = step.state.locale ?? view.locale;
  const messages = step.intents
    .map((intent: Intent) => ({ intent, message: renderIntent(props.t, locale, intent) }))
    .filter((m): m is { intent: Intent; message: OutgoingMessage } => m.message !== null);
  const ended = step.intents.some((i) => i.type === "end");
  const last = [...messages].reverse().find((m) => m.message.input !== undefined)?.message;
  const state = encodeState(step.state);
  const action = `/dashboard/preview/${encodeURIComponent(props.slug)}`;
  const hidden = (
    <>
      <input type="hidden" name={CSRF_FIELD} value={view.csrf ?? ""} />
      <input type="hidden" name="state" value={state} />
      <input type="hidden" name="seq" value={String(step.seq)} />
    </>
  );
  return (
    <>
      <p class="notice">{view.t("web.preview.nothingStored")}</p>
      <div class="phone" lang={locale}>
        {messages.map(({ intent, message }) => (
          <div class={intent.type === "answered" ? "bubble note" : "bubble"}>{message.text}</div>
        ))}
        {last && !ended ? (
          <form method="post" action={action}>
            {hidden}
            {last.buttons.length > 0 ? (
              <div class={last.buttons.every((row) => row.length > 2) ? "choices row" : "choices"}>
                {last.buttons.flat().map((b) => (
                  <button type="submit" name="press" value={b.id}>
                    {b.label}
                  </button>
                ))}
              </div>
            ) : null}
            {last.input === "text" || last.input === "number" ? (
              <>
                <label for="reply">{view.t("web.preview.reply")}</label>
                <input id="reply" type="text" name="text" inputmode={last.input === "number" ? "decimal" : undefined} />
                <p>
                  <button type="submit" name="send" value="1">
                    {view.t("web.preview.send")}
                  </button>
                </p>
              </>
            ) : null}
          </form>
        ) : null}
      </div>
      <p>
        {ended ? <strong>{view.t("web.preview.ended")} </strong> : null}
        <a href={`${action}?lang=${locale}`}>{view.t("web.preview.restart")}</a> ·{" "}
        <a href="/dashboard/preview">{view.t("web.preview.all")}</a>
      </p>
    </>
  );
}
