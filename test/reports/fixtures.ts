import type { Locale } from "../../src/engine/locale.ts";
import type { AnswerValue } from "../../src/engine/state.ts";
import { localDay, startOfDay } from "../../src/reports/periods.ts";
import type { Service, Store } from "../../src/store/ports.ts";
import { type TestDatabase, withDefaults } from "../support/db.ts";

type Given = Record<string, Exclude<AnswerValue, undefined>>;

let counter = 0;
const FIXTURE_TIME_ZONE = "Europe/Chisinau";

/**
 * One questionnaire filled through the real response store, as respond() writes it: numbers
 * for ratings and NPS, 1 and 0 for yes and no, the indicator from the survey.
 */
export async function respond(
  store: Store,
  options: { survey?: string; service: Service | null; at: string; answers: Given; completed?: boolean; locale?: Locale },
): Promise<void> {
  const survey = await store.surveys.latest(options.survey ?? "beneficiary-satisfaction");
  if (!survey) throw new Error("survey not imported");
  // As respond() writes it: once, completed, with the local day (Europe/Chisinau) only.
  if (options.completed === false) return;
  const at = new Date(options.at);
  const answers = Object.entries(options.answers).map(([name, value]) => {
    const q = survey.definition.questions.find((x) => x.name === name);
    if (!q) throw new Error(`no question ${name}`);
    const number = typeof value === "number" ? value : q.type === "yes_no" && value !== null ? (value === "yes" ? 1 : 0) : null;
    return { question: name, value, number, indicator: q.indicator ?? null };
  });
  await store.responses.write({
    id: `fixture-${++counter}-${crypto.randomUUID()}`,
    surveyVersionId: survey.versionId,
    respondentId: null,
    serviceId: options.service?.id ?? null,
    localityId: options.service?.localityId ?? null,
    locale: options.locale ?? "ro",
    day: startOfDay(localDay(at, FIXTURE_TIME_ZONE), FIXTURE_TIME_ZONE),
    answers,
  });
}

/** Many questionnaires with one answer each taken from `values`, in turn. */
export async function respondMany(
  store: Store,
  options: { survey?: string; service: Service | null; at: string; question: string; values: (string | number)[] },
): Promise<void> {
  for (const value of options.values) {
    await respond(store, { ...options, answers: { [options.question]: value } });
  }
}

/** A consultation closed at `closedAt`, with replies by choice index (null: free text). */
export function closedConsultation(
  db: TestDatabase,
  options: { text: Record<string, string>; choices?: Record<string, string>[]; closedAt: string; replies: (number | null)[] },
): void {
  const id = crypto.randomUUID();
  const time = (iso: string) => new Date(iso).toISOString().replace("Z", "+00:00");
  db.sql
    .prepare(
      `INSERT INTO "Consultation" (id, text, choices, audience, status, "createdAt", "closedAt") VALUES (?, ?, ?, '{"all":true}', 'sent', ?, ?)`,
    )
    .run(
      id,
      JSON.stringify(options.text),
      options.choices ? JSON.stringify(options.choices) : null,
      time(options.closedAt),
      time(options.closedAt),
    );
  const reply = db.sql.prepare(
    `INSERT INTO "ConsultationReply" (id, "consultationId", "respondentId", choice, text, "createdAt") VALUES (?, ?, NULL, ?, ?, ?)`,
  );
  for (const choice of options.replies) {
    reply.run(crypto.randomUUID(), id, choice, choice === null ? "a reply" : null, time(options.closedAt));
  }
}

/** Week 47 of 2026 (16–22 November, Europe/Chisinau) and the week before. */
export const EXAMPLE_NOW = "2026-11-18T10:00:00Z";
export const EXAMPLE_BEFORE = "2026-11-11T10:00:00Z";

/**
 * The worked example the figures are checked against (see test/reports/summary.test.ts):
 * services A (10 questionnaires), B (3) and C (6) this week, A (10) the week before, and
 * three closed consultations.
 */
export async function seedExampleWeek(db: TestDatabase): Promise<Record<"A" | "B" | "C", Service>> {
  await withDefaults(db);
  const services = await seedExampleAnswers(db.store, {
    now: EXAMPLE_NOW,
    before: EXAMPLE_BEFORE,
    weekEnd: new Date("2026-11-22T22:00:00Z"),
  });
  const BEFORE = EXAMPLE_BEFORE;
  const yesNo = [
    { ro: "Da", ru: "Да", uk: "Так", en: "Yes" },
    { ro: "Nu", ru: "Нет", uk: "Ні", en: "No" },
  ];
  closedConsultation(db, {
    text: { ro: "Să fie deschis centrul sâmbăta?", en: "Should the centre open on Saturdays?" },
    choices: yesNo,
    closedAt: "2026-11-19T12:00:00Z",
    replies: [0, 0, 0, 0, 1, 1, 1],
  });
  closedConsultation(db, {
    text: { en: "Is the bus on time?" },
    choices: yesNo,
    closedAt: "2026-11-20T12:00:00Z",
    replies: [0, 1],
  });
  closedConsultation(db, { text: { en: "Closed the week before" }, closedAt: BEFORE, replies: [null, null, null, null, null] });

  return services;
}

/**
 * The example's questionnaires (not its consultations), in any week: `now` a moment inside it,
 * `before` one in the week before, `weekEnd` the first instant after it (Monday 00:00 local). The
 * shipped surveys must be in the store.
 */
export async function seedExampleAnswers(
  store: Store,
  at: { now: string; before: string; weekEnd: Date },
): Promise<Record<"A" | "B" | "C", Service>> {
  const { now: NOW, before: BEFORE } = at;
  const minutes = (n: number) => new Date(at.weekEnd.getTime() + n * 60_000).toISOString();
  const add = (code: string, locality: string) => store.services.add({ code, name: `Service ${code}`, locality });
  const services = { A: await add("A", "Ialoveni"), B: await add("B", "Costești"), C: await add("C", "Ialoveni") };
  const { A, B, C } = services;

  // Service A, this week: 10 questionnaires.
  const dignity = [5, 5, 5, 5, 5, 5, 5, 5, 2, 2]; // 8 of 10 positive
  const confidentiality = ["yes", "yes", "yes", "yes", "yes", "yes", "no", "no", "no", "no"]; // 6 of 10
  const satisfaction = [5, 5, 5, 4, 4, 4, 3, 3, 2, 1]; // 6 of 10 are 4 or 5; mean 3.6
  const recommend = [10, 10, 9, 8, 7, 6, 5, 0, 9, 10]; // 5 promoters, 3 detractors: NPS +20
  for (let i = 0; i < 10; i++) {
    await respond(store, {
      service: A,
      at: NOW,
      answers: {
        staff_respect: dignity[i] as number,
        confidentiality: confidentiality[i] as string,
        overall_satisfaction: satisfaction[i] as number,
        recommend: recommend[i] as number,
        // Not shareable: must never reach a workbook.
        ...(i === 0 && { comment: "Numele meu este Ion Popescu" }),
      },
    });
  }
  // Not counted: unfinished, and finished on Monday of the next week (00:30 local time).
  await respond(store, { service: A, at: NOW, answers: { staff_respect: 1 }, completed: false });
  await respond(store, { service: A, at: minutes(30), answers: { staff_respect: 1 } });
  // Service B: 3 questionnaires, all positive. Service C: 6, half positive, the last on Sunday 23:30 local.
  await respondMany(store, { service: B, at: NOW, question: "staff_respect", values: [5, 5, 5] });
  await respondMany(store, { service: C, at: NOW, question: "staff_respect", values: [4, 4, 1, 1, 1] });
  await respond(store, { service: C, at: minutes(-30), answers: { staff_respect: 4 } });

  // The week before: service A, all positive.
  for (let i = 0; i < 10; i++) {
    await respond(store, { service: A, at: BEFORE, answers: { staff_respect: 5, confidentiality: "yes" } });
  }
  return services;
}
