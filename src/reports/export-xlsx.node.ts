import { once } from "node:events";
import { PassThrough, Readable, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { AnswerTable } from "./answers.ts";
import { answerSheet } from "./export-xlsx.ts";

/**
 * The .xlsx file written row by row with exceljs's streaming writer (the sheet as `answerSheet`
 * lays it out). Before each row the file stream's backlog is checked, so a slow disk slows the
 * reading of rows instead of filling memory.
 */
async function writeXlsx(table: AnswerTable, stream: Writable, sheetName: string, onRow: () => void): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const { sheet, addRow } = answerSheet(workbook, table, sheetName);
  for await (const cells of table.rows) {
    addRow(cells);
    onRow();
    if (stream.writableNeedDrain) await once(stream, "drain");
  }
  sheet.commit();
  await workbook.commit();
}

/** The .xlsx file as a web stream, written as it is read (the reader's pace sets the database's). */
export function xlsxStream(table: AnswerTable, sheetName: string, onRow: () => void): ReadableStream<Uint8Array> {
  const pass = new PassThrough();
  writeXlsx(table, pass, sheetName, onRow).catch((err: unknown) =>
    pass.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return Readable.toWeb(pass) as ReadableStream<Uint8Array>;
}
