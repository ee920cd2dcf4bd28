import type { Service } from "../../src/store/ports.ts";
import { respond } from "../reports/fixtures.ts";
import type { TestDatabase } from "../support/db.ts";

/** A full questionnaire's scored answers: `good` of them positive (the rest negative). */
function answers(good: boolean, satisfied: boolean) {
  return {
    staff_respect: good ? 5 : 2,
    info_rights: good ? 4 : 2,
    participation: good ? 4 : 3,
    accessibility: good ? 5 : 1,
    confidentiality: good ? "yes" : "no",
    knows_complaints: good ? "yes" : "no",
    overall_satisfaction: satisfied ? 5 : 2,
    recommend: satisfied ? 10 : 3,
  };
}

/**
 * A district's year: the day centre (DC1) answered by 12 people a month, the home-care team
 * (HC1) by 6, January 2025 to October 2026, and the mobile team (MT1) by only 2 people, both
 * in the third quarter of 2026. Also one typed comment naming someone, which no page may show.
 */
export async function seedDistrict(db: TestDatabase): Promise<Record<"dc" | "hc" | "mt", Service>> {
  const dc = await db.store.services.add({ code: "DC1", name: "Centrul de zi „Speranța”", locality: "Ialoveni" });
  const hc = await db.store.services.add({ code: "HC1", name: "Îngrijire la domiciliu", locality: "Costești" });
  const mt = await db.store.services.add({ code: "MT1", name: "Echipa mobilă", locality: "Costești" });
  const months: string[] = [];
  for (let y = 2025; y <= 2026; y++) {
    for (let m = 1; m <= 12; m++) if (y === 2025 || m <= 10) months.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  for (const [i, month] of months.entries()) {
    const at = `${month}-10T09:00:00Z`;
    for (let k = 0; k < 12; k++) {
      await respond(db.store, {
        service: dc,
        at,
        answers: {
          ...answers(k < 8 + (i % 4), k < 9),
          ...(k === 0 && i === 0 ? { comment: "Asistenta Ana Ionescu vine rar" } : {}),
        },
      });
    }
    for (let k = 0; k < 6; k++) await respond(db.store, { service: hc, at, answers: answers(k < 3 + (i % 3), k < 4) });
  }
  // Weeks 46 and 47 of November 2026: the overview's default (the last full week) and the one before.
  for (const [at, good] of [
    ["2026-11-11T09:00:00Z", 6],
    ["2026-11-18T09:00:00Z", 10],
  ] as const) {
    for (let k = 0; k < 12; k++) await respond(db.store, { service: dc, at, answers: answers(k < good, k < good) });
    for (let k = 0; k < 6; k++) await respond(db.store, { service: hc, at, answers: answers(k < 4, k < 5) });
  }
  for (const at of ["2026-08-05T09:00:00Z", "2026-09-05T09:00:00Z"]) {
    await respond(db.store, { service: mt, at, answers: answers(true, true) });
  }
  return { dc, hc, mt };
}
