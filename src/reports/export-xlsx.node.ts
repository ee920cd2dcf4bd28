import { once } from "node:events";
import { PassThrough, Readable, type Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { AnswerColumnType, AnswerTable } from "./answers.ts";

const DATE_FORMAT = "yyyy-mm-dd";
const HEADER_ROW_HEIGHT_POINTS = 60;
const WIDTH = { number: [6, 14], date: [12, 12], text: [12, 40] } as const;

/** A day written by `answerTable` ("2025-03-30"), as Excel's zone-less date. */
function sheetDay(text: string): Date {
  return new Date(`${text}T00:00:00Z`);
}

/** Wide enough for the header's longest word and a readable share of it; long questions wrap. */
function columnWidth(header: string, type: AnswerColumnType): number {
  const [min, max] = WIDTH[type];
  const longestWord = Math.max(...header.split(/\s+/).map((w) => w.length));
  const target = Math.max(longestWord + 2, Math.ceil(header.length / 3));
  return Math.min(max, Math.max(min, target));
}

/**
 * An .xlsx file with one sheet, written row by row with exceljs's streaming writer: frozen
 * header row, an autofilter over every column, numbers as numbers, completion times as
 * dates. Before each row the file stream's backlog is checked, so a slow disk slows the
 * reading of rows instead of filling memory.
 */
async function writeXlsx(table: AnswerTable, stream: Writable, sheetName: string, onRow: () => void): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.header.map((header, i) => {
    const type = table.types[i] ?? "text";
    return {
      width: columnWidth(header, type),
      ...(type === "date" && { style: { numFmt: DATE_FORMAT } }),
    };
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.header.length } };
  const header = sheet.addRow(table.header);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: "top" };
  header.height = HEADER_ROW_HEIGHT_POINTS;
  header.commit();
  const dateColumns = table.types.flatMap((type, i) => (type === "date" ? [i] : []));
  for await (const cells of table.rows) {
    const values: (string | number | Date | null)[] = cells;
    for (const i of dateColumns) {
      const text = cells[i];
      if (typeof text === "string") values[i] = sheetDay(text);
    }
    sheet.addRow(values).commit();
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
