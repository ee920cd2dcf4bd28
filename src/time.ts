/**
 * Local time in a configured zone (TIMEZONE), with Intl only, so it runs on Node and Workers.
 * A "wall" time is the local clock reading written as if it were UTC, in milliseconds: it
 * can be taken apart with getUTC* and added to with plain arithmetic.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * The local clock reading of the instant `at` in `timeZone`, as a wall time.
 * @example new Date(wallClock(Date.parse("2026-07-01T05:00:00Z"), "Europe/Chisinau")).getUTCHours() // 8
 */
export function wallClock(at: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/**
 * The instant a wall time happens in `timeZone`, or null where the clock skips it (a
 * daylight-saving change). The offset is read twice: around a change, the first guess may
 * fall on its other side. Of a wall time that happens twice (clocks going back), the later.
 */
export function exactInstant(wall: number, timeZone: string): number | null {
  const guess = wall - (wallClock(wall, timeZone) - wall);
  const at = wall - (wallClock(guess, timeZone) - guess);
  return wallClock(at, timeZone) === wall ? at : null;
}

/**
 * The instant a wall time happens in `timeZone`. One the clock skips is moved forward by the
 * gap, as clocks and Temporal do: a day whose midnight is skipped starts when the clock resumes.
 * @example new Date(instantOf(Date.UTC(2026, 2, 29, 8), "Europe/Chisinau")).toISOString() // "2026-03-29T05:00:00.000Z"
 */
export function instantOf(wall: number, timeZone: string): number {
  const exact = exactInstant(wall, timeZone);
  if (exact !== null) return exact;
  // In a gap the two readings of the offset straddle the change; the earlier (smaller) one
  // is the offset in force before it.
  const first = wallClock(wall, timeZone) - wall;
  const second = wallClock(wall - first, timeZone) - (wall - first);
  return wall - Math.min(first, second);
}
