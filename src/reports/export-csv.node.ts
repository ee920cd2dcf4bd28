import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import type { AnswerTable } from "./answers.ts";
import { csvStream } from "./export-csv.ts";

export { neutralizeFormula } from "./export-csv.ts";

/** The answer table as a CSV file (see `csvStream`). */
export async function writeCsv(table: AnswerTable, file: string, onRow: () => void): Promise<void> {
  await pipeline(Readable.fromWeb(csvStream(table, onRow) as NodeReadableStream<Uint8Array>), createWriteStream(file));
}
