import { INTL_TAGS, type Locale } from "../../engine/locale.ts";
import { instantOf, wallClock } from "../../time.ts";

/** No broadcast starts from 21:00 until 08:00 in the configured time zone. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

/**
 * When a broadcast decided at `at` may start: at once, or during quiet hours the next 08:00
 * in `timeZone` (that day's 08:00 after midnight, the next day's from 21:00).
 * @example broadcastStart(new Date("2026-03-28T20:00:00Z"), "Europe/Chisinau") // 2026-03-29T05:00:00Z (08:00 EEST)
 */
export function broadcastStart(at: Date, timeZone: string): Date {
  const wall = new Date(wallClock(at.getTime(), timeZone));
  const hour = wall.getUTCHours();
  if (hour >= QUIET_UNTIL_HOUR && hour < QUIET_FROM_HOUR) return at;
  // From 21:00 it is tomorrow's 08:00; Date.UTC rolls the day over month and year ends.
  const day = wall.getUTCDate() + (hour >= QUIET_FROM_HOUR ? 1 : 0);
  return new Date(instantOf(Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), day, QUIET_UNTIL_HOUR), timeZone));
}

/** "Sun, 29 Mar, 08:00" in the person's language, in the zone. */
export function formatLocalTime(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
}

export function formatDate(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { timeZone, day: "numeric", month: "short", year: "numeric" }).format(at);
}

/** 1 240 / 1,240 / 1.240, as the language writes it. */
export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(INTL_TAGS[locale]).format(n);
}
