import type { Locale } from "../../src/engine/locale.ts";
import type { Store } from "../../src/store/ports.ts";
import { importSurvey } from "../../src/usecases/surveys.ts";
import { conversation } from "../support/conversation.ts";
import { respondDeps } from "../support/db.ts";

/** A button question answered by button suffix (`2` → `qN:2`), ticks, a typed text, or a skip. */
export type Reply = { press: string } | { ticks: number[] } | { text: string } | "skip";

const text = (ro: string, en = ro) => ({ ro, ru: `${en} (ru)`, uk: `${en} (uk)`, en });

const question = {
  visit: {
    name: "visit",
    type: "select_one",
    label: { ro: "Cât de des veniți?", ru: "Как часто Вы приходите?", uk: "Як часто Ви приходите?", en: "How often?" },
    choices: [
      { name: "daily", label: { ro: "Zilnic", ru: "Каждый день", uk: "Щодня", en: "Daily" } },
      { name: "weekly", label: { ro: "Săptămânal", ru: "Каждую неделю", uk: "Щотижня", en: "Weekly" } },
      { name: "rarely", label: { ro: "Rar, foarte rar", ru: "Редко", uk: "Рідко", en: "Rarely" } },
    ],
  },
  score: (label: string) => ({ name: "score", type: "rating", indicator: "SATISFACTION_OVERALL", label: text(label) }),
  help: { name: "help", type: "yes_no", indicator: "RIGHTS_INFORMATION", label: text("Ați primit ajutor?", "Helped?") },
  why: {
    name: "why",
    type: "yes_no",
    showIf: { question: "help", equals: "no" },
    label: text("Ați cerut ajutor?", "Asked?"),
  },
  wants: {
    name: "wants",
    type: "select_multiple",
    required: false,
    label: { ro: "Ce lipsește?", ru: "Чего не хватает?", uk: "Чого бракує?", en: "What is missing?" },
    choices: [
      { name: "time", label: { ro: "Timp", ru: "Время", uk: "Час", en: "Time" } },
      { name: "info", label: { ro: "Informație", ru: "Информация", uk: "Інформація", en: "Information" } },
      { name: "ramp", label: { ro: "Rampă", ru: "Пандус", uk: "Пандус", en: "Ramp" } },
    ],
  },
  note: { name: "note", type: "text", required: false, shareable: false, label: text("Notă privată", "Private note") },
  oldNps: { name: "old_nps", type: "nps", label: text("Ne-ați recomanda?", "Recommend?") },
  story: { name: "story", type: "text", required: false, shareable: true, label: text("Povestea dvs.", "Your story") },
  hours: { name: "hours", type: "number", min: 0, max: 100, integer: false, label: text("Câte ore?", "How many hours?") },
};

const base = {
  slug: "export-test",
  anonymous: true,
  title: text("Test"),
  intro: text("Bună ziua", "Hello"),
  thanks: text("Mulțumim", "Thanks"),
};

export const VERSION_1 = {
  ...base,
  questions: [
    question.visit,
    question.score("Nota veche"),
    question.help,
    question.why,
    question.wants,
    question.note,
    question.oldNps,
  ],
};

export const VERSION_2 = {
  ...base,
  questions: [
    question.visit,
    question.score("Cum apreciați serviciul?"),
    question.help,
    question.why,
    question.wants,
    question.note,
    question.story,
    question.hours,
  ],
};

export const STORY = 'Bine, "foarte" bine,\nmulțumesc; ș ț Ș Ț';
export const FORMULA = "=HYPERLINK(1)";
export const SECRET_NOTE = "numărul meu 069123456";

type Person = { platformId: string; locale: Locale; start: string; service?: string; replies: Record<string, Reply> };

/** Takes the survey through the real respond() use case, as one person would in a messenger. */
export async function takeSurvey(store: Store, person: Person): Promise<void> {
  const c = conversation(respondDeps(store), person.platformId, {
    locale: person.locale,
    start: new Date(person.start),
  });
  await c.start({ surveySlug: "export-test", ...(person.service && { serviceCode: person.service }) });
  for (let guard = 0; guard < 30; guard++) {
    const ask = c.ask;
    if (!ask) throw new Error("nothing asked");
    let result: Awaited<ReturnType<typeof c.press>>;
    if (ask.ref === "language") result = await c.press(`lang:${person.locale}`);
    else if (ask.ref === "consent") result = await c.press("consent:yes");
    else {
      const reply = person.replies[ask.ref];
      if (reply === undefined) throw new Error(`no reply for ${ask.ref}`);
      const prefix =
        ask.buttons
          .flat()
          .find((b) => /^q\d+:/.test(b.id))
          ?.id.replace(/:.*$/, ":") ?? "";
      if (reply === "skip") result = await c.press(`${prefix}skip`);
      else if ("text" in reply) result = await c.text(reply.text);
      else if ("press" in reply) result = await c.press(`${prefix}${reply.press}`);
      else {
        for (const i of reply.ticks) await c.press(`${prefix}t${i}`);
        result = await c.press(`${prefix}done`);
      }
    }
    if (result.intents.some((i) => i.type === "reask")) throw new Error(`reply to ${ask.ref} was refused`);
    if (result.intents.some((i) => i.type === "end")) return;
  }
  throw new Error("the survey did not end");
}

/**
 * Two services, two versions of a survey, four completed responses and one unfinished:
 * v1 (ro, Ungheni, 1 March), v1 (ru, Bălți, 2 March), then v2 (en, Ungheni, 3 March) and
 * v2 (uk, no service, 4 March); an unfinished v2 one on 5 March.
 */
export async function exportScenario(store: Store): Promise<void> {
  await store.services.add({ code: "EXA", name: "Centrul de zi „Speranța”", locality: "Ungheni" });
  await store.services.add({ code: "EXB", name: "Echipa mobilă", locality: "Bălți" });
  const imported = await importSurvey(store, VERSION_1);
  if (imported.type !== "imported") throw new Error("fixture survey v1 is invalid");
  await takeSurvey(store, {
    platformId: "7700000001",
    locale: "ro",
    start: "2026-03-01T08:00:00Z",
    service: "EXA",
    replies: {
      visit: { press: "1" },
      score: { press: "4" },
      help: { press: "n" },
      why: { press: "y" },
      wants: { ticks: [0, 2] },
      note: { text: SECRET_NOTE },
      old_nps: { press: "9" },
    },
  });
  await takeSurvey(store, {
    platformId: "7700000002",
    locale: "ru",
    start: "2026-03-02T08:00:00Z",
    service: "EXB",
    replies: {
      visit: { press: "0" },
      score: { press: "2" },
      help: { press: "y" },
      wants: "skip",
      note: "skip",
      old_nps: { press: "3" },
    },
  });
  const second = await importSurvey(store, VERSION_2);
  if (second.type !== "imported" || second.survey.version !== 2) throw new Error("fixture survey v2 was not imported");
  await takeSurvey(store, {
    platformId: "7700000003",
    locale: "en",
    start: "2026-03-03T08:00:00Z",
    service: "EXA",
    replies: {
      visit: { press: "2" },
      score: { press: "5" },
      help: { press: "n" },
      why: { press: "n" },
      wants: { ticks: [1] },
      note: { text: "private" },
      story: { text: STORY },
      hours: { text: "12.5" },
    },
  });
  await takeSurvey(store, {
    platformId: "7700000004",
    locale: "uk",
    start: "2026-03-04T08:00:00Z",
    replies: {
      visit: { press: "0" },
      score: { press: "1" },
      help: { press: "y" },
      wants: "skip",
      note: "skip",
      story: { text: FORMULA },
      hours: { text: "0" },
    },
  });
  const unfinished = conversation(respondDeps(store), "7700000005", { locale: "ro", start: new Date("2026-03-05T08:00:00Z") });
  await unfinished.start({ surveySlug: "export-test", serviceCode: "EXB" });
  await unfinished.press("consent:yes");
  await unfinished.press("q0:1");
}
