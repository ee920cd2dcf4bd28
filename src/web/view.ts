import { INTL_TAGS, type Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";
import type { CountCell } from "../reports/disclosure.ts";
import { type Formats, formats } from "../reports/format.ts";
import { ARROWS, type Trend } from "../reports/indicators.ts";
import type { Figure } from "../reports/summary.ts";

/** What every page needs to speak: the language, its words and number formats, the form token. */
export type View = {
  locale: Locale;
  t(key: string, params?: Record<string, string | number>): string;
  f: Formats;
  /** The CSRF token for this session's forms (null on public pages, which have no form). */
  csrf: string | null;
  /** The path and query of this page, for the language switcher to come back to. */
  path: string;
  minCell: number;
  /** A day in the directorate's time zone: "19 Nov 2026". */
  date(at: Date): string;
};

export function createView(
  t: Translate,
  locale: Locale,
  options: { csrf: string | null; path: string; minCell: number; timeZone: string },
): View {
  const day = new Intl.DateTimeFormat(INTL_TAGS[locale], { dateStyle: "medium", timeZone: options.timeZone });
  return {
    locale,
    t: (key, params) => t(locale, key, params),
    f: formats(locale),
    csrf: options.csrf,
    path: options.path,
    minCell: options.minCell,
    date: (at) => day.format(at),
  };
}

/** A share as a page shows it: its label ("<5", "x") where the disclosure step hid it, "–" when nobody answered. */
export function shareText(view: View, cell: Figure): string {
  if (cell.type === "hidden") return cell.label;
  return cell.type === "none" ? "–" : view.f.percent(cell.value);
}

/** A count of people: its label ("<5" when too small, "x" when hidden to protect another) where the disclosure step hid it. */
export function countText(view: View, count: CountCell): string {
  return count.type === "shown" ? view.f.count(count.n) : count.label;
}

/** A shown figure's value; null where it is hidden or empty (a chart draws nothing there). */
export const shownValue = (cell: Figure): number | null => (cell.type === "shown" ? cell.value : null);

export function arrow(trend: Trend | null): string {
  return trend ? ARROWS[trend] : "";
}
