import { randomBytes } from "node:crypto";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Store } from "../store/ports.ts";
import { type AnswerTableOptions, answerTable } from "./answers.ts";

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportOptions = AnswerTableOptions & {
  format: ExportFormat;
  out: string;
  /** The sheet's name in an .xlsx file. */
  sheetName: string;
  /** Called once the number of rows is known, before the first is written. */
  onStart?: (total: number) => void;
  onRow?: () => void;
};

/**
 * Writes the anonymised answer table to `out`. It is written under a temporary name in the
 * same folder and renamed when complete, so a failed export leaves no half-written file
 * (and an earlier file of that name untouched).
 * @example await exportAnswers(store, { survey: "beneficiary-satisfaction", locale: "ro", format: "csv", out: "answers.csv", sheetName: "Answers" })
 */
export async function exportAnswers(store: Store, options: ExportOptions): Promise<{ rows: number; file: string }> {
  const table = await answerTable(store, options);
  const file = path.resolve(options.out);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.part`);
  let rows = 0;
  const onRow = () => {
    rows++;
    options.onRow?.();
  };
  options.onStart?.(table.total);
  try {
    // Each writer's library is loaded only when asked for, so the command line starts quickly.
    if (options.format === "csv") await (await import("./export-csv.node.ts")).writeCsv(table, temporary, onRow);
    else await (await import("./export-xlsx.node.ts")).writeXlsx(table, temporary, options.sheetName, onRow);
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return { rows, file };
}
