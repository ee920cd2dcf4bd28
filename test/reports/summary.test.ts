import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("the figures of a week", () => {
  it("counts completed questionnaires of the week only, against the week before", () => {
    expect(summary.responses).toEqual({ current: 19, previous: 10 });
  });

  it("computes satisfaction (share of 4–5 and mean) and NPS over the answers", () => {
    expect(summary.satisfaction.current).toMatchObject({ answers: 10, positive: 6, share: 0.6, mean: 3.6, hidden: false });
    expect(summary.satisfaction.trend).toBeNull(); // nothing to compare with
    expect(summary.nps.current).toMatchObject({ answers: 10, promoters: 5, detractors: 3, score: 20 });
  });

  it("computes each rights indicator as a share of positive answers, with its trend", () => {
    const byCode = Object.fromEntries(summary.rights.map((r) => [r.code, r]));
    expect(byCode.RIGHTS_DIGNITY?.current).toMatchObject({ answers: 19, positive: 14 }); // 8 + 3 + 3
    expect(byCode.RIGHTS_DIGNITY?.previous).toMatchObject({ answers: 10, positive: 10 });
    expect(byCode.RIGHTS_DIGNITY?.trend).toBe("down");
    expect(byCode.RIGHTS_CONFIDENTIALITY?.current).toMatchObject({ answers: 10, positive: 6, share: 0.6 });
    expect(byCode.RIGHTS_INFORMATION?.current.share).toBeNull();
    expect(byCode.RIGHTS_INFORMATION?.trend).toBeNull();
    expect(summary.index.current).toMatchObject({ answers: 29, positive: 20 });
  });

  it("hides the services counting fewer than 5, and the smallest other so the total gives nothing away", () => {
    expect(row("A").responses).toEqual({ n: 10, hidden: false });
    expect(row("B").responses).toEqual({ n: 3, hidden: true }); // fewer than 5
    expect(row("C").responses).toEqual({ n: 6, hidden: true }); // the complement: 3 = 19 − 10 − 6 otherwise
    expect(row("DEMO").responses).toEqual({ n: 0, hidden: false }); // a known zero protects nothing
    expect(row("A").rights.RIGHTS_DIGNITY).toMatchObject({ answers: 10, positive: 8, share: 0.8, hidden: false });
    expect(row("B").rights.RIGHTS_DIGNITY.hidden).toBe(true);
    expect(row("C").rights.RIGHTS_DIGNITY.hidden).toBe(true);
    expect(row("A").index).toMatchObject({ answers: 20, positive: 14, share: 0.7, hidden: false });
  });

  it("breaks the figures down by locality, hiding a locality that would give a hidden service away", () => {
    const ialoveni = summary.byLocality.find((r) => r.name === "Ialoveni");
    // Ialoveni is A (10, shown) and B (3, hidden): its 13 minus A's 10 would show B's 3.
    expect(ialoveni?.responses).toEqual({ n: 13, hidden: true });
    expect(ialoveni?.rights.RIGHTS_DIGNITY).toMatchObject({ answers: 13, positive: 11, hidden: true });
    // Costești is C alone, hidden as B's complement: its 6 would undo that.
    expect(summary.byLocality.find((r) => r.name === "Costești")?.responses).toEqual({ n: 6, hidden: true });
  });

  it("shows a locality whose hidden services together are enough people", async () => {
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
      expect(s.byService.filter((r) => r.code !== "DEMO").map((r) => [r.code, r.responses.hidden])).toEqual([
        ["D", false],
        ["E", true],
        ["F", true],
      ]);
      // E and F together are 7 people: Hîncești's 15 minus D's 8 says no more than that.
      expect(s.byLocality.find((r) => r.name === "Hîncești")?.responses).toEqual({ n: 15, hidden: false });
    } finally {
      await other.close();
    }
  });

  it("ranks the services with enough answers, with Wilson's interval, and lists the rest as not enough", () => {
    expect(summary.rankingMinResponses).toBe(10);
    const [first, ...rest] = summary.ranking;
    expect(first).toMatchObject({ type: "ranked", code: "A", rank: 1, share: 0.7 });
    if (first?.type !== "ranked") throw new Error("A is ranked");
    expect(first.low).toBeCloseTo(0.481, 3);
    expect(first.high).toBeCloseTo(0.8545, 3);
    expect(rest.map((e) => [e.code, e.type])).toEqual([
      ["DEMO", "insufficient"], // by name: "Demo day centre"
      ["B", "insufficient"],
      ["C", "insufficient"],
    ]);
  });

  it("names the services that moved most", () => {
    expect(summary.movers).toHaveLength(1);
    expect(summary.movers[0]).toMatchObject({ code: "A", previous: 1, trend: "down" });
    expect(summary.movers[0]?.change).toBeCloseTo(-0.3, 10);
  });

  it("lists the consultations closed in the week with their result, hiding one with too few replies", () => {
    expect(summary.consultations.map((c) => [c.replies, c.hidden, c.leading.map((l) => [l.text.en, l.count])])).toEqual([
      [7, false, [["Yes", 4]]],
      [2, true, []],
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
        "  7 replies; most chose “Yes” (57%)",
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
    expect(ro).toContain("  7 răspunsuri; cei mai mulți au ales „Da” (57 %)");
    const ru = plain(summaryText(summary, "ru", t));
    expect(ru).toContain("👥 19 анкет (+9 к прошлой неделе)");
    expect(ru).toContain("🗳 Завершены 2 консультации:");
    expect(ru).toContain("  7 ответов; чаще всего выбирали «Да» (57 %)");
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
  it("reports on one service alone, without the others", async () => {
    const one = await computeSummary(db.store, { period: WEEK, minCell: 5, service: services.A });
    expect(one.responses).toEqual({ current: 10, previous: 10 });
    expect(one.byService.map((r) => r.code)).toEqual(["A"]);
    expect(one.consultations).toEqual([]);
    expect(summaryText(one, "en", t).split("\n")[1]).toBe("16\u2009–\u200922 Nov 2026 · Service A");
  });

  it("uses the children's survey's higher threshold wherever its answers are counted", async () => {
    const at = "2026-12-02T10:00:00Z";
    const week = weekContaining(new Date(at), TZ);
    await respondMany(db.store, { service: services.A, at, question: "staff_respect", values: [5, 5, 5, 5, 5, 5, 5] });
    await respond(db.store, { survey: "child-feedback", service: services.B, at, answers: { adults_listen: 5 } });
    const withChild = await computeSummary(db.store, { period: week, minCell: 5 });
    expect(withChild.minCell).toBe(10);
    expect(withChild.byService.find((r) => r.code === "A")?.responses).toEqual({ n: 7, hidden: true });
    expect(withChild.rights.find((r) => r.code === "RIGHTS_PARTICIPATION")?.current).toMatchObject({ answers: 1, hidden: true });
    expect(summaryText(withChild, "en", t)).toContain("• Participation: too few answers (<10)");
  });
});
