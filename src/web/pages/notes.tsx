import type { PublishedPeriod } from "../public-figures.ts";
import { CSRF_FIELD } from "../security.ts";
import type { View } from "../view.ts";

export const NOTE_MAX_CHARS = 1000;

/** The directorate writes "You said, we did" per service and published period; shown on /public. */
export function NotesPage(props: { view: View; periods: PublishedPeriod[]; saved: boolean; publicOn: boolean }) {
  const { view } = props;
  return (
    <>
      <p>{view.t("web.notes.intro")}</p>
      {props.publicOn ? null : <p class="notice">{view.t("web.notes.publicOff")}</p>}
      {props.saved ? (
        <p class="notice" role="status">
          {view.t("web.notes.saved")}
        </p>
      ) : null}
      {props.periods.map((p) => (
        <section>
          <h2>
            {view.t(p.period.key.startsWith("year:") ? "web.public.year" : "web.public.quarter", {
              dates: view.f.period(p.period),
            })}
          </h2>
          {p.services.map((s) => {
            const id = `note-${p.period.key.replace(/[^a-z0-9]/gi, "-")}-${s.service.code.replace(/[^a-z0-9]/gi, "-")}`;
            return (
              <form method="post" action="/dashboard/notes" class="panel">
                <input type="hidden" name={CSRF_FIELD} value={view.csrf ?? ""} />
                <input type="hidden" name="service" value={s.service.id} />
                <input type="hidden" name="period" value={p.period.key} />
                <label for={id}>{s.service.name}</label>
                <textarea id={id} name="text" maxlength={NOTE_MAX_CHARS}>
                  {s.note ?? ""}
                </textarea>
                <p>
                  <button type="submit">{view.t("web.notes.save")}</button>
                </p>
              </form>
            );
          })}
        </section>
      ))}
    </>
  );
}
