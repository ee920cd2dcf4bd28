import { dayRange, lastFullPeriod, monthContaining, type Period, previousPeriod, weekContaining } from "../reports/periods.ts";

/** How far back the period links reach. */
export const WEEKS_OFFERED = 8;
export const MONTHS_OFFERED = 12;

const WEEK_KEY = /^week:(\d{4})-W(\d{2})$/;
const MONTH_KEY = /^month:(\d{4})-(\d{2})$/;

/** Noon UTC of a day falls on that same day in any zone a directorate is in. */
const noon = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d, 12));

/** A closed week or month from its key (`week:2026-W47`, `month:2026-11`); null if unknown or still open. */
export function closedPeriod(key: string | undefined, now: Date, timeZone: string): Period | null {
  if (!key) return null;
  let period: Period | null = null;
  const week = WEEK_KEY.exec(key);
  const month = MONTH_KEY.exec(key);
  if (week) {
    const [y, w] = [Number(week[1]), Number(week[2])];
    // ISO weeks: 4 January is always in week 1.
    const jan4 = noon(y, 1, 4);
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86_400_000 + (w - 1) * 7 * 86_400_000);
    period = weekContaining(monday, timeZone);
  } else if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) {
    period = monthContaining(noon(Number(month[1]), Number(month[2]), 15), timeZone);
  }
  if (!period || period.key !== key || period.end > now) return null;
  return period;
}

/** The closed periods a page offers: the latest weeks and months. */
export function offeredPeriods(now: Date, timeZone: string): { weeks: Period[]; months: Period[] } {
  const back = (first: Period, n: number) => {
    const out = [first];
    while (out.length < n) out.push(previousPeriod(out[out.length - 1] as Period));
    return out;
  };
  return {
    weeks: back(lastFullPeriod("week", now, timeZone), WEEKS_OFFERED),
    months: back(lastFullPeriod("month", now, timeZone), MONTHS_OFFERED),
  };
}

/** The last `n` closed months, oldest first. */
export function lastMonths(now: Date, timeZone: string, n: number): Period[] {
  return offeredPeriods(now, timeZone).months.slice(0, n).reverse();
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The periods results are published for: the last closed calendar quarter and year
 * (`quarter:2026-Q3`, `year:2025`), as day ranges in the time zone.
 */
export function publishedPeriods(now: Date, timeZone: string): { quarter: Period; year: Period } {
  const month = monthContaining(now, timeZone);
  const y = Number(month.firstDay.slice(0, 4));
  const m = Number(month.firstDay.slice(5, 7));
  const q = Math.floor((m - 1) / 3); // this quarter, 0-based; the last closed one is q - 1
  const qy = q === 0 ? y - 1 : y;
  const qn = q === 0 ? 4 : q;
  const first = `${qy}-${pad((qn - 1) * 3 + 1)}-01`;
  const lastMonth = qn * 3;
  const lastDay = new Date(Date.UTC(qy, lastMonth, 0)).getUTCDate();
  const quarter = { ...dayRange(first, `${qy}-${pad(lastMonth)}-${pad(lastDay)}`, timeZone), key: `quarter:${qy}-Q${qn}` };
  const year = { ...dayRange(`${y - 1}-01-01`, `${y - 1}-12-31`, timeZone), key: `year:${y - 1}` };
  return { quarter, year };
}
