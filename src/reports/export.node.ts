import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { Store } from "../store/ports.ts";
import type { ExportFormat } from "../usecases/operations/ports.ts";
import { type AnswerTable, type AnswerTableOptions, answerTable } from "./answers.ts";
import { csvStream } from "./export-csv.ts";

export { EXPORT_FORMATS, type ExportFormat } from "../usecases/operations/ports.ts";

export type ExportOptions = AnswerTableOptions & {
  format: ExportFormat;
  out: string;
  /** The sheet's name in an .xlsx file. */
  sheetName: string;
  /** Called once the number of rows is known, before the first is written. */
  onStart?: (total: number) => void;
  onRow?: () => void;
};

/** The answer table as a file of this format, streamed; the .xlsx writer (exceljs) loads only when asked for. */
export async function exportStream(
  table: AnswerTable,
  format: ExportFormat,
  sheetName: string,
  onRow: () => void,
): Promise<ReadableStream<Uint8Array>> {
  if (format === "csv") return csvStream(table, onRow);
  return (await import("./export-xlsx.node.ts")).xlsxStream(table, sheetName, onRow);
}

/**
 * Writes a stream to `out` under a temporary name in the same folder, renamed when complete,
 * so a failed export leaves no half-written file (and an earlier file of that name untouched).
 */
export async function writeFileAtomically(body: ReadableStream<Uint8Array>, out: string): Promise<string> {
  const file = path.resolve(out);
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString("hex")}.part`);
  try {
    await pipeline(Readable.fromWeb(body as NodeReadableStream<Uint8Array>), createWriteStream(temporary));
    await rename(temporary, file);
  } catch (err) {
    await rm(temporary, { force: true });
    throw err;
  }
  return file;
}

/**
 * Writes the anonymised answer table to `out` (see `writeFileAtomically`).
 * @example await exportAnswers(store, { survey: "beneficiary-satisfaction", locale: "ro", format: "csv", out: "answers.csv", sheetName: "Answers" })
 */
export async function exportAnswers(store: Store, options: ExportOptions): Promise<{ rows: number; file: string }> {
  const table = await answerTable(store, options);
  let rows = 0;
  const onRow = () => {
    rows++;
    options.onRow?.();
  };
  options.onStart?.(table.total);
  const file = await writeFileAtomically(await exportStream(table, options.format, options.sheetName, onRow), options.out);
  return { rows, file };
}
