import { stringify } from "csv-stringify/sync";
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

const BOM = "\uFEFF";

/**
 * RFC 4180 CSV (CRLF, every field quoted, empty ones too, so no line break inside a field can
 * pass for the end of a record) in UTF-8
 * with a byte-order mark, so Excel reads ș, ț and Cyrillic correctly. A web stream pulled row
 * by row (the reader's pace sets the database's), so it runs on Workers and memory stays flat.
 */
export function csvStream(table: AnswerTable, onRow: () => void = () => {}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const line = (cells: AnswerCell[]) =>
    stringify([cells.map(neutralizeFormula)], { record_delimiter: "windows", quoted: true, quoted_empty: true });
  const rows = table.rows[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(BOM + line(table.header)));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(line(next.value)));
      onRow();
    },
    async cancel() {
      await rows.return?.();
    },
  });
}
