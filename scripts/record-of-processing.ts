// Writes the record of processing into README.md, between its two markers, from the constants
// and the default retention the code runs with (npm run readme:record). test/readme.test.ts
// fails when the README and the code disagree.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_POLICY } from "../src/usecases/privacy/policy.ts";
import { RECORD_END, RECORD_START, withRecord } from "../src/usecases/privacy/record.ts";

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "README.md");
const before = readFileSync(README, "utf8");
const after = withRecord(before, DEFAULT_POLICY);
if (after === before) process.stdout.write(`README.md: the record of processing is up to date.\n`);
else {
  writeFileSync(README, after);
  process.stdout.write(`README.md: the record of processing between ${RECORD_START} and ${RECORD_END} was rewritten.\n`);
}
