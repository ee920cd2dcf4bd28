import { smallLabel } from "../../reports/disclosure.ts";
import type { PublishedPeriod } from "../public-figures.ts";
import { shareText, shownValue, type View } from "../view.ts";
import { num, TableHead, text } from "./common.tsx";
import { RankingChart } from "./ranking-chart.tsx";

/** `GET /public`: the published results, per period (last closed quarter and year), for everyone. */
export function PublicPage(props: { view: View; periods: PublishedPeriod[]; embed: boolean }) {
  const { view } = props;
  return (
    <>
      <p>{view.t("web.public.intro")}</p>
      {props.periods.map((p) => {
        const ranked = p.services.filter((s) => s.rank !== null);
        return (
          <section>
            <h2>
              {view.t(p.period.key.startsWith("year:") ? "web.public.year" : "web.public.quarter", {
                dates: view.f.period(p.period),
              })}
            </h2>
            <RankingChart
              view={view}
              min={p.rankingMin}
              rows={ranked.map((s) => ({
                name: s.service.name,
                share: shownValue(s.index) ?? 0,
                low: s.rank?.low ?? 0,
                high: s.rank?.high ?? 0,
              }))}
            />
            <div class="scroll" tabindex={0}>
              <table>
                <caption>{view.t("web.public.tableCaption", { min: p.rankingMin })}</caption>
                <TableHead
                  view={view}
                  columns={[
                    num("summary.column.rank"),
                    text("summary.column.service"),
                    num("summary.column.index"),
                    num("summary.column.satisfaction"),
                  ]}
                />
                <tbody>
                  {p.services.map((s) => (
                    <tr>
                      <td class="num">{s.rank ? s.rank.rank : "–"}</td>
                      <th scope="row">
                        {s.service.name}
                        {s.service.locality ? <span class="small muted">{` · ${s.service.locality}`}</span> : null}
                      </th>
                      <td class="num">{shareText(view, s.index)}</td>
                      <td class="num">{shareText(view, s.satisfaction)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {p.services.some((s) => s.note) ? (
              <>
                <h3>{view.t("web.public.notes")}</h3>
                {p.services
                  .filter((s) => s.note)
                  .map((s) => (
                    <div class="panel">
                      <strong>{s.service.name}</strong>
                      <p class="bubble note">{s.note}</p>
                    </div>
                  ))}
              </>
            ) : null}
          </section>
        );
      })}
      <p class="small muted">
        {view.t("web.public.method", {
          hidden: smallLabel(props.periods[0]?.minCell ?? view.minCell),
          min: props.periods[0]?.minCell ?? view.minCell,
        })}
      </p>
      <p>
        <a href={`/public/results.csv?lang=${view.locale}`}>{view.t("web.public.csv")}</a>
        {props.embed ? null : (
          <>
            {" · "}
            <a href={`/public?lang=${view.locale}&embed=1`}>{view.t("web.public.embed")}</a>
          </>
        )}
      </p>
    </>
  );
}
