import type { SurveyDefinition } from "../engine/definition.ts";
import type { ScoredQuestion, StoredSurvey } from "../store/ports.ts";

/**
 * The directorate's indicators, computed from the answers of completed responses.
 *
 * - A rights indicator (dignity, information, participation, accessibility, confidentiality,
 *   complaints) is the share of positive answers among those who answered the questions that
 *   carry its code: a rating of 4 or 5 out of 5, a "yes", or (should a survey use one) an NPS
 *   answer of 9 or 10. Skipped questions count neither way; other question types are not scored.
 * - Overall satisfaction (SATISFACTION_OVERALL) is the share of ratings of 4 or 5, with the mean.
 * - NPS is the share of promoters (9–10) minus the share of detractors (0–6), from −100 to 100.
 * - A service's rights index pools its rights answers: positive rights answers over all rights
 *   answers (so an indicator weighs as much as it has answers).
 */
export const RIGHTS_INDICATORS = [
  "RIGHTS_DIGNITY",
  "RIGHTS_INFORMATION",
  "RIGHTS_PARTICIPATION",
  "RIGHTS_ACCESSIBILITY",
  "RIGHTS_CONFIDENTIALITY",
  "RIGHTS_COMPLAINTS",
] as const;
export type RightsIndicator = (typeof RIGHTS_INDICATORS)[number];

export const SATISFACTION = "SATISFACTION_OVERALL";
export const NPS = "NPS";

/** A change of at least this much (5 percentage points) shows as ↑ or ↓; less is →. */
export const TREND_THRESHOLD = 0.05;
/** A service is ranked with at least this many completed responses (or MIN_CELL, if higher). */
export const RANKING_MIN_RESPONSES = 10;
export const RATING_POSITIVE_FROM = 4;

const SCORED = new Set<string>([...RIGHTS_INDICATORS, SATISFACTION, NPS]);

export function isRightsIndicator(code: string): code is RightsIndicator {
  return (RIGHTS_INDICATORS as readonly string[]).includes(code);
}

/** The questions of a survey version whose answers count, with the rule that scores them. */
export function scoredQuestions(versionId: string, definition: SurveyDefinition): ScoredQuestion[] {
  const out: ScoredQuestion[] = [];
  for (const q of definition.questions) {
    if (!q.indicator || !SCORED.has(q.indicator)) continue;
    const scale = q.type === "rating" || q.type === "yes_no" || q.type === "nps" ? q.type : null;
    if (!scale) continue;
    if (q.indicator === NPS && scale !== "nps") continue;
    if (q.indicator === SATISFACTION && scale !== "rating") continue;
    out.push({ surveyVersionId: versionId, question: q.name, indicator: q.indicator, scale });
  }
  return out;
}

export function scoredQuestionsOf(versions: StoredSurvey[]): ScoredQuestion[] {
  return versions.flatMap((v) => scoredQuestions(v.versionId, v.definition));
}

/** Positive answers among those given; `share` is null when nobody answered. */
export type Proportion = { answers: number; positive: number; share: number | null };

export function proportion(answers: number, positive: number): Proportion {
  return { answers, positive, share: answers > 0 ? positive / answers : null };
}

export type Trend = "up" | "down" | "flat";

/** ↑ ↓ or → for a change in share; null when either side has too few answers to compare. */
export function trendOf(current: Proportion, previous: Proportion, minAnswers: number): Trend | null {
  if (current.share === null || previous.share === null) return null;
  if (current.answers < minAnswers || previous.answers < minAnswers) return null;
  const change = current.share - previous.share;
  // Rounded first, so that exactly 5 points is a rise despite floating-point noise.
  const points = Math.round(change * 1e9) / 1e9;
  if (points >= TREND_THRESHOLD) return "up";
  if (points <= -TREND_THRESHOLD) return "down";
  return "flat";
}

export const ARROWS: Record<Trend, string> = { up: "↑", down: "↓", flat: "→" };

/** 1.96: the normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * Wilson's score interval for a proportion: unlike the textbook p ± z·√(p(1−p)/n), it stays
 * within 0..1 and behaves for small n and for shares near 0 or 1.
 * @example wilson(8, 10) // { low: 0.4902, high: 0.9433 } (rounded)
 */
export function wilson(positive: number, answers: number, z = Z_95): { low: number; high: number } | null {
  if (answers <= 0) return null;
  const p = positive / answers;
  const z2 = z * z;
  const centre = (p + z2 / (2 * answers)) / (1 + z2 / answers);
  const half = (z / (1 + z2 / answers)) * Math.sqrt((p * (1 - p)) / answers + z2 / (4 * answers * answers));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export type NpsFigure = { answers: number; promoters: number; detractors: number; score: number | null };

export function npsOf(answers: number, promoters: number, detractors: number): NpsFigure {
  return {
    answers,
    promoters,
    detractors,
    score: answers > 0 ? Math.round(((promoters - detractors) / answers) * 100) : null,
  };
}
