import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { AnswerCell, AnswerTable } from "./answers.ts";

/**
 * Spreadsheet programs run a cell starting with these as a formula, and some start a new cell
 * at each line of a field: so every line of a text, not only its first, must not start with one.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const LINE_BREAK = /(\r\n|\n|\r)/;

/** Free text stays text: a `'` goes before every line that starts like a formula (and before a leading CR). */
export function neutralizeFormula(cell: AnswerCell): AnswerCell {
  if (typeof cell !== "string") return cell;
  const lines = cell.split(LINE_BREAK).map((part, i) => (i % 2 === 0 && FORMULA_START.test(part) ? `'${part}` : part));
  const text = lines.join("");
  return text.startsWith("\r") ? `'${text}` : text;
}

/**
 * RFC 4180 CSV (CRLF, every field quoted, empty ones too, so no line break inside a field can
 * pass for the end of a record) in UTF-8
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
  await pipeline(
    Readable.from(records()),
    stringify({ bom: true, record_delimiter: "windows", quoted: true, quoted_empty: true }),
    createWriteStream(file),
  );
}
