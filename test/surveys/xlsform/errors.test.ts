import { describe, expect, it } from "vitest";
import { describeIssue } from "../../../src/surveys/xlsform/index.ts";
import { headers4, type Rows, readSheets, SETTINGS, texts4 } from "../../support/xlsform.ts";

const HEAD = ["type", "name", ...headers4("label"), "required", "relevant", "constraint", "choice_filter"];
const CHOICES: Rows = [
  ["list_name", "name", ...headers4("label")],
  ["colours", "red", ...texts4("Red")],
  ["colours", "blue", ...texts4("Blue")],
  ["colours", "red", ...texts4("Red again")],
  ["sizes", "s", ...texts4("Small")],
  ["sizes", "l", ...texts4("Large")],
];
type Extra = { required?: string; relevant?: string; constraint?: string; choice_filter?: string };
const row = (type: string, name: string, extra: Extra = {}) => [
  type,
  name,
  ...texts4(name),
  extra.required ?? "",
  extra.relevant ?? "",
  extra.constraint ?? "",
  extra.choice_filter ?? "",
];
const first = row("select_one sizes", "size");

/** Each case: the rows after the header and a first question (so the row in question is row 3). */
const cases: { label: string; rows: Rows; expected: string }[] = [
  ...[
    "calculate",
    "rank sizes",
    "image",
    "photo",
    "audio",
    "video",
    "file",
    "barcode",
    "geopoint",
    "geotrace",
    "geoshape",
    "date",
    "select_one_from_file a.csv",
  ].map((type) => ({
    label: `the type ${type}`,
    rows: [row(type, "x")],
    expected: `sheet "survey", row 3, column "type": "${type}" is not supported`,
  })),
  {
    label: "a repeat",
    rows: [row("begin_repeat", "r")],
    expected: 'row 3, column "type": "begin_repeat" is not supported: repeats',
  },
  {
    label: "a repeat, spelt with a space",
    rows: [row("begin repeat", "r")],
    expected: 'row 3, column "type": "begin repeat" is not supported: repeats',
  },
  {
    label: "an unknown type",
    rows: [row("slider", "x")],
    expected: 'row 3, column "type": "slider" is not a question type Glas knows',
  },
  {
    label: "choice_filter",
    rows: [row("select_one sizes", "x", { choice_filter: "name = ${size}" })],
    expected: 'row 3, column "choice_filter"',
  },
  {
    label: "a function outside the subset",
    rows: [row("text", "x", { relevant: "concat(${size}, 'x') = 'sx'" })],
    expected: `row 3, column "relevant": cannot use "concat(\${size}, 'x') = 'sx'": the function concat() is not supported`,
  },
  {
    label: "arithmetic",
    rows: [row("integer", "n", { constraint: ". >= 0 and . <= 10" }), row("text", "x", { relevant: "${n} + 1 > 3" })],
    expected: `row 4, column "relevant": cannot use "\${n} + 1 > 3": "+" (character 6) is not supported`,
  },
  {
    label: "'.' in relevant",
    rows: [row("text", "x", { relevant: ". = 'a'" })],
    expected:
      'row 3, column "relevant": cannot use ". = \'a\'": "." (this question\'s answer) is only meaningful in a constraint',
  },
  {
    label: "a later question",
    rows: [row("text", "x", { relevant: "${later} = 'a'" }), row("text", "later")],
    expected: 'row 3, column "relevant": cannot use "${later} = \'a\'": ${later} is not an earlier question',
  },
  {
    label: "an unknown choice",
    rows: [row("text", "x", { relevant: "selected(${size}, 'xl')" })],
    expected: "is not a choice of ${size} (s, l)",
  },
  {
    label: "= on a multiple choice",
    rows: [row("select_multiple sizes", "many"), row("text", "x", { relevant: "${many} = 's'" })],
    expected: 'row 4, column "relevant": cannot use "${many} = \'s\'": ${many} takes several choices: use selected(',
  },
  {
    label: "an unclosed quote",
    rows: [row("text", "x", { relevant: "${size} = 's" })],
    expected: "a quote opened at character 11 is never closed",
  },
  {
    label: "a condition in required",
    rows: [row("text", "x", { required: "${size} = 's'" })],
    expected: `row 3, column "required": "\${size} = 's'" is not yes or no`,
  },
  {
    label: "a number without bounds",
    rows: [row("integer", "n")],
    expected: 'row 3, column "constraint": a number needs bounds',
  },
  {
    label: "an unknown list",
    rows: [row("select_one shades", "x")],
    expected: 'row 3, column "type": there is no list "shades" on the choices sheet',
  },
  {
    label: "a nested group",
    rows: [row("begin_group", "g"), row("begin_group", "h")],
    expected: 'row 4, column "type": a group inside the group "g" (row 3)',
  },
  {
    label: "an unclosed group",
    rows: [row("begin_group", "g"), row("text", "x")],
    expected: 'row 3, column "type": the group "g" is never ended',
  },
  { label: "end_group alone", rows: [row("end_group", "")], expected: 'row 3, column "type": end_group without a begin_group' },
  {
    label: "a note with relevant",
    rows: [row("note", "n", { relevant: "${size} = 's'" }), row("text", "x")],
    expected: 'row 3, column "relevant": a note is said to everyone',
  },
  {
    label: "a name Glas cannot use",
    rows: [row("text", "Bad-Name")],
    expected: 'sheet "survey", row 3, column "name": use lower-case letters',
  },
  {
    label: "a duplicate choice",
    rows: [row("select_one colours", "c")],
    expected: 'sheet "choices", row 4, column "name": choice "red" is used twice',
  },
];

describe("every XLSForm problem names its sheet, row and column", () => {
  it.each(cases)("$label", async ({ rows, expected }) => {
    const read = await readSheets({ survey: [HEAD, first, ...rows], choices: CHOICES, settings: SETTINGS });
    expect(read.type).toBe("invalid");
    const messages = read.type === "invalid" ? read.issues.map(describeIssue) : [];
    expect(messages.join("\n")).toContain(expected);
  });

  it("a missing translation, on the row and in the column", async () => {
    const missing = row("text", "x");
    missing[4] = "";
    const read = await readSheets({ survey: [HEAD, first, missing], choices: CHOICES, settings: SETTINGS });
    expect(read.type === "invalid" && read.issues.map(describeIssue)).toEqual([
      'sheet "survey", row 3, column "label::Українська (uk)": missing the Українська (uk) translation',
    ]);
  });

  it("a language with no column at all, once, at the header", async () => {
    const head = HEAD.filter((h) => h !== "label::Русский (ru)");
    const read = await readSheets({
      survey: [head, ...[first, row("text", "x")].map((r) => r.filter((_, i) => i !== 3))],
      choices: CHOICES,
      settings: SETTINGS,
    });
    const messages = read.type === "invalid" ? read.issues.map(describeIssue) : [];
    expect(messages.filter((m) => m.includes("label::Русский (ru)"))).toEqual([
      'sheet "survey", row 1, column "label::Русский (ru)": there is no label column for Русский (ru): every text needs ro, ru, uk and en (first needed on row 2)',
    ]);
  });

  it("a label with no language and no default_language", async () => {
    const read = await readSheets({
      survey: [
        ["type", "name", "label"],
        ["text", "x", "X"],
      ],
      settings: SETTINGS,
    });
    expect(read.type === "invalid" && read.issues.map(describeIssue)[0]).toContain(
      'sheet "survey", row 1, column "label": "label" has no language',
    );
  });

  it("settings: an unknown default_language and a missing thank-you", async () => {
    const settings: Rows = [
      ["form_id", "default_language", ...headers4("form_title"), ...headers4("intro")],
      ["f", "Deutsch (de)", ...texts4("T"), ...texts4("I")],
    ];
    const read = await readSheets({ survey: [HEAD, first], choices: CHOICES, settings });
    const messages = read.type === "invalid" ? read.issues.map(describeIssue) : [];
    expect(messages).toContain(
      'sheet "settings", row 2, column "default_language": "Deutsch (de)" is not one of Glas\'s languages: Română (ro), Русский (ru), Українська (uk), English (en)',
    );
    expect(messages).toContain(
      'sheet "settings", row 1, column "thanks::Română (ro)": there is no thanks column for Română (ro): every text needs ro, ru, uk and en (first needed on row 2)',
    );
  });

  it("a workbook without a survey sheet", async () => {
    const read = await readSheets({ settings: SETTINGS });
    expect(read.type === "invalid" && read.issues.map(describeIssue)).toEqual([
      'sheet "survey", row 1, column "type": the workbook has no survey sheet',
    ]);
  });
});
