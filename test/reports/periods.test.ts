import { describe, expect, it } from "vitest";
import {
  dayRange,
  lastFullPeriod,
  monthContaining,
  parseDay,
  periodHours,
  previousPeriod,
  weekContaining,
} from "../../src/reports/periods.ts";

const at = (iso: string) => new Date(iso);

describe("weeks across daylight-saving changes", () => {
  it.each([
    // Spring forward on the last Sunday of March: the week is an hour short.
    {
      tz: "Europe/Chisinau",
      inside: "2026-03-29T12:00:00Z",
      start: "2026-03-22T22:00:00.000Z",
      end: "2026-03-29T21:00:00.000Z",
      hours: 167,
      key: "week:2026-W13",
    },
    {
      tz: "Europe/Kyiv",
      inside: "2026-03-29T12:00:00Z",
      start: "2026-03-22T22:00:00.000Z",
      end: "2026-03-29T21:00:00.000Z",
      hours: 167,
      key: "week:2026-W13",
    },
    // Fall back on the last Sunday of October: an hour long.
    {
      tz: "Europe/Chisinau",
      inside: "2026-10-25T12:00:00Z",
      start: "2026-10-18T21:00:00.000Z",
      end: "2026-10-25T22:00:00.000Z",
      hours: 169,
      key: "week:2026-W43",
    },
    {
      tz: "Europe/Kyiv",
      inside: "2026-10-25T12:00:00Z",
      start: "2026-10-18T21:00:00.000Z",
      end: "2026-10-25T22:00:00.000Z",
      hours: 169,
      key: "week:2026-W43",
    },
    // An ordinary week.
    {
      tz: "Europe/Chisinau",
      inside: "2026-11-18T09:00:00Z",
      start: "2026-11-15T22:00:00.000Z",
      end: "2026-11-22T22:00:00.000Z",
      hours: 168,
      key: "week:2026-W47",
    },
  ])("$tz, week of $inside: $hours hours", ({ tz, inside, start, end, hours, key }) => {
    const week = weekContaining(at(inside), tz);
    expect(week.start.toISOString()).toBe(start);
    expect(week.end.toISOString()).toBe(end);
    expect(periodHours(week)).toBe(hours);
    expect(week.key).toBe(key);
  });

  it("puts the first and the last instants of a week in it, and the next Monday's midnight outside", () => {
    const tz = "Europe/Chisinau";
    const week = weekContaining(at("2026-03-25T00:00:00Z"), tz);
    expect(weekContaining(week.start, tz).key).toBe(week.key);
    expect(weekContaining(new Date(week.end.getTime() - 1), tz).key).toBe(week.key);
    expect(weekContaining(week.end, tz).key).toBe("week:2026-W14");
    expect(week.firstDay).toBe("2026-03-23");
    expect(week.lastDay).toBe("2026-03-29");
  });

  it("reads Sunday 23:30 local time as the week that is ending, though it is Sunday 21:30 UTC", () => {
    expect(weekContaining(at("2026-11-22T21:30:00Z"), "Europe/Chisinau").key).toBe("week:2026-W47");
    expect(weekContaining(at("2026-11-22T22:30:00Z"), "Europe/Chisinau").key).toBe("week:2026-W48");
  });

  it("names weeks by ISO year: the last days of December can be week 1 of the next year", () => {
    expect(weekContaining(at("2025-12-30T12:00:00Z"), "Europe/Chisinau").key).toBe("week:2026-W01");
    expect(weekContaining(at("2027-01-02T12:00:00Z"), "Europe/Chisinau").key).toBe("week:2026-W53");
  });
});

describe("months", () => {
  it.each([
    {
      tz: "Europe/Chisinau",
      inside: "2026-03-15T00:00:00Z",
      start: "2026-02-28T22:00:00.000Z",
      end: "2026-03-31T21:00:00.000Z",
      hours: 743,
      key: "month:2026-03",
    },
    {
      tz: "Europe/Kyiv",
      inside: "2026-10-31T23:00:00Z",
      start: "2026-10-31T22:00:00.000Z",
      end: "2026-11-30T22:00:00.000Z",
      hours: 720,
      key: "month:2026-11",
    },
    {
      tz: "Europe/Kyiv",
      inside: "2026-10-10T00:00:00Z",
      start: "2026-09-30T21:00:00.000Z",
      end: "2026-10-31T22:00:00.000Z",
      hours: 745,
      key: "month:2026-10",
    },
  ])("$tz, $key: $hours hours", ({ tz, inside, start, end, hours, key }) => {
    const month = monthContaining(at(inside), tz);
    expect([month.start.toISOString(), month.end.toISOString(), periodHours(month), month.key]).toEqual([start, end, hours, key]);
  });
});

describe("the period to report on and the one to compare with", () => {
  it("on Monday 08:00 reports on the week that just ended", () => {
    const week = lastFullPeriod("week", at("2026-11-23T06:00:00Z"), "Europe/Chisinau");
    expect([week.firstDay, week.lastDay, week.key]).toEqual(["2026-11-16", "2026-11-22", "week:2026-W47"]);
  });

  it("on the 1st reports on the month that just ended, across a year", () => {
    const month = lastFullPeriod("month", at("2027-01-01T06:00:00Z"), "Europe/Chisinau");
    expect([month.firstDay, month.lastDay, month.key]).toEqual(["2026-12-01", "2026-12-31", "month:2026-12"]);
  });

  it("compares a week with the one before, touching it exactly across the spring change", () => {
    const week = weekContaining(at("2026-04-01T12:00:00Z"), "Europe/Chisinau");
    const before = previousPeriod(week);
    expect(before.key).toBe("week:2026-W13");
    expect(before.end.getTime()).toBe(week.start.getTime());
  });

  it("compares a month with the month before, whatever their lengths", () => {
    const march = monthContaining(at("2026-03-15T00:00:00Z"), "Europe/Chisinau");
    const february = previousPeriod(march);
    expect([february.key, february.firstDay, february.lastDay]).toEqual(["month:2026-02", "2026-02-01", "2026-02-28"]);
    expect(february.end.getTime()).toBe(march.start.getTime());
  });

  it("compares a range of days with as many days just before it", () => {
    const range = dayRange("2026-10-20", "2026-10-29", "Europe/Chisinau");
    expect(range.key).toBe("range:2026-10-20..2026-10-29");
    expect(periodHours(range)).toBe(10 * 24 + 1);
    const before = previousPeriod(range);
    expect([before.firstDay, before.lastDay]).toEqual(["2026-10-10", "2026-10-19"]);
    expect(before.end.getTime()).toBe(range.start.getTime());
  });

  it("refuses a range that ends before it starts, and dates that do not exist", () => {
    expect(() => dayRange("2026-11-02", "2026-11-01", "Europe/Chisinau")).toThrow(RangeError);
    expect(() => parseDay("2026-02-30")).toThrow(RangeError);
    expect(() => parseDay("23.11.2026")).toThrow(RangeError);
  });
});
