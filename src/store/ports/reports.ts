/* What exports and the directorate's figures read. */
import type { AnswerValue } from "../../engine/state.ts";
import type { StoredSurvey } from "./surveys.ts";

/** Which completed responses an export reads: one survey version, completed in [from, to). */
export type ExportFilter = { surveyVersionId: string; from?: Date; to?: Date; serviceId?: string };

/** Where a page ended: opaque to callers, never written out (it holds the response id). */
export type ExportCursor = { completedAt: string; id: string };

/** A completed response as exports show it: nothing that identifies the person. */
export type ExportedResponse = {
  completedAt: Date;
  service: string | null;
  locality: string | null;
  locale: string;
  answers: Record<string, AnswerValue>;
  cursor: ExportCursor;
};

/**
 * Completed responses page by page, in the order they were completed (keyset pagination,
 * so a page costs the same at the start and at the end of a million rows).
 * @example const page = await exports.page({ surveyVersionId }, null, 1000);
 */
export interface ExportStore {
  count(filter: ExportFilter): Promise<number>;
  page(filter: ExportFilter, after: ExportCursor | null, limit: number): Promise<ExportedResponse[]>;
}

/** Completed responses in [from, to), of one service or of all. */
export type ReportRange = { from: Date; to: Date; serviceId?: string | null };

/** How a question's answers count towards an indicator; see src/reports/indicators.ts. */
export type ScoredQuestion = {
  surveyVersionId: string;
  question: string;
  indicator: string;
  scale: "rating" | "yes_no" | "nps";
};

/** `responses`: distinct people who completed the survey version (not answers, not visits). */
export type ResponseCount = { surveyVersionId: string; serviceId: string | null; localityId: string | null; responses: number };

/**
 * Answers from one service and locality. `people`: distinct people who gave them; `positive`:
 * rating 4–5, yes, or NPS 9–10; `detractors`: NPS 0–6; `sum`: of the numeric answers (for a mean).
 */
export type AnswerCount = {
  serviceId: string | null;
  localityId: string | null;
  answers: number;
  people: number;
  positive: number;
  detractors: number;
  sum: number;
};

/** The answers to one indicator's questions. */
export type IndicatorCount = AnswerCount & { indicator: string };

export type ClosedConsultation = {
  id: string;
  /** JSON, as stored: `{ ro?, ru?, uk?, en? }`, and for choices an array of those. */
  text: string;
  choices: string | null;
  closedAt: Date;
  /** Replies per choice index (null for free text). */
  replies: { choice: number | null; count: number }[];
};

/**
 * The directorate's figures, aggregated in the database (GROUP BY), never row by row.
 * @example const counts = await reports.indicatorCounts({ from, to }, scored);
 */
export interface ReportStore {
  /** Every stored survey version, for the questions that carry indicators and each survey's minCell. */
  surveyVersions(): Promise<StoredSurvey[]>;
  responseCounts(range: ReportRange): Promise<ResponseCount[]>;
  indicatorCounts(range: ReportRange, scored: ScoredQuestion[]): Promise<IndicatorCount[]>;
  /** The answers to all the `scored` questions together (a person counted once however many they answered). */
  pooledCounts(range: ReportRange, scored: ScoredQuestion[]): Promise<AnswerCount[]>;
  /** Consultations closed in [from, to), with their replies counted by choice. */
  closedConsultations(range: { from: Date; to: Date }): Promise<ClosedConsultation[]>;
  localities(): Promise<{ id: string; name: string }[]>;
}
