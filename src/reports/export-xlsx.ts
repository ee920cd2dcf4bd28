import ExcelJS from "exceljs";
import { type ExportFormat, OperationError } from "../usecases/operations/ports.ts";
import type { AnswerCell, AnswerColumnType, AnswerTable } from "./answers.ts";
import { csvStream } from "./export-csv.ts";

const DATE_FORMAT = "yyyy-mm-dd";
const HEADER_ROW_HEIGHT_POINTS = 60;
const WIDTH = { number: [6, 14], date: [12, 12], text: [12, 40] } as const;
/** Excel's limit on a sheet name. */
const SHEET_NAME_MAX = 31;
/**
 * The most rows an .xlsx export is built in memory for (Workers: 128 MB, and exceljs keeps every
 * cell until it writes): about 2,000 responses of the default survey stay near 50 MB. Larger ones
 * are CSV there, which streams; Node streams either.
 */
export const XLSX_IN_MEMORY_MAX_ROWS = 2_000;

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
 * The answer table's one sheet, on either of exceljs's writers (the streaming one on Node, the
 * in-memory one on Workers): frozen header row, an autofilter over every column, numbers as
 * numbers, completion days as dates. Returns how to add a row (committed, for the streaming writer).
 */
export function answerSheet(workbook: ExcelJS.Workbook, table: AnswerTable, sheetName: string) {
  const sheet = workbook.addWorksheet(sheetName.slice(0, SHEET_NAME_MAX), { views: [{ state: "frozen", ySplit: 1 }] });
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
  return {
    sheet,
    addRow(cells: AnswerCell[]): void {
      const values: (string | number | Date | null)[] = cells;
      for (const i of dateColumns) {
        const text = cells[i];
        if (typeof text === "string") values[i] = sheetDay(text);
      }
      sheet.addRow(values).commit();
    },
  };
}

/**
 * An export written where nothing streams .xlsx (Workers): CSV streams; .xlsx is built in memory
 * with `writeBuffer()`, up to `XLSX_IN_MEMORY_MAX_ROWS` rows (more is refused, naming CSV).
 */
export async function exportInMemory(
  table: AnswerTable,
  format: ExportFormat,
  sheetName: string,
  onRow: () => void,
): Promise<ReadableStream<Uint8Array>> {
  if (format === "csv") return csvStream(table, onRow);
  if (table.total > XLSX_IN_MEMORY_MAX_ROWS) {
    throw new OperationError(
      "unavailable",
      `This deployment writes .xlsx exports of up to ${XLSX_IN_MEMORY_MAX_ROWS} responses; this one has ${table.total}: ask for csv, or narrow it with --from/--to or --service.`,
    );
  }
  const workbook = new ExcelJS.Workbook();
  const { addRow } = answerSheet(workbook, table, sheetName);
  for await (const cells of table.rows) {
    addRow(cells);
    onRow();
  }
  const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
