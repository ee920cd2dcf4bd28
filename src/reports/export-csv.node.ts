import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { AnswerCell, AnswerTable } from "./answers.ts";

/** Spreadsheet programs run a cell starting with these as a formula; free text must stay text. */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutralizeFormula(cell: AnswerCell): AnswerCell {
  return typeof cell === "string" && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/**
 * RFC 4180 CSV (CRLF, fields quoted when they hold a comma, a quote or a line break) in UTF-8
 * with a byte-order mark, so Excel reads ș, ț and Cyrillic correctly. Rows are pulled only as
 * fast as the file takes them (stream backpressure), so memory stays flat.
 */
export async function writeCsv(table: AnswerTable, file: string, onRow: () => void): Promise<void> {
  async function* records(): AsyncGenerator<AnswerCell[]> {
    yield table.header.map(neutralizeFormula);
    for await (const row of table.rows) {
      yield row.map(neutralizeFormula);
      onRow();
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: "windows" }), createWriteStream(file));
}
