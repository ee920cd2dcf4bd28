import { type LocalizedText, type SurveyDefinition, validateSurvey } from "../../engine/definition.ts";
import { LOCALES, type Locale } from "../../engine/locale.ts";
import { Columns } from "./columns.ts";
import { type BorrowedTexts, type ChoiceLists, readFlag, readSurveyRows } from "./read-survey.ts";
import { languageOf, type Place, type Sheets, type XlsformIssue } from "./sheets.ts";

export type { BorrowedTexts } from "./read-survey.ts";

export type XlsformRead =
  | { type: "valid"; survey: SurveyDefinition; notes: XlsformIssue[] }
  | { type: "invalid"; issues: XlsformIssue[]; notes: XlsformIssue[] };

export type ReadOptions = {
  /** The workbook's file name: the survey's slug when settings has no form_id (as pyxform does). */
  fileName?: string;
  texts: BorrowedTexts;
};

const SURVEY_COLUMNS = new Set([
  "type",
  "name",
  "label",
  "hint",
  "required",
  "required_message",
  "relevant",
  "constraint",
  "constraint_message",
  "appearance",
  "indicator",
  "shareable",
  "parameters",
  "choice_filter",
]);
const SETTINGS_COLUMNS = new Set([
  "form_id",
  "form_title",
  "version",
  "default_language",
  "intro",
  "thanks",
  "anonymous",
  "audience",
  "min_cell",
]);

/**
 * Reads an XLSForm workbook (sheets `survey`, `choices`, `settings`) into a validated survey.
 * Every problem names its sheet, row (as Excel numbers it) and column.
 * @example readXlsform(sheets, { fileName: "feedback.xlsx", texts })
 */
export function readXlsform(sheets: Sheets, options: ReadOptions): XlsformRead {
  const issues: XlsformIssue[] = [];
  const notes: XlsformIssue[] = [];
  const places = new Map<string, Place>();
  const survey = sheets.get("survey");
  if (!survey) {
    return {
      type: "invalid",
      issues: [{ sheet: "survey", row: 1, column: "type", message: "the workbook has no survey sheet" }],
      notes,
    };
  }
  const settingsSheet = sheets.get("settings") ?? { name: "settings", headers: [], rows: [] };
  const settingsRow = settingsSheet.rows[0] ?? { row: 2, cells: {} };
  const settingsBare = new Columns(settingsSheet, null, [], []);
  const defaultSpec = settingsBare.value(settingsRow, "default_language");
  const defaultLanguage = defaultSpec === "" ? null : languageOf(defaultSpec);
  if (defaultSpec !== "" && defaultLanguage === null) {
    issues.push({
      sheet: settingsSheet.name,
      row: settingsRow.row,
      column: settingsBare.header("default_language"),
      message: `"${defaultSpec}" is not one of Glas's languages: Română (ro), Русский (ru), Українська (uk), English (en)`,
    });
  }
  const settings = new Columns(settingsSheet, defaultLanguage, issues, notes);
  const choicesSheet = sheets.get("choices") ?? { name: "choices", headers: [], rows: [] };
  const choiceCols = new Columns(choicesSheet, defaultLanguage, issues, notes);
  const cols = new Columns(survey, defaultLanguage, issues, notes);

  const choices: ChoiceLists = new Map();
  for (const row of choicesSheet.rows) {
    const list = choiceCols.value(row, "list_name");
    const name = choiceCols.value(row, "name");
    if (list === "" && name === "") continue;
    if (list === "" || name === "") {
      issues.push({
        sheet: choicesSheet.name,
        row: row.row,
        column: choiceCols.header(list === "" ? "list_name" : "name"),
        message: "empty",
      });
      continue;
    }
    const rows = choices.get(list) ?? [];
    rows.push({ name, label: choiceCols.text(row, "label", true), row: row.row });
    choices.set(list, rows);
  }

  const read = readSurveyRows({
    cols,
    choices,
    choicesSheet: choicesSheet.name,
    choiceLabelHeader: (l) => choiceCols.headerFor("label", l as Locale),
    texts: options.texts,
    issues,
    notes,
    places,
  });

  const at = (column: string): Place => ({ sheet: settingsSheet.name, row: settingsRow.row, column: settings.header(column) });
  const text = (base: string, key: string) => {
    places.set(key, at(base));
    for (const l of LOCALES) places.set(`${key}.${l}`, { ...at(base), column: settings.headerFor(base, l) });
    return settings.text(settingsRow, base, true);
  };
  const slug = settings.value(settingsRow, "form_id") || slugOf(options.fileName);
  places.set("slug", at("form_id"));
  const title = text("form_title", "title");
  const intro = text("intro", "intro");
  const thanks = text("thanks", "thanks");
  const input: Record<string, unknown> = { slug, title };
  const anonymous = readFlag(settings.value(settingsRow, "anonymous") || "yes");
  places.set("anonymous", at("anonymous"));
  if (anonymous === null) issues.push({ ...at("anonymous"), message: "write yes or no" });
  else input.anonymous = anonymous;
  const audience = settings.value(settingsRow, "audience");
  places.set("audience", at("audience"));
  if (audience !== "") input.audience = audience;
  const minCell = settings.value(settingsRow, "min_cell");
  places.set("minCell", at("min_cell"));
  if (minCell !== "") input.minCell = /^\d+$/.test(minCell) ? Number(minCell) : minCell;
  input.intro = intro;
  input.thanks = thanks && read.trailingNotes.length > 0 ? withNotes(read.trailingNotes, thanks) : thanks;
  if (read.groups.length > 0) input.groups = read.groups;
  input.questions = read.questions;

  for (const c of [settings, choiceCols, cols]) c.finish();
  for (const [c, used] of [
    [cols, SURVEY_COLUMNS],
    [settings, SETTINGS_COLUMNS],
    [choiceCols, new Set(["list_name", "name", "label"])],
  ] as const) {
    for (const header of c.unused(used)) {
      notes.push({ sheet: c.sheet.name, row: 1, column: header, message: "a column Glas does not use; ignored" });
    }
  }
  if (issues.length > 0) return { type: "invalid", issues: sortIssues(issues), notes };

  const validated = validateSurvey(input);
  if (validated.type === "valid") return { type: "valid", survey: validated.survey, notes };
  const located = validated.errors.map((e) => ({
    ...locate(places, e.path, settingsSheet.name),
    message: e.message.replace(/^survey "[^"]*"(, question [^:]*)?: /, ""),
  }));
  return { type: "invalid", issues: sortIssues(located), notes };
}

function withNotes(notes: LocalizedText[], thanks: LocalizedText): LocalizedText {
  return Object.fromEntries(LOCALES.map((l) => [l, [...notes.map((n) => n[l]), thanks[l]].join("\n\n")])) as LocalizedText;
}

/** pyxform names a form without form_id after its file. */
function slugOf(fileName: string | undefined): string {
  const base = (fileName ?? "survey").replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "");
  return base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function locate(places: Map<string, Place>, path: string, settingsSheet: string): Place {
  const parts = path.split(".");
  for (let n = parts.length; n > 0; n--) {
    const place = places.get(parts.slice(0, n).join("."));
    if (place) return place;
  }
  return { sheet: settingsSheet, row: 2, column: path || "form_id" };
}

function sortIssues(issues: XlsformIssue[]): XlsformIssue[] {
  const order = ["settings", "survey", "choices"];
  return [...issues].sort((a, b) => order.indexOf(a.sheet) - order.indexOf(b.sheet) || a.row - b.row);
}
