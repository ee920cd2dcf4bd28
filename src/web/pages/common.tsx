import type { Period } from "../../reports/periods.ts";
import type { NavItem } from "../layout.tsx";
import type { View } from "../view.ts";

export const DASHBOARD_NAV: NavItem[] = [
  { href: "/dashboard", key: "web.nav.overview" },
  { href: "/dashboard/services", key: "web.nav.services" },
  { href: "/dashboard/localities", key: "web.nav.localities" },
  { href: "/dashboard/consultations", key: "web.nav.consultations" },
  { href: "/dashboard/preview", key: "web.nav.preview" },
];
export const NOTES_NAV: NavItem = { href: "/dashboard/notes", key: "web.nav.notes" };

/** The closed weeks and months to choose from, as links (choosing changes nothing on the server). */
export function PeriodPicker(props: { view: View; base: string; current: Period; weeks: Period[]; months: Period[] }) {
  const { view } = props;
  const item = (p: Period) => (
    <li>
      <a
        href={`${props.base}?period=${encodeURIComponent(p.key)}`}
        aria-current={p.key === props.current.key ? "page" : undefined}
      >
        {view.f.period(p)}
      </a>
    </li>
  );
  return (
    <details class="panel">
      <summary>{view.t("web.period.choose")}</summary>
      <h2>{view.t("web.period.weeks")}</h2>
      <ul class="periods">{props.weeks.map(item)}</ul>
      <h2>{view.t("web.period.months")}</h2>
      <ul class="periods">{props.months.map(item)}</ul>
    </details>
  );
}

export function PeriodLine(props: { view: View; period: Period; scope: string }) {
  return <p class="muted">{props.view.t("web.period.line", { dates: props.view.f.period(props.period), scope: props.scope })}</p>;
}

/** Inline SVG made by the server (src/web/charts.ts); it holds only figures already shown as text. */
export function Chart(props: { svg: string }) {
  return <div class="chart" dangerouslySetInnerHTML={{ __html: props.svg }} />;
}

/** A column heading: an i18n key, and whether the column holds figures (right-aligned). */
export type ColumnHead = { key: string; figures: boolean };
export const text = (key: string): ColumnHead => ({ key, figures: false });
export const num = (key: string): ColumnHead => ({ key, figures: true });

/** A table's header row, each heading in the reader's language. */
export function TableHead(props: { view: View; columns: ColumnHead[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((c) => (
          <th scope="col" class={c.figures ? "num" : undefined}>
            {props.view.t(c.key)}
          </th>
        ))}
      </tr>
    </thead>
  );
}
