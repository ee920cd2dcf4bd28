import { INTL_TAGS, type Locale } from "../engine/locale.ts";
import type { Period } from "./periods.ts";

/** Numbers, shares and dates as each language writes them (Intl: "84 %" in Romanian, "84%" in English). */
export type Formats = {
  count(n: number): string;
  /** A share 0..1 as a whole percentage. */
  percent(share: number): string;
  /** A signed whole number: +12, −3, 0. */
  signed(n: number): string;
  /** A change in share 0..1 as signed percentage points with one decimal: +4.5. */
  points(change: number): string;
  /** One decimal: 4.3 (4,3 in ro, ru, uk). */
  decimal(n: number): string;
  /** The period's days: "16–22 Nov 2026", or the month's name for a month. */
  period(period: Period): string;
};

export function formats(locale: Locale): Formats {
  const tag = INTL_TAGS[locale];
  const count = new Intl.NumberFormat(tag, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(tag, { style: "percent", maximumFractionDigits: 0 });
  const signed = new Intl.NumberFormat(tag, { signDisplay: "exceptZero", maximumFractionDigits: 0 });
  const points = new Intl.NumberFormat(tag, { signDisplay: "exceptZero", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(tag, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  // Local days are written as UTC dates, so formatting must not move them to another zone.
  const days = new Intl.DateTimeFormat(tag, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const month = new Intl.DateTimeFormat(tag, { month: "long", year: "numeric", timeZone: "UTC" });
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`);
  return {
    count: (n) => count.format(n),
    percent: (share) => percent.format(share),
    signed: (n) => signed.format(n).replace("-", "−"),
    points: (change) => points.format(Math.round(change * 1000) / 10).replace("-", "−"),
    decimal: (n) => decimal.format(n),
    period: (p) =>
      p.kind === "month"
        ? month.format(day(p.firstDay))
        : p.firstDay === p.lastDay
          ? days.format(day(p.firstDay))
          : days.formatRange(day(p.firstDay), day(p.lastDay)),
  };
}
