import type { Question } from "../engine/definition.ts";
import { isLocale, LOCALE_NAMES, type Locale } from "../engine/locale.ts";
import type { AnswerValue } from "../engine/state.ts";
import { createTranslate, type Translate } from "../i18n/index.ts";
import type { ExportedResponse, ExportFilter, Store, StoredSurvey } from "../store/ports.ts";

export type AnswerCell = string | number | null;

/** How a column's cells should be typed in a spreadsheet: "date" cells are text as described on `answerTable`. */
export type AnswerColumnType = "number" | "text" | "date";

export type AnswerTable = {
  header: string[];
  /** One per column, for writers that type their cells (numbers as numbers, dates as dates). */
  types: AnswerColumnType[];
  rows: AsyncIterable<AnswerCell[]>;
  /** How many rows `rows` yields (counted before reading). */
  total: number;
};

export type AnswerTableOptions = {
  survey: string;
  locale: Locale;
  from?: Date;
  to?: Date;
  serviceCode?: string;
  /** Completion days as local "YYYY-MM-DD" in this IANA zone; without it, the day in UTC. */
  timeZone?: string;
  /** Responses read per database round trip. */
  pageSize?: number;
};

export const ANSWER_PAGE_SIZE = 1000;

export class UnknownSurveyError extends Error {
  override name = "UnknownSurveyError";
}

export class UnknownServiceError extends Error {
  override name = "UnknownServiceError";
}

let translate: Translate | null = null;
const t: Translate = (locale, key, params) => {
  translate ??= createTranslate("en");
  return translate(locale, key, params);
};

type Column = { name: string; label: string; type: AnswerColumnType };

/**
 * Every completed response of a survey, one row each, anonymised: a running number, the
 * day it was completed, service, locality and language, then one column per question of any
 * version (matched by name; labels in `locale` from the newest version that has the
 * question). Free text appears only where the version answered marked it shareable; a text
 * question never shareable gets no column. Rows stream from the database page by page.
 * @example const { header, rows } = await answerTable(store, { survey: "beneficiary-satisfaction", locale: "ro" });
 */
export async function answerTable(store: Store, options: AnswerTableOptions): Promise<AnswerTable> {
  const versions = await allVersions(store, options.survey);
  let serviceId: string | undefined;
  if (options.serviceCode !== undefined) {
    const service = await store.services.byCode(options.serviceCode);
    if (!service) throw new UnknownServiceError(`no service with code "${options.serviceCode}"`);
    serviceId = service.id;
  }
  const filters: ExportFilter[] = versions.map((v) => ({
    surveyVersionId: v.versionId,
    ...(options.from && { from: options.from }),
    ...(options.to && { to: options.to }),
    ...(serviceId && { serviceId }),
  }));
  const counts = await Promise.all(filters.map((f) => store.exports.count(f)));
  const total = counts.reduce((sum, n) => sum + n, 0);

  const { locale } = options;
  const columns = questionColumns(versions, locale);
  const header = [
    t(locale, "export.column.number"),
    t(locale, "export.column.completed"),
    t(locale, "export.column.service"),
    t(locale, "export.column.locality"),
    t(locale, "export.column.language"),
    ...columns.map((c) => c.label),
  ];
  const types: AnswerColumnType[] = ["number", "date", "text", "text", "text", ...columns.map((c) => c.type)];
  const questionsOf = new Map(versions.map((v) => [v.versionId, new Map(v.definition.questions.map((q) => [q.name, q]))]));
  const formatDay = dayFormatter(options.timeZone);
  const pageSize = options.pageSize ?? ANSWER_PAGE_SIZE;

  async function* rows(): AsyncGenerator<AnswerCell[]> {
    const streams = filters.map((f) => tagged(responses(store, f, pageSize), f.surveyVersionId));
    let number = 0;
    for await (const { response, versionId } of merged(streams)) {
      const questions = questionsOf.get(versionId) ?? new Map<string, Question>();
      const row: AnswerCell[] = [
        ++number,
        formatDay(response.completedAt),
        response.service,
        response.locality,
        isLocale(response.locale) ? LOCALE_NAMES[response.locale] : response.locale,
      ];
      for (const column of columns) {
        const question = questions.get(column.name);
        row.push(question ? cell(question, response.answers[column.name], locale) : null);
      }
      yield row;
    }
  }
  return { header, types, rows: rows(), total };
}

/** Oldest first; throws `UnknownSurveyError` when the survey was never imported. */
async function allVersions(store: Store, slug: string): Promise<StoredSurvey[]> {
  const latest = await store.surveys.latest(slug);
  if (!latest) throw new UnknownSurveyError(`no survey "${slug}"`);
  const versions: StoredSurvey[] = [];
  for (let n = 1; n < latest.version; n++) {
    const stored = await store.surveys.version(slug, n);
    if (stored) versions.push(stored);
  }
  versions.push(latest);
  return versions;
}

/** The newest version's questions in its order, then those only older versions had. */
function questionColumns(versions: StoredSurvey[], locale: Locale): Column[] {
  const columns = new Map<string, Column>();
  const shareable = new Set<string>();
  for (const version of [...versions].reverse()) {
    for (const q of version.definition.questions) {
      if (q.type === "text" && q.shareable) shareable.add(q.name);
      if (columns.has(q.name)) continue;
      const type: AnswerColumnType = q.type === "rating" || q.type === "nps" || q.type === "number" ? "number" : "text";
      columns.set(q.name, { name: q.name, label: q.label[locale], type });
    }
  }
  const isText = (name: string) => versions.some((v) => v.definition.questions.some((q) => q.name === name && q.type === "text"));
  return [...columns.values()].filter((c) => !isText(c.name) || shareable.has(c.name));
}

/** One answer as the person saw it, in `locale`; skipped and not-asked questions are empty. */
function cell(question: Question, value: AnswerValue | undefined, locale: Locale): AnswerCell {
  if (value === undefined || value === null) return null;
  switch (question.type) {
    case "select_one":
      return typeof value === "string" ? choiceLabel(question.choices, value, locale) : String(value);
    case "select_multiple": {
      const names = Array.isArray(value) ? value : [String(value)];
      return names.map((name) => choiceLabel(question.choices, name, locale)).join("; ");
    }
    case "rating":
    case "nps":
    case "number":
      return typeof value === "number" ? value : Number(value);
    case "yes_no":
      if (value === "yes") return t(locale, "export.value.yes");
      return value === "no" ? t(locale, "export.value.no") : String(value);
    case "text":
      // Only what the consent notice of that version said could be shared.
      return question.shareable ? String(value) : null;
    default: {
      const never: never = question;
      throw new Error(`unknown question type ${String(never)}`);
    }
  }
}

function choiceLabel(choices: { name: string; label: Record<Locale, string> }[], name: string, locale: Locale): string {
  return choices.find((c) => c.name === name)?.label[locale] ?? name;
}

/**
 * "2025-03-30", the day on the wall clock of `timeZone` (in UTC without one). The day only:
 * in a small service, the minute someone answered could tell who they are.
 */
export function dayFormatter(timeZone: string | undefined): (date: Date) => string {
  if (!timeZone) return (date) => date.toISOString().slice(0, 10);
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return (date) => {
    const p = Object.fromEntries(format.formatToParts(date).map((part) => [part.type, part.value]));
    return `${p.year}-${p.month}-${p.day}`;
  };
}

async function* responses(store: Store, filter: ExportFilter, pageSize: number): AsyncGenerator<ExportedResponse> {
  let after: ExportedResponse["cursor"] | null = null;
  for (;;) {
    const page = await store.exports.page(filter, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = (page[page.length - 1] as ExportedResponse).cursor;
  }
}

type Tagged = { response: ExportedResponse; versionId: string };

async function* tagged(source: AsyncGenerator<ExportedResponse>, versionId: string): AsyncGenerator<Tagged> {
  for await (const response of source) yield { response, versionId };
}

const before = (a: ExportedResponse, b: ExportedResponse): boolean =>
  a.cursor.completedAt < b.cursor.completedAt || (a.cursor.completedAt === b.cursor.completedAt && a.cursor.id < b.cursor.id);

/** Merges the versions' streams (each in completion order) into one, still in completion order. */
async function* merged(streams: AsyncGenerator<Tagged>[]): AsyncGenerator<Tagged> {
  const heads = await Promise.all(streams.map((s) => s.next()));
  for (;;) {
    let best = -1;
    heads.forEach((head, i) => {
      if (head.done) return;
      const current = best >= 0 ? heads[best] : undefined;
      if (!current || current.done || before(head.value.response, current.value.response)) best = i;
    });
    if (best < 0) return;
    const head = heads[best] as IteratorYieldResult<Tagged>;
    yield head.value;
    heads[best] = await (streams[best] as AsyncGenerator<Tagged>).next();
  }
}
