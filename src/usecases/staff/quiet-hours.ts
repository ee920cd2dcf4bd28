import type { Locale } from "../../engine/locale.ts";

/** No broadcast starts from 21:00 until 08:00 in the configured time zone. */
export const QUIET_FROM_HOUR = 21;
export const QUIET_UNTIL_HOUR = 8;

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The zone's offset from UTC at that instant, in ms (+3 h in Chisinau in summer). */
function offsetMs(at: number, timeZone: string): number {
  const w = wallClock(new Date(at), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - (at - (at % 1000));
}

/** The instant a wall-clock time happens in the zone, whatever its offset that day (DST-safe). */
export function zonedTime(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const first = wall - offsetMs(wall, timeZone);
  const second = wall - offsetMs(first, timeZone);
  return new Date(second);
}

/**
 * When a broadcast decided at `at` may start: at once, or during quiet hours the next 08:00
 * in `timeZone` (that day's 08:00 after midnight, the next day's from 21:00).
 * @example broadcastStart(new Date("2026-03-28T20:00:00Z"), "Europe/Chisinau") // 2026-03-29T05:00:00Z (08:00 EEST)
 */
export function broadcastStart(at: Date, timeZone: string): Date {
  const w = wallClock(at, timeZone);
  if (w.hour >= QUIET_UNTIL_HOUR && w.hour < QUIET_FROM_HOUR) return at;
  // From 21:00 it is tomorrow's 08:00; Date.UTC rolls the day over month and year ends.
  const next = new Date(Date.UTC(w.year, w.month - 1, w.day + (w.hour >= QUIET_FROM_HOUR ? 1 : 0)));
  return zonedTime(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), QUIET_UNTIL_HOUR, 0, timeZone);
}

const TAGS: Record<Locale, string> = { ro: "ro-MD", ru: "ru", uk: "uk", en: "en-GB" };

/** "Sun, 29 Mar, 08:00" in the person's language, in the zone. */
export function formatLocalTime(at: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(TAGS[locale], {
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
  return new Intl.DateTimeFormat(TAGS[locale], { timeZone, day: "numeric", month: "short", year: "numeric" }).format(at);
}

/** 1 240 / 1,240 / 1.240, as the language writes it. */
export function formatNumber(n: number, locale: Locale): string {
  return new Intl.NumberFormat(TAGS[locale]).format(n);
}
