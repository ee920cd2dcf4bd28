import { describe, expect, it } from "vitest";
import { npsOf, proportion, trendOf, wilson } from "../../src/reports/indicators.ts";
import { type RankingInput, rankServices } from "../../src/reports/ranking.ts";

describe("Wilson's 95% interval", () => {
  // Hand-computed: centre = (p + z²/2n) / (1 + z²/n), half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²), z = 1.96.
  it.each([
    { positive: 14, answers: 20, low: 0.481, high: 0.8545 },
    { positive: 8, answers: 10, low: 0.4902, high: 0.9433 },
    { positive: 0, answers: 10, low: 0, high: 0.2775 },
    { positive: 10, answers: 10, low: 0.7225, high: 1 },
    { positive: 50, answers: 100, low: 0.4038, high: 0.5962 },
  ])("$positive of $answers: $low to $high", ({ positive, answers, low, high }) => {
    const interval = wilson(positive, answers);
    expect(interval?.low).toBeCloseTo(low, 4);
    expect(interval?.high).toBeCloseTo(high, 4);
  });

  it("has no interval without answers", () => {
    expect(wilson(0, 0)).toBeNull();
  });
});

describe("trends and NPS", () => {
  it.each([
    { now: [80, 100], before: [70, 100], trend: "up" },
    { now: [75, 100], before: [70, 100], trend: "up" }, // exactly 5 points
    { now: [74, 100], before: [70, 100], trend: "flat" },
    { now: [60, 100], before: [70, 100], trend: "down" },
    { now: [4, 4], before: [70, 100], trend: null }, // too few answers now
    { now: [60, 100], before: [0, 0], trend: null }, // nothing to compare with
  ] as const)("$now against $before: $trend", ({ now, before, trend }) => {
    expect(trendOf(proportion(now[1], now[0]), proportion(before[1], before[0]), 5)).toBe(trend);
  });

  it("is promoters minus detractors, as a whole number from −100 to 100", () => {
    expect(npsOf(10, 5, 3).score).toBe(20);
    expect(npsOf(3, 0, 3).score).toBe(-100);
    expect(npsOf(0, 0, 0).score).toBeNull();
  });
});

const service = (code: string, responses: number, positive: number, answers: number): RankingInput => ({
  id: code.toLowerCase(),
  code,
  name: `Service ${code}`,
  responses,
  index: proportion(answers, positive),
});

describe("the ranking of services", () => {
  it("ranks by the index, ties share a rank and the next rank skips, small services are not ranked", () => {
    const entries = rankServices(
      [
        service("A", 20, 70, 100), // 70%
        service("B", 12, 90, 100), // 90%
        service("C", 30, 140, 200), // 70%: ties with A
        service("D", 9, 50, 50), // 100%, but 9 responses: not enough
        service("E", 15, 60, 100), // 60%
        service("F", 0, 0, 0), // nothing at all
      ],
      10,
    );
    expect(entries.map((e) => [e.code, e.type === "ranked" ? e.rank : "not enough"])).toEqual([
      ["B", 1],
      ["A", 2],
      ["C", 2],
      ["E", 4],
      ["D", "not enough"],
      ["F", "not enough"],
    ]);
    const a = entries.find((e) => e.code === "A");
    const c = entries.find((e) => e.code === "C");
    if (a?.type !== "ranked" || c?.type !== "ranked") throw new Error("A and C are ranked");
    // The same share, but C's 200 answers give a narrower interval.
    expect(c.high - c.low).toBeLessThan(a.high - a.low);
    expect(a.low).toBeCloseTo(0.6042, 3); // 0.60415
    expect(a.high).toBeCloseTo(0.7811, 3); // 0.78105
  });

  it("treats shares equal to a tenth of a point as a tie, and a bigger difference as none", () => {
    const tied = rankServices([service("A", 10, 7001, 10000), service("B", 10, 7004, 10000)], 10);
    expect(tied.map((e) => (e.type === "ranked" ? e.rank : 0))).toEqual([1, 1]);
    const apart = rankServices([service("A", 10, 7001, 10000), service("B", 10, 7011, 10000)], 10);
    expect(apart.map((e) => [e.code, e.type === "ranked" ? e.rank : 0])).toEqual([
      ["B", 1],
      ["A", 2],
    ]);
  });
});
