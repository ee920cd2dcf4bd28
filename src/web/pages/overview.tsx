import { smallLabel } from "../../reports/disclosure.ts";
import type { Period } from "../../reports/periods.ts";
import { sharesChart } from "../charts.ts";
import type { Overview } from "../figures.ts";
import { arrow, countText, shareText, shownValue, type View } from "../view.ts";
import { Chart, num, PeriodLine, PeriodPicker, TableHead, text } from "./common.tsx";

export type OverviewProps = {
  view: View;
  period: Period;
  scopeName: string;
  overview: Overview;
  weeks: Period[];
  months: Period[];
  /** The workbook can be built here; otherwise the page says how to get it. */
  workbook: boolean;
};

export function OverviewPage(props: OverviewProps) {
  const { view, overview: o } = props;
  const min = o.minCell;
  const hiddenNote = view.t("web.hiddenNote", { hidden: smallLabel(min), min });
  const sat = o.satisfaction.current;
  const trendClass = (trend: string | null) => (trend === "up" ? "trend-up" : trend === "down" ? "trend-down" : undefined);
  const chart = sharesChart(
    o.rights.map((r) => ({
      name: view.t(`summary.indicator_short.${r.code}`),
      share: shownValue(r.current),
      text: shareText(view, r.current),
    })),
    view.t("web.overview.chartLabel"),
  );
  return (
    <>
      <PeriodLine view={view} period={props.period} scope={props.scopeName} />
      <div class="cards">
        <div class="card">
          <div class="label">{view.t("web.overview.responses")}</div>
          <div class="value">{countText(view, o.responses.current)}</div>
          <div class="delta">{view.t("web.overview.before", { value: countText(view, o.responses.previous) })}</div>
        </div>
        <div class="card">
          <div class="label">{view.t("web.overview.satisfaction")}</div>
          <div class="value">
            {shareText(view, sat)} <span class={trendClass(o.satisfaction.trend)}>{arrow(o.satisfaction.trend)}</span>
          </div>
          <div class="delta">
            {o.mean.type === "shown" ? view.t("web.overview.mean", { mean: view.f.decimal(o.mean.value) }) : ""}
          </div>
        </div>
        <div class="card">
          <div class="label">{view.t("web.overview.nps")}</div>
          <div class="value">
            {o.nps.type === "hidden" ? o.nps.label : o.nps.type === "none" ? "–" : view.f.signed(o.nps.value)}
          </div>
          <div class="delta">{view.t("web.overview.npsHint")}</div>
        </div>
        <div class="card">
          <div class="label">{view.t("summary.column.index")}</div>
          <div class="value">
            {shareText(view, o.index.current)} <span class={trendClass(o.index.trend)}>{arrow(o.index.trend)}</span>
          </div>
        </div>
      </div>
      <h2>{view.t("web.overview.rights")}</h2>
      <Chart svg={chart} />
      <div class="scroll" tabindex={0}>
        <table>
          <caption>{view.t("web.overview.rightsTable")}</caption>
          <TableHead
            view={view}
            columns={[text("web.column.indicator"), num("summary.column.current"), num("summary.column.previous")]}
          />
          <tbody>
            {o.rights.map((r) => (
              <tr>
                <th scope="row">{view.t(`summary.indicator.${r.code}`)}</th>
                <td class="num">
                  {shareText(view, r.current)}{" "}
                  {r.trend ? (
                    <span class={trendClass(r.trend)}>
                      <span aria-hidden="true">{arrow(r.trend)}</span>
                      <span class="sr">{view.t(`web.trend.${r.trend}`)}</span>
                    </span>
                  ) : null}
                </td>
                <td class="num">{shareText(view, r.previous)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="small muted">{hiddenNote}</p>
      <h2>{view.t("web.workbook.title")}</h2>
      {props.workbook ? (
        <p>
          <a class="button" href={`/dashboard/workbook?period=${encodeURIComponent(props.period.key)}`}>
            {view.t("web.workbook.download")}
          </a>
        </p>
      ) : (
        <p>{view.t("web.workbook.unavailable")}</p>
      )}
      <PeriodPicker view={view} base="/dashboard" current={props.period} weeks={props.weeks} months={props.months} />
    </>
  );
}
