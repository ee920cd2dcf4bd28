import ExcelJS from "exceljs";
import { borrowedTexts } from "../../src/cli/survey-input.ts";
import { createTranslate } from "../../src/i18n/index.ts";
import { readXlsform, type XlsformRead } from "../../src/surveys/xlsform/index.ts";
import { readWorkbook } from "../../src/surveys/xlsform/workbook.node.ts";

export type Cell = string | number | boolean | null;
/** A sheet as rows, the first being the header row (row 1 in Excel). */
export type Rows = Cell[][];

/** An .xlsx workbook written with exceljs, sheet by sheet, as an author would in Excel. */
export async function workbook(sheets: Record<string, Rows>): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const TEXTS = borrowedTexts(createTranslate("en"));

/** Writes the workbook and reads it back the way `glas survey validate` does. */
export async function readSheets(sheets: Record<string, Rows>, fileName = "form.xlsx"): Promise<XlsformRead> {
  return readXlsform(await readWorkbook(await workbook(sheets)), { fileName, texts: TEXTS });
}

export const LANGS = ["Română (ro)", "Русский (ru)", "Українська (uk)", "English (en)"] as const;
/** `label::Română (ro)` … in the four languages. */
export const headers4 = (base: string) => LANGS.map((l) => `${base}::${l}`);
/** The same text in four languages: `text ro`, `text ru`, … */
export const texts4 = (text: string) => ["ro", "ru", "uk", "en"].map((l) => `${text} ${l}`);

/** A settings sheet with everything Glas needs. */
export const SETTINGS: Rows = [
  ["form_id", "version", ...headers4("form_title"), ...headers4("intro"), ...headers4("thanks")],
  ["test-form", "1", ...texts4("Title"), ...texts4("Intro"), ...texts4("Thanks")],
];
