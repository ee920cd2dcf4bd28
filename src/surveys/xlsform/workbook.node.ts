import ExcelJS from "exceljs";
import type { Sheet, Sheets } from "./sheets.ts";
import type { SheetOut } from "./write.ts";

export class WorkbookError extends Error {
  override name = "WorkbookError";
}

/** A cell as the text Excel shows: numbers as written, rich text joined, a formula's result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((r) => r.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  if ("error" in value) return String(value.error);
  return "";
}

/**
 * Reads an .xlsx file's sheets as text, each row with its Excel number; blank header cells are
 * skipped. Throws WorkbookError when the bytes are not a workbook.
 */
export async function readWorkbook(bytes: Uint8Array): Promise<Sheets> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (err) {
    throw new WorkbookError(`not an Excel workbook (.xlsx): ${(err as Error).message}`, { cause: err });
  }
  const sheets: Sheets = new Map();
  workbook.eachSheet((ws) => {
    const headerCells: { column: number; text: string }[] = [];
    ws.getRow(1).eachCell({ includeEmpty: false }, (cell, column) => {
      const text = cellText(cell.value).trim();
      if (text !== "") headerCells.push({ column, text });
    });
    const sheet: Sheet = { name: ws.name, headers: headerCells.map((h) => h.text), rows: [] };
    ws.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells: Record<string, string> = {};
      for (const h of headerCells) cells[h.text] = cellText(row.getCell(h.column).value);
      if (Object.values(cells).some((v) => v.trim() !== "")) sheet.rows.push({ row: number, cells });
    });
    sheets.set(ws.name.trim().toLowerCase(), sheet);
  });
  return sheets;
}

const WIDTH_MIN = 10;
const WIDTH_MAX = 60;

/** Writes sheets into an .xlsx: bold, frozen header row; columns wide enough to read, long texts wrapped. */
export async function writeWorkbook(sheets: SheetOut[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = workbook.addWorksheet(s.name, { views: [{ state: "frozen", ySplit: 1 }] });
    ws.columns = s.headers.map((header, i) => {
      const longest = Math.max(
        header.length,
        ...s.rows.map((r) => Math.max(...(r[i] ?? "").split("\n").map((line) => line.length))),
      );
      return { header, key: header, width: Math.min(WIDTH_MAX, Math.max(WIDTH_MIN, longest + 2)) };
    });
    ws.getRow(1).font = { bold: true };
    for (const r of s.rows) {
      const row = ws.addRow(r);
      row.alignment = { vertical: "top", wrapText: r.some((v) => v.length > WIDTH_MAX || v.includes("\n")) };
    }
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
