import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { SAMPLE_FILE, SAMPLE_SHEETS } from "../../../scripts/xlsform-sample.ts";
import { describeIssue, readXlsform } from "../../../src/surveys/xlsform/index.ts";
import { readWorkbook } from "../../../src/surveys/xlsform/workbook.node.ts";
import { TEXTS } from "../../support/xlsform.ts";

describe("the sample workbook in surveys/", () => {
  it("holds exactly the rows of its script (npm run sample:xlsform)", async () => {
    const sheets = await readWorkbook(readFileSync(SAMPLE_FILE));
    expect([...sheets.keys()]).toEqual(Object.keys(SAMPLE_SHEETS));
    for (const [name, rows] of Object.entries(SAMPLE_SHEETS)) {
      const sheet = sheets.get(name);
      const [head = [], ...body] = rows;
      expect(sheet?.headers).toEqual(head);
      const written = body
        .filter((r) => r.some((c) => c !== ""))
        .map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
      expect(sheet?.rows.map((r) => r.cells)).toEqual(written);
    }
  });

  it("is a valid survey using Glas's own columns", async () => {
    const read = readXlsform(await readWorkbook(readFileSync(SAMPLE_FILE)), { texts: TEXTS });
    if (read.type !== "valid") throw new Error(read.issues.map(describeIssue).join("\n"));
    const { survey } = read;
    expect(survey).toMatchObject({ slug: "sample-feedback", anonymous: true, audience: "adult", minCell: 5 });
    expect(survey.questions.map((q) => [q.name, q.type, q.indicator])).toEqual([
      ["service", "select_one", undefined],
      ["visits", "number", undefined],
      ["staff_respect", "rating", "RIGHTS_DIGNITY"],
      ["problems", "select_multiple", undefined],
      ["problem_details", "text", undefined],
      ["knows_complaints", "yes_no", "RIGHTS_COMPLAINTS"],
      ["recommend", "nps", "NPS"],
    ]);
    expect(survey.questions[1]).toMatchObject({ min: 1, max: 31, group: "visit" });
    expect(survey.questions[2]?.before?.[0]?.en).toBe("Thank you! A few more questions.");
  });
});
