import { INTL_TAGS } from "../../engine/locale.ts";
import type { Period } from "../../reports/periods.ts";
import type { BreakdownRow, RankingRow } from "../../reports/summary.ts";
import type { Service } from "../../store/ports.ts";
import { trendChart } from "../charts.ts";
import type { MonthFigures } from "../figures.ts";
import { countText, shareText, shownValue, type View } from "../view.ts";
import { BreakdownTable } from "./breakdown.tsx";
import { Chart, num, PeriodLine, PeriodPicker, TableHead, text } from "./common.tsx";
import { RankingChart } from "./ranking-chart.tsx";

export function ServicesPage(props: {
  view: View;
  period: Period;
  scopeName: string;
  minCell: number;
  rankingMin: number;
  ranking: RankingRow[];
  rows: BreakdownRow[];
  weeks: Period[];
  months: Period[];
}) {
  const { view } = props;
  const ranked = props.ranking.filter((r) => r.type === "ranked");
  const insufficient = props.ranking.filter((r) => r.type === "insufficient");
  const codeOf = new Map(props.rows.map((r) => [r.id, r.code]));
  return (
    <>
      <PeriodLine view={view} period={props.period} scope={props.scopeName} />
      <p>{view.t("web.services.intro", { min: props.rankingMin })}</p>
      <RankingChart
        view={view}
        min={props.rankingMin}
        rows={ranked.map((r) => ({ name: r.name, share: r.share, low: r.low, high: r.high }))}
      />
      <div class="scroll" tabindex={0}>
        <table>
          <caption>{view.t("summary.sheet.ranking")}</caption>
          <TableHead
            view={view}
            columns={[
              num("summary.column.rank"),
              text("summary.column.service"),
              num("summary.column.index"),
              num("web.column.interval"),
            ]}
          />
          <tbody>
            {ranked.map((r) => (
              <tr>
                <td class="num">{r.rank}</td>
                <th scope="row">
                  <a href={`/dashboard/services/${encodeURIComponent(codeOf.get(r.id) ?? r.code)}`}>{r.name}</a>
                </th>
                <td class="num">{view.f.percent(r.share)}</td>
                <td class="num">{`${view.f.percent(r.low)} – ${view.f.percent(r.high)}`}</td>
              </tr>
            ))}
            {insufficient.map((r) => (
              <tr>
                <td class="num">–</td>
                <th scope="row">
                  <a href={`/dashboard/services/${encodeURIComponent(r.code)}`}>{r.name}</a>
                </th>
                <td colspan={2} class="muted">
                  {view.t("web.services.notEnough")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{view.t("summary.sheet.by_service")}</h2>
      <BreakdownTable view={view} rows={props.rows} kind="service" />
      <PeriodPicker view={view} base="/dashboard/services" current={props.period} weeks={props.weeks} months={props.months} />
    </>
  );
}

/** Responses, satisfaction and the rights index per row; a wide screen sees all, a phone scrolls the table alone. */
export function ServicePage(props: { view: View; service: Service; months: MonthFigures[] }) {
  const { view } = props;
  const label = (m: MonthFigures) =>
    new Intl.DateTimeFormat(INTL_TAGS[view.locale], { month: "short", timeZone: "UTC" }).format(
      new Date(`${m.period.firstDay}T12:00:00Z`),
    );
  const monthYear = new Intl.DateTimeFormat(INTL_TAGS[view.locale], { month: "short", year: "numeric", timeZone: "UTC" });
  const svg = trendChart(
    props.months.map(label),
    [
      { name: view.t("summary.column.index"), color: "#0b3d6e", values: props.months.map((m) => shownValue(m.index)) },
      {
        name: view.t("summary.column.satisfaction"),
        color: "#1f7a4d",
        values: props.months.map((m) => shownValue(m.satisfaction)),
      },
    ],
    view.t("web.service.chartLabel", { name: props.service.name }),
  );
  return (
    <>
      <p class="muted">{props.service.locality ? `${props.service.locality} · ${props.service.code}` : props.service.code}</p>
      <p>{view.t("web.service.intro")}</p>
      <Chart svg={svg} />
      <div class="scroll" tabindex={0}>
        <table>
          <TableHead
            view={view}
            columns={[
              text("web.column.month"),
              num("summary.column.responses"),
              num("summary.column.satisfaction"),
              num("summary.column.index"),
            ]}
          />
          <tbody>
            {[...props.months].reverse().map((m) => (
              <tr>
                <th scope="row">{monthYear.format(new Date(`${m.period.firstDay}T12:00:00Z`))}</th>
                <td class="num">{countText(view, m.responses)}</td>
                <td class="num">{shareText(view, m.satisfaction)}</td>
                <td class="num">{shareText(view, m.index)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href="/dashboard/services">{view.t("web.service.back")}</a>
      </p>
    </>
  );
}
