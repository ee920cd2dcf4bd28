import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditDelivery } from "../../src/reports/audit.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary, type Summary } from "../../src/reports/summary.ts";
import { summaryText } from "../../src/reports/text.ts";
import type { Service } from "../../src/store/ports.ts";
import { freshDatabase, type TestDatabase, t, withDefaults } from "../support/db.ts";
import { EXAMPLE_NOW, respond, respondMany, seedExampleWeek } from "./fixtures.ts";

const TZ = "Europe/Chisinau";
// Week 47 of 2026: Monday 16 to Sunday 22 November, local time.
const WEEK = weekContaining(new Date("2026-11-18T10:00:00Z"), TZ);

let db: TestDatabase;
let services: Record<"A" | "B" | "C", Service>;
let summary: Summary;

beforeAll(async () => {
  db = freshDatabase();
  services = await seedExampleWeek(db);
  summary = await computeSummary(db.store, { period: WEEK, minCell: 5 });
});

afterAll(async () => {
  await db.close();
});

const row = (code: string) => {
  const found = summary.byService.find((r) => r.code === code);
  if (!found) throw new Error(`no row ${code}`);
  return found;
};

const shown = (n: number) => ({ type: "shown", n });
const value = (v: number) => ({ type: "shown", value: v });
const small = { type: "hidden", reason: "small", label: "<5" };
const protects = { type: "hidden", reason: "protects", label: "x" };

describe("the figures of a week", () => {
  it("counts the people who completed a questionnaire in the week only, against the week before", () => {
    expect(summary.responses).toEqual({ current: shown(19), previous: shown(10), change: 9 });
  });

  it("computes satisfaction (share of 4–5 and mean) and NPS over the answers", () => {
    expect(summary.satisfaction.current).toEqual(value(0.6));
    expect(summary.mean.current).toEqual(value(3.6));
    expect(summary.satisfaction.trend).toBeNull(); // nothing to compare with
    expect(summary.nps.current).toEqual(value(20));
  });

  it("computes each rights indicator as a share of positive answers, with its trend", () => {
    const byCode = Object.fromEntries(summary.rights.map((r) => [r.code, r]));
    expect(byCode.RIGHTS_DIGNITY?.current).toEqual(value(14 / 19)); // 8 + 3 + 3
    expect(byCode.RIGHTS_DIGNITY?.previous).toEqual(value(1));
    expect(byCode.RIGHTS_DIGNITY?.trend).toBe("down");
    expect(byCode.RIGHTS_CONFIDENTIALITY?.current).toEqual(value(0.6));
    expect(byCode.RIGHTS_INFORMATION?.current).toEqual({ type: "none" });
    expect(byCode.RIGHTS_INFORMATION?.trend).toBeNull();
    expect(summary.index.current).toEqual(value(20 / 29));
  });

  it("hides the service of fewer than 5 people, and what would give it away, in both tables", () => {
    // B (3 people) is alone in Costești; A (10) and C (6) are in Ialoveni; 19 in all.
    expect(row("A").responses).toEqual(shown(10));
    expect(row("B").responses).toEqual(small);
    // 19 − 10 − 6 would be B: C is hidden; and 19 − Ialoveni would be Costești, which is B.
    expect(row("C").responses).toEqual(protects);
    expect(row("DEMO").responses).toEqual(shown(0)); // a known zero protects nothing
    const locality = (name: string) => summary.byLocality.find((r) => r.name === name);
    expect(locality("Costești")?.responses).toEqual(small);
    expect(locality("Ialoveni")?.responses).toEqual(protects);
    expect(summary.total.responses).toEqual(shown(19));
    expect(row("A").rights.RIGHTS_DIGNITY).toEqual(value(0.8));
    expect(row("B").rights.RIGHTS_DIGNITY).toEqual(small);
    expect(row("C").rights.RIGHTS_DIGNITY).toEqual(protects);
    expect(row("A").index).toEqual(value(0.7));
    expect(auditDelivery(summary.disclosure, 5)).toEqual([]);
  });

  it("hides a third service where two small ones would pin each other", async () => {
    const other = freshDatabase();
    try {
      await withDefaults(other);
      const add = (code: string) => other.store.services.add({ code, name: `Service ${code}`, locality: "Hîncești" });
      const [d, e, f] = [await add("D"), await add("E"), await add("F")];
      await respondMany(other.store, {
        service: d,
        at: EXAMPLE_NOW,
        question: "staff_respect",
        values: [5, 5, 5, 5, 5, 5, 5, 5],
      });
      await respondMany(other.store, { service: e, at: EXAMPLE_NOW, question: "staff_respect", values: [5, 5, 4] });
      await respondMany(other.store, { service: f, at: EXAMPLE_NOW, question: "staff_respect", values: [1, 2, 3, 4] });
      const s = await computeSummary(other.store, { period: WEEK, minCell: 5 });
      // E (3) and F (4) are each "<5", so at most 4: with D's 8 and Hîncești's 15 shown they would
      // be 7 together, so each at least 3. D is hidden too, and the 15 still shows.
      expect(s.byService.filter((r) => r.code !== "DEMO").map((r) => [r.code, r.responses.type])).toEqual([
        ["D", "hidden"],
        ["E", "hidden"],
        ["F", "hidden"],
      ]);
      expect(s.byLocality.find((r) => r.name === "Hîncești")?.responses).toEqual(shown(15));
      expect(auditDelivery(s.disclosure, 5)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it("ranks the services with enough people and figures shown, with Wilson's interval, and lists the rest as not enough", () => {
    expect(summary.rankingMinResponses).toBe(10);
    const [first, ...rest] = summary.ranking;
    expect(first).toMatchObject({ type: "ranked", code: "A", rank: 1, share: 0.7, responses: shown(10) });
    if (first?.type !== "ranked") throw new Error("A is ranked");
    expect(first.low).toBeCloseTo(0.481, 3);
    expect(first.high).toBeCloseTo(0.8545, 3);
    expect(rest.map((e) => [e.code, e.type, e.responses])).toEqual([
      ["DEMO", "insufficient", shown(0)], // by name: "Demo day centre"
      ["B", "insufficient", small],
      ["C", "insufficient", protects],
    ]);
  });

  it("names the services that moved most", () => {
    expect(summary.movers).toHaveLength(1);
    expect(summary.movers[0]).toMatchObject({ code: "A", previous: 1, trend: "down" });
    expect(summary.movers[0]?.change).toBeCloseTo(-0.3, 10);
  });

  it("lists the consultations closed in the week, their counts through the step", () => {
    // 4 Yes and 3 No: both under 5, so the 7 would tell that each is 3 or 4: the total goes too.
    expect(summary.consultations.map((c) => [c.replies, c.leading])).toEqual([
      [protects, []],
      [small, []],
    ]);
  });
});

describe("the text", () => {
  it("reads as a short message in English", () => {
    expect(summaryText(summary, "en", t)).toBe(
      [
        "📊 Weekly summary",
        "16\u2009–\u200922 Nov 2026 · all services", // thin spaces, as Intl writes a range
        "",
        "👥 19 responses (+9 on the week before)",
        "😊 Satisfied overall: 60%, mean 3.6 of 5",
        "📣 NPS (would recommend): +20",
        "",
        "Rights, share of positive answers:",
        "↓ Dignity and respect: 74%",
        "• Information: no answers",
        "• Participation: no answers",
        "• Accessibility: no answers",
        "↓ Confidentiality: 60%",
        "• Complaints: no answers",
        "↓ Rights index: 69%",
        "",
        "Biggest changes in the rights index:",
        "↓ Service A: −30.0 pp",
        "",
        "🗳 2 consultations closed:",
        "• Should the centre open on Saturdays?",
        "  replies: x",
        "• Is the bus on time?",
        "  replies: <5",
      ].join("\n"),
    );
  });

  it("follows each language's plurals and number formats", () => {
    // Intl separates "60 %" with a no-break space, and dates with thin ones.
    const plain = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, " ");
    const ro = plain(summaryText(summary, "ro", t));
    expect(ro).toContain("👥 19 răspunsuri (+9 față de săptămâna precedentă)");
    expect(ro).toContain("😊 Mulțumiți în general: 60 %, media 3,6 din 5");
    expect(ro).toContain("  răspunsuri: x");
    const ru = plain(summaryText(summary, "ru", t));
    expect(ru).toContain("👥 19 анкет (+9 к прошлой неделе)");
    expect(ru).toContain("🗳 Завершены 2 консультации:");
    expect(ru).toContain("  ответов: x");
    const uk = plain(summaryText(summary, "uk", t));
    expect(uk).toContain("16–22 лист. 2026 р.");
    expect(uk).toContain("↓ Гідність і повага: 74%");
  });

  it("keeps lines short enough for a phone", () => {
    for (const locale of ["ro", "ru", "uk", "en"] as const) {
      const long = summaryText(summary, locale, t)
        .split("\n")
        .filter((line) => line.length > 64);
      expect(long, locale).toEqual([]);
    }
  });
});

describe("one service, and a children's survey", () => {
  it("reports on one service alone, hiding what the district's summary hides", async () => {
    const one = await computeSummary(db.store, { period: WEEK, minCell: 5, service: services.A });
    expect(one.responses).toEqual({ current: shown(10), previous: shown(10), change: 0 });
    expect(one.byService.map((r) => r.code)).toEqual(["A"]);
    expect(one.consultations).toEqual([]);
    expect(summaryText(one, "en", t).split("\n")[1]).toBe("16\u2009–\u200922 Nov 2026 · Service A");
    // C, hidden beside B in the district's tables, stays hidden when asked for alone.
    const c = await computeSummary(db.store, { period: WEEK, minCell: 5, service: services.C });
    expect(c.responses.current).toEqual(protects);
    expect(summaryText(c, "en", t)).toContain("👥 Responses: x");
    expect(auditDelivery(c.disclosure, 5)).toEqual([]);
  });

  it("uses the children's survey's higher threshold wherever its answers are counted", async () => {
    const at = "2026-12-02T10:00:00Z";
    const week = weekContaining(new Date(at), TZ);
    await respondMany(db.store, { service: services.A, at, question: "staff_respect", values: [5, 5, 5, 5, 5, 5, 5] });
    await respond(db.store, { survey: "child-feedback", service: services.B, at, answers: { adults_listen: 5 } });
    const withChild = await computeSummary(db.store, { period: week, minCell: 5 });
    expect(withChild.minCell).toBe(10);
    expect(withChild.byService.find((r) => r.code === "A")?.responses).toEqual({ ...small, label: "<10" });
    expect(withChild.rights.find((r) => r.code === "RIGHTS_PARTICIPATION")?.current).toMatchObject({ type: "hidden" });
    expect(summaryText(withChild, "en", t)).toContain("• Participation: too few answers (<10)");
  });
});
