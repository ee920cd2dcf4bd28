import type { Question } from "../../engine/definition.ts";
import { type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import { INTL_TAGS, LOCALE_NAMES, type Locale } from "../../engine/locale.ts";
import { kindOf } from "../../engine/questions/index.ts";
import type { AnswerValue } from "../../engine/state.ts";
import type { Respondent, Store } from "../../store/ports.ts";
import type { LinkedResponse, PersonalData } from "../../store/privacy-ports.ts";
import { inLocale } from "../staff/message.ts";

/** Questionnaires and replies shown in full; the rest are counted ("and 3 earlier ones"). */
export const MYDATA_RESPONSES_SHOWN = 5;
export const MYDATA_REPLIES_SHOWN = 20;

export type MyDataContext = { store: Store; respondent: Respondent; locale: Locale; timeZone: string };

/**
 * One part of the answer to `/mydata`: its messages, none when the person has nothing of that
 * kind. Feedback, once it exists, adds its section to MYDATA_SECTIONS.
 */
export type MyDataSection = (data: PersonalData, ctx: MyDataContext) => Intent[];

const say = (parts: Phrase[]): Intent => ({ type: "say", parts });

function dayOf(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_TAGS[locale], { day: "numeric", month: "long", year: "numeric", timeZone }).format(date);
}

const profile: MyDataSection = (data, { locale, timeZone }) => {
  const parts: Phrase[] = [
    i18n("mydata.title"),
    i18n("mydata.language", { language: data.locale ? LOCALE_NAMES[data.locale] : LOCALE_NAMES[locale] }),
    i18n(`mydata.status.${data.status}`),
    data.service ? i18n("mydata.service", { name: data.service.name }) : i18n("mydata.noService"),
    i18n("mydata.firstWrote", { day: dayOf(data.firstWrote, locale, timeZone) }),
  ];
  if (data.staffRole) parts.push(i18n(`mydata.staff.${data.staffRole}`));
  return [say(parts)];
};

const surveys: MyDataSection = (data, { locale }) => {
  if (data.surveys.length === 0) return [say([i18n("mydata.surveys.none")])];
  const lines = data.surveys.map((s) =>
    i18n(s.definition.anonymous ? "mydata.surveys.anonymous" : "mydata.surveys.linked", {
      title: s.definition.title[locale],
      count: s.count,
    }),
  );
  return [say([i18n("mydata.surveys.title"), ...lines])];
};

/** One answer as the person gave it: the question, then their answer in words (typed text as typed). */
function answerLine(question: Question | undefined, name: string, value: AnswerValue, locale: Locale): Phrase {
  const label = question ? question.label[locale] : name;
  if (value === null || value === undefined) return i18n("mydata.answerKey", { question: label, key: "survey.answer.skipped" });
  if (!question || question.type === "text") return literal(`${label}: ${Array.isArray(value) ? value.join(", ") : value}`);
  const words = kindOf(question).summary({ question, prefix: "", locale, draft: null }, value);
  const [only] = words;
  if (words.length === 1 && only?.type === "i18n") return i18n("mydata.answerKey", { question: label, key: only.key });
  return literal(`${label}: ${words.map((w) => (w.type === "literal" ? w.text : "")).join(", ")}`);
}

function responseMessage(response: LinkedResponse, { locale, timeZone }: MyDataContext): Intent {
  const { definition } = response;
  const heading = i18n(response.completed ? "mydata.answers.title" : "mydata.answers.unfinished", {
    title: definition.title[locale],
    day: dayOf(response.day, locale, timeZone),
  });
  const lines = response.answers.map((a) =>
    answerLine(
      definition.questions.find((q) => q.name === a.question),
      a.question,
      a.value,
      locale,
    ),
  );
  return say([heading, ...lines]);
}

const replies: MyDataSection = (data, { locale }) => {
  if (data.replies.length === 0) return [];
  const lines = data.replies.map(({ consultation: c, choice, text }) => {
    const question = inLocale(c.text, locale, c.sourceLocale);
    if (text) return literal(`«${question}» — ${text}`);
    const chosen = choice !== null ? c.choices?.[choice] : undefined;
    if (chosen) return literal(`«${question}» — ${inLocale(chosen, locale, c.sourceLocale)}`);
    return i18n("mydata.replies.erased", { question });
  });
  return [say([i18n("mydata.replies.title"), ...lines])];
};

/** Their questionnaires of surveys that are not anonymous, one message each, the latest first. */
const answers: MyDataSection = (data, ctx) => {
  const more = data.responsesTotal - data.responses.length;
  const shown = data.responses.map((r) => responseMessage(r, ctx));
  return more > 0 ? [...shown, say([i18n("mydata.answers.more", { count: more })])] : shown;
};

const erase: MyDataSection = () => [say([i18n("mydata.erase")])];

export const MYDATA_SECTIONS: readonly MyDataSection[] = [profile, surveys, answers, replies, erase];

/**
 * `/mydata`: what Glas keeps about the person who asks, in their language, read by their id
 * alone. Anonymous surveys show only that they were answered: their answers are not linked
 * to anyone, so they cannot be found, let alone shown.
 */
export async function myData(ctx: MyDataContext): Promise<Intent[]> {
  const data = await ctx.store.personal.personalData(ctx.respondent.id, {
    responses: MYDATA_RESPONSES_SHOWN,
    replies: MYDATA_REPLIES_SHOWN,
  });
  if (!data) return [say([i18n("mydata.nothing")])];
  return MYDATA_SECTIONS.flatMap((section) => section(data, ctx));
}
