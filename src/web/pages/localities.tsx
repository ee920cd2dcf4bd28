import { type Consultation, localize } from "../../reports/consultations.ts";
import { smallLabel } from "../../reports/disclosure.ts";
import type { Period } from "../../reports/periods.ts";
import type { BreakdownRow } from "../../reports/summary.ts";
import { countText, type View } from "../view.ts";
import { BreakdownTable } from "./breakdown.tsx";
import { PeriodLine, PeriodPicker } from "./common.tsx";

type PeriodProps = { view: View; period: Period; scopeName: string; weeks: Period[]; months: Period[] };

export function LocalitiesPage(props: PeriodProps & { rows: BreakdownRow[]; minCell: number }) {
  const { view } = props;
  return (
    <>
      <PeriodLine view={view} period={props.period} scope={props.scopeName} />
      {props.rows.length === 0 ? (
        <p class="notice">{view.t("web.empty")}</p>
      ) : (
        <BreakdownTable view={view} rows={props.rows} kind="locality" />
      )}
      <p class="small muted">{view.t("web.hiddenNote", { hidden: smallLabel(props.minCell), min: props.minCell })}</p>
      <PeriodPicker view={view} base="/dashboard/localities" current={props.period} weeks={props.weeks} months={props.months} />
    </>
  );
}

export function ConsultationsPage(props: PeriodProps & { consultations: Consultation[]; minCell: number }) {
  const { view } = props;
  return (
    <>
      <PeriodLine view={view} period={props.period} scope={props.scopeName} />
      <p>{view.t("web.consultations.intro", { min: props.minCell })}</p>
      {props.consultations.length === 0 ? <p class="notice">{view.t("web.consultations.none")}</p> : null}
      {props.consultations.map((c) => (
        <section class="panel">
          <h2>{localize(c.text, view.locale)}</h2>
          <dl class="pairs">
            <dt>{view.t("web.consultations.closed")}</dt>
            <dd>{view.date(c.closedAt)}</dd>
            <dt>{view.t("web.consultations.replies")}</dt>
            <dd>{countText(view, c.replies)}</dd>
          </dl>
          {c.replies.type === "hidden" ? (
            <p class="muted">{view.t("web.consultations.tooFew", { min: props.minCell })}</p>
          ) : c.leading.length > 0 ? (
            <ul class="bars">
              {c.leading.map((l) => (
                <li>
                  {view.t("web.consultations.leading", {
                    choice: localize(l.text, view.locale),
                    share: view.f.percent(l.share),
                  })}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">{view.t("web.consultations.free")}</p>
          )}
        </section>
      ))}
      <PeriodPicker
        view={view}
        base="/dashboard/consultations"
        current={props.period}
        weeks={props.weeks}
        months={props.months}
      />
    </>
  );
}
