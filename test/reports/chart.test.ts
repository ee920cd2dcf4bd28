import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHART_WIDTH, summaryChartSvg } from "../../src/reports/chart.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { rasterizePng } from "../../src/reports/rasterize.node.ts";
import { computeSummary, type Summary } from "../../src/reports/summary.ts";
import { freshDatabase, type TestDatabase, t, withDefaults } from "../support/db.ts";
import { respondMany } from "./fixtures.ts";

const AT = "2026-11-18T10:00:00Z";
let db: TestDatabase;
let summary: Summary;

beforeAll(async () => {
  db = freshDatabase();
  await withDefaults(db);
  const ro = await db.store.services.add({ code: "SPR", name: "Centrul de zi „Speranța” Ștefănești", locality: "Ștefănești" });
  const uk = await db.store.services.add({ code: "KYI", name: "Служба соціальної допомоги", locality: "Київ" });
  const small = await db.store.services.add({ code: "MOB", name: "Echipa mobilă", locality: "Ștefănești" });
  await respondMany(db.store, { service: ro, at: AT, question: "staff_respect", values: [5, 5, 4, 2, 1, 5, 5] });
  await respondMany(db.store, { service: ro, at: AT, question: "confidentiality", values: ["yes", "yes", "no", "yes", "yes"] });
  await respondMany(db.store, { service: uk, at: AT, question: "staff_respect", values: [5, 5, 5, 5, 5, 5, 5, 5, 3, 3] });
  await respondMany(db.store, { service: small, at: AT, question: "staff_respect", values: [5, 5] });
  summary = await computeSummary(db.store, { period: weekContaining(new Date(AT), "Europe/Chisinau"), minCell: 5 });
});

afterAll(async () => {
  await db.close();
});

describe("the chart of indicators per service", () => {
  it("labels rows and columns in the reader's language, with hidden cells as <5", () => {
    const ro = summaryChartSvg(summary, "ro", t);
    expect(ro).toMatch(/^<svg/);
    for (const text of ["Indicatorii drepturilor pe servicii", "Demnitate", "Confidențial.", "Echipa mobilă", "&lt;5"]) {
      expect(ro).toContain(text);
    }
    expect(ro).toMatch(/>80\s%</); // confidentiality at SPR, 4 of 5; "80 %" as Romanian writes it
    const uk = summaryChartSvg(summary, "uk", t);
    for (const text of ["Показники прав за службами", "Повага", "Служба соціальної допом…", "80%"]) expect(uk).toContain(text);
    expect(uk).not.toContain("Demnitate");
  });

  it("leaves out services with no answers in the period", () => {
    expect(summaryChartSvg(summary, "en", t)).not.toContain("Demo day centre");
  });

  it("rasterizes to a phone-sized PNG that is not blank", async () => {
    const png = PNG.sync.read(Buffer.from(await rasterizePng(summaryChartSvg(summary, "ro", t))));
    expect(png.width).toBe(CHART_WIDTH);
    expect(png.height).toBe(290 + 3 * 66 + 16);
    let ink = 0;
    let coloured = 0;
    let painted = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const [r, g, b] = [png.data[i] as number, png.data[i + 1] as number, png.data[i + 2] as number];
      if (r < 80 && g < 80 && b < 80) ink++; // text
      if (Math.max(r, g, b) - Math.min(r, g, b) > 60) coloured++; // cells with a figure
      if (r < 245 || g < 245 || b < 245) painted++; // anything but the white background
    }
    const pixels = png.width * png.height;
    expect(ink / pixels).toBeGreaterThan(0.01);
    expect(coloured / pixels).toBeGreaterThan(0.01);
    expect(painted / pixels).toBeGreaterThan(0.2);
  });
});
