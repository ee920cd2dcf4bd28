import { describe, expect, it } from "vitest";
import { broadcastStart, formatLocalTime } from "../../../src/usecases/staff/quiet-hours.ts";

const TZ = "Europe/Chisinau";

describe("quiet hours (21:00–08:00 in TIMEZONE)", () => {
  it.each([
    { label: "10:00 in summer: at once", at: "2026-06-01T07:00:00Z", start: "2026-06-01T07:00:00Z" },
    { label: "20:59 in winter: at once", at: "2026-12-01T18:59:00Z", start: "2026-12-01T18:59:00Z" },
    { label: "21:00 in winter: next morning", at: "2026-12-01T19:00:00Z", start: "2026-12-02T06:00:00Z" },
    { label: "22:00 in summer: 08:00 EEST next day", at: "2026-07-10T19:00:00Z", start: "2026-07-11T05:00:00Z" },
    { label: "03:00 in winter: 08:00 the same day", at: "2026-12-02T01:00:00Z", start: "2026-12-02T06:00:00Z" },
    { label: "07:59: the same day's 08:00", at: "2026-12-02T05:59:00Z", start: "2026-12-02T06:00:00Z" },
    { label: "22:00 on New Year's Eve: 1 January", at: "2026-12-31T20:00:00Z", start: "2027-01-01T06:00:00Z" },
    // Clocks go forward on the last Sunday of March (02:00 EET → 03:00 EEST, at 00:00 UTC).
    { label: "22:00 the night before DST starts", at: "2026-03-28T20:00:00Z", start: "2026-03-29T05:00:00Z" },
    { label: "01:30 EET, just before the jump", at: "2026-03-28T23:30:00Z", start: "2026-03-29T05:00:00Z" },
    // Clocks go back on the last Sunday of October (03:00 EEST → 02:00 EET, at 00:00 UTC).
    { label: "22:00 the night before DST ends", at: "2026-10-24T19:00:00Z", start: "2026-10-25T06:00:00Z" },
    { label: "02:30 during the repeated hour", at: "2026-10-25T00:30:00Z", start: "2026-10-25T06:00:00Z" },
  ])("$label", ({ at, start }) => {
    expect(broadcastStart(new Date(at), TZ).toISOString()).toBe(new Date(start).toISOString());
  });

  it("keeps to another zone's wall clock", () => {
    // 22:00 in Kyiv on 2026-06-01 (UTC+3) → 08:00 next day; in UTC it is 19:00, not quiet.
    expect(broadcastStart(new Date("2026-06-01T19:00:00Z"), "Europe/Kyiv").toISOString()).toBe("2026-06-02T05:00:00.000Z");
    expect(broadcastStart(new Date("2026-06-01T19:00:00Z"), "UTC").toISOString()).toBe("2026-06-01T19:00:00.000Z");
  });

  it("tells the time in the worker's language", () => {
    const start = new Date("2026-03-29T05:00:00Z");
    expect(formatLocalTime(start, "en", TZ)).toBe("Sun 29 Mar, 08:00");
    expect(formatLocalTime(start, "ro", TZ)).toContain("08:00");
  });
});
