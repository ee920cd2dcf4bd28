import type { SurveyDefinition } from "../../engine/definition.ts";
import { type BorrowedTexts, readXlsform } from "./read.ts";
import { describeIssue } from "./sheets.ts";
import { type SheetOut, sheetsOf, type WriteOptions, writeXlsform } from "./write.ts";

export { type BorrowedTexts, type ReadOptions, readXlsform, type XlsformRead } from "./read.ts";
export { describeIssue, type Sheets, type XlsformIssue } from "./sheets.ts";
export { type SheetOut, writeXlsform } from "./write.ts";

/** A survey that XLSForm cannot carry so that it reads back the same (said, never written half). */
export class RoundTripError extends Error {
  override name = "RoundTripError";
}

/**
 * Writes a survey as XLSForm sheets and reads them back: what is returned reads back as exactly
 * the same survey, or this throws naming what would change.
 */
export function exportXlsform(survey: SurveyDefinition, options: WriteOptions & { texts: BorrowedTexts }): SheetOut[] {
  const sheets = writeXlsform(survey, options);
  const back = readXlsform(sheetsOf(sheets), { texts: options.texts });
  if (back.type === "invalid") {
    throw new RoundTripError(`"${survey.slug}" does not read back from XLSForm: ${back.issues.map(describeIssue).join("; ")}`);
  }
  const changed = firstDifference(survey, back.survey);
  if (changed)
    throw new RoundTripError(`"${survey.slug}" cannot be written to XLSForm so that it reads back the same: ${changed}`);
  return sheets;
}

function firstDifference(a: SurveyDefinition, b: SurveyDefinition): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  const count = Math.max(a.questions.length, b.questions.length);
  for (let i = 0; i < count; i++) {
    if (JSON.stringify(a.questions[i]) !== JSON.stringify(b.questions[i])) {
      return `question "${a.questions[i]?.name ?? b.questions[i]?.name}" would read back as ${JSON.stringify(b.questions[i])}`;
    }
  }
  const keys = Object.keys(a) as (keyof SurveyDefinition)[];
  return `${keys.find((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])) ?? "the survey"} would change`;
}
