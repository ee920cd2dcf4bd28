/**
 * When a cron expression next fires, in a time zone: what a scheduled summary is "due" by.
 * node-cron runs the schedule on Node, but Workers' Cron Trigger and a restarted server must
 * decide the same thing from the clock alone ("is Monday 08:00 past for last week?"), so the
 * expression is read here too. Pure: five fields (or six, with seconds first, as node-cron
 * takes them), with lists, ranges, steps and names; day of month and day of week are ORed
 * when both are restricted, as in cron.
 */

import { exactInstant, wallClock } from "../../time.ts";

type Field = { values: Set<number>; any: boolean };
export type CronSchedule = { minute: Field; hour: Field; dom: Field; month: Field; dow: Field };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** A yearly expression fires within 366 days; anything later never fires (31 February). */
const SEARCH_DAYS = 366 * 5;

export class CronError extends Error {
  override name = "CronError";
}

function parseField(text: string, min: number, max: number, names: string[] = [], nameBase = 0): Field {
  const values = new Set<number>();
  const value = (v: string) => {
    const named = names.indexOf(v.toLowerCase());
    const n = named >= 0 ? named + nameBase : Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new CronError(`"${v}" is out of range ${min}-${max}`);
    return n;
  };
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`bad step in "${part}"`);
    let from = min;
    let to = max;
    if (range !== "*") {
      const [a = "", b] = range.split("-");
      from = value(a);
      to = b === undefined ? (stepText === undefined ? from : max) : value(b);
    }
    if (from > to) throw new CronError(`bad range "${range}"`);
    for (let n = from; n <= to; n += step) values.add(n);
  }
  return { values, any: text === "*" };
}

export function parseCron(expression: string): CronSchedule {
  const fields = expression.trim().split(/\s+/);
  if (fields.length === 6) fields.shift(); // seconds: the summaries only care about the minute
  if (fields.length !== 5) throw new CronError(`"${expression}" needs 5 or 6 fields`);
  const [minute = "", hour = "", dom = "", month = "", dow = ""] = fields;
  const days = parseField(dow, 0, 7, DAYS);
  if (days.values.has(7)) days.values.add(0);
  return {
    minute: parseField(minute, 0, 59),
    hour: parseField(hour, 0, 23),
    dom: parseField(dom, 1, 31),
    month: parseField(month, 1, 12, MONTHS, 1),
    dow: days,
  };
}

function dayMatches(s: CronSchedule, wall: Date): boolean {
  if (!s.month.values.has(wall.getUTCMonth() + 1)) return false;
  const dom = s.dom.values.has(wall.getUTCDate());
  const dow = s.dow.values.has(wall.getUTCDay());
  if (s.dom.any && s.dow.any) return true;
  if (s.dom.any) return dow;
  if (s.dow.any) return dom;
  return dom || dow;
}

/**
 * The first time at or after `from` that `schedule` fires in `timeZone`; null if none within
 * five years. Walks local days, then hours, then minutes, skipping what cannot match.
 * @example nextFire(parseCron("0 8 * * 1"), new Date("2026-11-23T00:00:00+02:00"), "Europe/Chisinau") // Monday 08:00
 */
export function nextFire(schedule: CronSchedule, from: Date, timeZone: string): Date | null {
  const start = wallClock(from.getTime(), timeZone);
  const firstDay = start - (start % DAY_MS);
  for (let day = 0; day < SEARCH_DAYS; day++) {
    const midnight = firstDay + day * DAY_MS;
    if (!dayMatches(schedule, new Date(midnight))) continue;
    for (const hour of [...schedule.hour.values].sort((a, b) => a - b)) {
      for (const minute of [...schedule.minute.values].sort((a, b) => a - b)) {
        const wall = midnight + hour * HOUR_MS + minute * MINUTE_MS;
        if (wall < start) continue;
        const at = exactInstant(wall, timeZone);
        if (at !== null) return new Date(at);
      }
    }
  }
  return null;
}
