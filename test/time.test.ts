import { describe, expect, it } from "vitest";
import { exactInstant, instantOf, wallClock } from "../src/time.ts";

const CHISINAU = "Europe/Chisinau";
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const wall = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min);

describe("local time in a zone", () => {
  it("reads the local clock on either side of each daylight-saving change", () => {
    // Chisinau: 02:00 EET becomes 03:00 EEST, and 03:00 EEST becomes 02:00 EET, at 00:00 UTC.
    expect(iso(wallClock(Date.parse("2026-03-28T23:59:00Z"), CHISINAU))).toBe("2026-03-29T01:59:00.000Z");
    expect(iso(wallClock(Date.parse("2026-03-29T00:00:00Z"), CHISINAU))).toBe("2026-03-29T03:00:00.000Z");
    expect(iso(wallClock(Date.parse("2026-10-24T23:30:00Z"), CHISINAU))).toBe("2026-10-25T02:30:00.000Z");
    expect(iso(wallClock(Date.parse("2026-10-25T00:30:00Z"), CHISINAU))).toBe("2026-10-25T02:30:00.000Z");
  });

  it.each([
    { label: "08:00 the day before clocks go forward", wall: wall(2026, 3, 28, 8), at: "2026-03-28T06:00:00.000Z" },
    { label: "08:00 the day clocks go forward", wall: wall(2026, 3, 29, 8), at: "2026-03-29T05:00:00.000Z" },
    { label: "08:00 the day clocks go back", wall: wall(2026, 10, 25, 8), at: "2026-10-25T06:00:00.000Z" },
    { label: "midnight in Kyiv in summer", wall: wall(2026, 7, 1), at: "2026-06-30T21:00:00.000Z", zone: "Europe/Kyiv" },
  ])("finds the instant of $label", ({ wall: w, at, zone }) => {
    expect(iso(exactInstant(w, zone ?? CHISINAU))).toBe(at);
    expect(iso(instantOf(w, zone ?? CHISINAU))).toBe(at);
  });

  it("takes the later of a time that happens twice", () => {
    expect(iso(exactInstant(wall(2026, 10, 25, 2, 30), CHISINAU))).toBe("2026-10-25T00:30:00.000Z");
  });

  it("has no instant for a skipped time, and moves it forward by the gap when one is needed", () => {
    // 02:30 does not happen on 29 March 2026 in Chisinau: it reads as 03:30 EEST.
    expect(exactInstant(wall(2026, 3, 29, 2, 30), CHISINAU)).toBeNull();
    expect(iso(instantOf(wall(2026, 3, 29, 2, 30), CHISINAU))).toBe("2026-03-29T00:30:00.000Z");
    // Santiago skips midnight: the day starts at 01:00.
    const santiago = instantOf(wall(2026, 9, 6), "America/Santiago");
    expect(iso(wallClock(santiago, "America/Santiago"))).toBe("2026-09-06T01:00:00.000Z");
  });
});
