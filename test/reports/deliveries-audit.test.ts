import ExcelJS from "exceljs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { auditDelivery } from "../../src/reports/audit.ts";
import { summaryChartSvg } from "../../src/reports/chart.ts";
import { deliveryFigures, replyFigures } from "../../src/reports/consultations.ts";
import { weekContaining } from "../../src/reports/periods.ts";
import { computeSummary } from "../../src/reports/summary.ts";
import { summaryJson } from "../../src/reports/summary-json.ts";
import { summaryText } from "../../src/reports/text.ts";
import { createWorkbookWriter } from "../../src/reports/workbook.ts";
import { freshDatabase, t, withDefaults } from "../support/db.ts";
import { respond } from "./fixtures.ts";

/**
 * The auditor over every kind of delivery, on random districts: the summary's figures (which the
 * text, the chart, the workbook and GET /api/summary are drawn from), and what each of those
 * shows read back from its output; /results' and the API's consultation counts.
 */

const MIN_CELL = 5;
const WEEK = weekContaining(new Date("2026-11-18T10:00:00Z"), "Europe/Chisinau");

const district = fc.array(
  fc.record({
    locality: fc.integer({ min: 0, max: 2 }),
    people: fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 12 })),
  }),
  { minLength: 1, maxLength: 5 },
);

describe("every delivery kind passes the auditor", () => {
  it("summaries of random districts: figures, workbook, chart, text and API", async () => {
    await fc.assert(
      fc.asyncProperty(district, async (services) => {
        const db = freshDatabase();
        try {
          await withDefaults(db);
          const added = [];
          for (const [i, s] of services.entries()) {
            const service = await db.store.services.add({
              code: `S${i}`,
              name: `Service ${i}`,
              locality: `Locality ${s.locality}`,
            });
            added.push(service);
            for (let p = 0; p < s.people; p++) {
              const answers = { staff_respect: 1 + ((p * 7 + i) % 5), confidentiality: p % 3 === 0 ? "no" : "yes" };
              await respond(db.store, { service, at: "2026-11-18T10:00:00Z", answers });
            }
          }
          for (const service of [null, ...added]) {
            const summary = await computeSummary(db.store, { period: WEEK, minCell: MIN_CELL, service });
            expect(auditDelivery(summary.disclosure, MIN_CELL)).toEqual([]);

            // The workbook shows a count exactly where the figures do, and the figures' value.
            const book = new ExcelJS.Workbook();
            await book.xlsx.load(Buffer.from(await createWorkbookWriter({ t })(summary, "en")) as unknown as ArrayBuffer);
            const sheet = book.getWorksheet("Indicators by service");
            const shownRows = [...summary.byService, summary.total].map((r) =>
              r.responses.type === "shown" ? r.responses.n : r.responses.label,
            );
            const read = Array.from({ length: (sheet?.rowCount ?? 1) - 1 }, (_, i) => sheet?.getRow(i + 2).getCell(4).value);
            expect(read).toEqual(shownRows);

            // The chart labels a hidden figure with its mark, never a percentage.
            const svg = summaryChartSvg(summary, "en", t);
            const hiddenInChart = summary.byService
              .filter((r) => r.responses.type === "hidden" || r.responses.n > 0)
              .flatMap((r) => [...Object.values(r.rights), r.index])
              .filter((f) => f.type === "hidden").length;
            const marks = (svg.match(/>(&lt;5|x)</g) ?? []).length;
            expect(marks).toBe(hiddenInChart);

            // The text's count line and the API's JSON are the figures' own.
            const text = summaryText(summary, "en", t);
            const current = summary.responses.current;
            expect(text).toContain(current.type === "shown" ? `👥 ${current.n} ` : `👥 Responses: ${current.label}`);
            expect(summaryJson(summary).total.responses).toEqual(current.type === "shown" ? current.n : current.label);
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: 4 },
    );
  });

  it("/results and the API's consultation counts on random replies and deliveries", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 15 })), { minLength: 0, maxLength: 6 }),
        fc.record({
          sent: fc.integer({ min: 0, max: 20 }),
          failed: fc.integer({ min: 0, max: 6 }),
          pending: fc.integer({ min: 0, max: 6 }),
        }),
        (byChoice, delivery) => {
          const total = byChoice.reduce((a, b) => a + b, 0);
          const replies = replyFigures({ total, byChoice: { ...byChoice } }, byChoice.length, MIN_CELL);
          expect(auditDelivery(replies.audit, MIN_CELL)).toEqual([]);
          expect(replies.textsShown).toBe(total >= MIN_CELL);
          for (const [i, f] of replies.choices.entries()) {
            if (f.share.type === "shown") expect(f.count.type === "shown" && replies.replies.type === "shown").toBe(true);
            if ((byChoice[i] ?? 0) > 0 && (byChoice[i] ?? 0) < MIN_CELL) expect(f.count.type).toBe("hidden");
          }
          const sent = deliveryFigures({ ...delivery, total: delivery.sent + delivery.failed + delivery.pending }, MIN_CELL);
          expect(auditDelivery(sent.audit, MIN_CELL)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
