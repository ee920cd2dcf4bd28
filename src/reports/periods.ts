/**
 * Report periods: a week (Monday 00:00 to the next Monday 00:00) or a calendar month, in the
 * directorate's time zone, as UTC instants. Pure: the time zone comes in, `Intl` does the rest,
 * so a week that holds a daylight-saving change is 167 or 169 hours long, as it should be.
 */

import { instantOf, wallClock } from "../time.ts";

export type PeriodKind = "week" | "month" | "range";

export type Period = {
  kind: PeriodKind;
  /** First instant of the period (inclusive). */
  start: Date;
  /** First instant after the period (exclusive). */
  end: Date;
  timeZone: string;
  /** Local calendar days, YYYY-MM-DD: the first and the last (inclusive). */
  firstDay: string;
  lastDay: string;
  /** Stable name of the period: `week:2026-W47`, `month:2026-11`, `range:2026-11-03..2026-11-09`. */
  key: string;
};

/** A local calendar day; months are 1-based. */
type Day = { y: number; m: number; d: number };

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The local day `at` falls on in `timeZone`. */
export function localDay(at: Date, timeZone: string): Day {
  const wall = new Date(wallClock(at.getTime(), timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

/** The instant a local day starts (where midnight is skipped, when the clock resumes). */
export function startOfDay(day: Day, timeZone: string): Date {
  return new Date(instantOf(Date.UTC(day.y, day.m - 1, day.d), timeZone));
}

function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d) + n * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function addMonths(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1 + n, 1));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: 1 };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const iso = (day: Day) => `${pad(day.y, 4)}-${pad(day.m)}-${pad(day.d)}`;
/** 0 for Monday … 6 for Sunday. */
const weekday = (day: Day) => (new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay() + 6) % 7;
const daysBetween = (a: Day, b: Day) => Math.round((Date.UTC(b.y, b.m - 1, b.d) - Date.UTC(a.y, a.m - 1, a.d)) / DAY_MS);

/** ISO 8601 week number of the week starting on `monday`: the week's Thursday decides the year. */
function isoWeek(monday: Day): { year: number; week: number } {
  const thursday = addDays(monday, 3);
  const jan1 = { y: thursday.y, m: 1, d: 1 };
  return { year: thursday.y, week: Math.floor(daysBetween(jan1, thursday) / 7) + 1 };
}

function build(kind: PeriodKind, first: Day, next: Day, timeZone: string, key: string): Period {
  return {
    kind,
    start: startOfDay(first, timeZone),
    end: startOfDay(next, timeZone),
    timeZone,
    firstDay: iso(first),
    lastDay: iso(addDays(next, -1)),
    key,
  };
}

function weekFrom(monday: Day, timeZone: string): Period {
  const { year, week } = isoWeek(monday);
  return build("week", monday, addDays(monday, 7), timeZone, `week:${year}-W${pad(week)}`);
}

function monthFrom(first: Day, timeZone: string): Period {
  return build("month", first, addMonths(first, 1), timeZone, `month:${pad(first.y, 4)}-${pad(first.m)}`);
}

/** The Monday-to-Sunday week that `at` falls in, in `timeZone`. */
export function weekContaining(at: Date, timeZone: string): Period {
  const day = localDay(at, timeZone);
  return weekFrom(addDays(day, -weekday(day)), timeZone);
}

/** The calendar month that `at` falls in, in `timeZone`. */
export function monthContaining(at: Date, timeZone: string): Period {
  const day = localDay(at, timeZone);
  return monthFrom({ y: day.y, m: day.m, d: 1 }, timeZone);
}

/**
 * The last full week or month before `now`: what a Monday-morning (or 1st-of-the-month) run reports on.
 * @example lastFullPeriod("week", new Date("2026-11-23T06:00:00Z"), "Europe/Chisinau").key // "week:2026-W47"
 */
export function lastFullPeriod(kind: "week" | "month", now: Date, timeZone: string): Period {
  return previousPeriod(kind === "week" ? weekContaining(now, timeZone) : monthContaining(now, timeZone));
}

/** The period just before, for comparison: the previous week, the previous month, or as many days just before a range. */
export function previousPeriod(period: Period): Period {
  const first = parseDay(period.firstDay);
  if (period.kind === "week") return weekFrom(addDays(first, -7), period.timeZone);
  if (period.kind === "month") return monthFrom(addMonths(first, -1), period.timeZone);
  const length = daysBetween(first, parseDay(period.lastDay)) + 1;
  return dayRange(iso(addDays(first, -length)), iso(addDays(first, -1)), period.timeZone);
}

/** Local days `from` to `to`, both included (YYYY-MM-DD). */
export function dayRange(from: string, to: string, timeZone: string): Period {
  const first = parseDay(from);
  const last = parseDay(to);
  if (daysBetween(first, last) < 0) throw new RangeError(`the range ends (${to}) before it starts (${from})`);
  return build("range", first, addDays(last, 1), timeZone, `range:${iso(first)}..${iso(last)}`);
}

/** A YYYY-MM-DD date that exists on the calendar; throws RangeError otherwise. */
export function parseDay(text: string): Day {
  const match = DATE.exec(text);
  const day = match ? { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) } : null;
  if (!day || iso(addDays(day, 0)) !== text) throw new RangeError(`"${text}" is not a date like 2026-11-23`);
  return day;
}

/** Hours in a period (167 or 169 for a week holding a daylight-saving change). */
export function periodHours(period: Period): number {
  return (period.end.getTime() - period.start.getTime()) / 3_600_000;
}
