import { readFile } from "node:fs/promises";
import { type SurveyDefinition, validateSurvey } from "../engine/definition.ts";
import { LOCALES, type LocalizedText } from "../engine/index.ts";
import type { Translate } from "../i18n/index.ts";
import { type BorrowedTexts, describeIssue, readXlsform } from "../surveys/xlsform/index.ts";
import { readWorkbook } from "../surveys/xlsform/workbook.node.ts";
import { readSurveyFile, SurveyFileError } from "./survey-file.ts";

export type SurveyInput =
  | { type: "valid"; survey: SurveyDefinition; notes: string[] }
  | { type: "invalid"; errors: string[]; notes: string[] };

export const isWorkbook = (file: string) => /\.xlsx$/i.test(file);

/** An interface text in the four languages, for what a survey file borrows from the interface. */
export function interfaceText(t: Translate, key: string): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, t(l, key)])) as LocalizedText;
}

export function borrowedTexts(t: Translate): BorrowedTexts {
  return { other: interfaceText(t, "survey.choice.other"), specifyOther: interfaceText(t, "survey.choice.specifyOther") };
}

/**
 * A survey file of any kind Glas reads (YAML, JSON, XLSForm .xlsx), validated the same way.
 * Errors are lines ready to print: a path for YAML/JSON, sheet, row and column for XLSForm.
 */
export async function loadSurvey(file: string, t: Translate): Promise<SurveyInput> {
  if (!isWorkbook(file)) {
    const result = validateSurvey(readSurveyFile(file));
    if (result.type === "valid") return { type: "valid", survey: result.survey, notes: [] };
    return { type: "invalid", errors: result.errors.map((e) => `${e.path || "(root)"}: ${e.message}`), notes: [] };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new SurveyFileError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? "error"}`, { cause: err });
  }
  const read = readXlsform(await readWorkbook(bytes), { fileName: file, texts: borrowedTexts(t) });
  const notes = read.notes.map(describeIssue);
  if (read.type === "valid") return { type: "valid", survey: read.survey, notes };
  return { type: "invalid", errors: read.issues.map(describeIssue), notes };
}
