import type { Condition, LocalizedText } from "../../engine/definition.ts";
import { splitBounds } from "./bounds.ts";
import type { Columns } from "./columns.ts";
import { type CompileScope, compileExpression, mergeAll, type QuestionInfo } from "./compile.ts";
import { ExpressionError } from "./expression.ts";
import type { Place, Sheet, XlsformIssue } from "./sheets.ts";
import { type ParsedType, parseType } from "./types.ts";

export type ChoiceRow = { name: string; label: LocalizedText | undefined; row: number };
export type ChoiceLists = Map<string, ChoiceRow[]>;

/** Texts of the interface that a read form borrows (or_other's choice and its follow-up). */
export type BorrowedTexts = { other: LocalizedText; specifyOther: LocalizedText };

export type SurveyContext = {
  cols: Columns;
  choices: ChoiceLists;
  choicesSheet: string;
  choiceLabelHeader: (locale: string) => string;
  texts: BorrowedTexts;
  issues: XlsformIssue[];
  notes: XlsformIssue[];
  /** Where each part of the definition came from, by path (`questions.3.label.uk`). */
  places: Map<string, Place>;
};

export type ReadQuestions = {
  questions: Record<string, unknown>[];
  groups: Record<string, unknown>[];
  /** Notes after the last question: said before the thank-you. */
  trailingNotes: LocalizedText[];
};

const YES = new Set(["yes", "true", "true()"]);
const NO = new Set(["no", "false", "false()", ""]);
const LIKERT_POINTS = ["1", "2", "3", "4", "5"];
/** Appearances with a meaning in a chat: a likert list as a rating, faces or stars on its buttons. */
const MEANINGFUL_APPEARANCES = new Set(["likert", "faces", "rating", "stars"]);

/** Reads a yes/no cell as pyxform does (`yes`, `TRUE`, `true()`; `no`, `false()`, empty). */
export function readFlag(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : null;
}

/** The rows of the `survey` sheet as Glas questions (not yet validated), groups flattened. */
export function readSurveyRows(ctx: SurveyContext): ReadQuestions {
  const { cols } = ctx;
  const sheet = cols.sheet.name;
  const out: ReadQuestions = { questions: [], groups: [], trailingNotes: [] };
  const infos = new Map<string, QuestionInfo>();
  let group: { name: string; showIf: Condition | undefined; row: number } | null = null;
  let notes: LocalizedText[] = [];
  const issue = (row: number, column: string, message: string) =>
    ctx.issues.push({ sheet, row, column: cols.header(column), message });

  for (const row of cols.sheet.rows) {
    const typeCell = cols.value(row, "type");
    const name = cols.value(row, "name");
    if (typeCell === "") {
      if (Object.values(row.cells).some((v) => v.trim() !== "")) issue(row.row, "type", "the row has no type");
      continue;
    }
    const type = parseType(typeCell);
    const at = (column: string) => ({ sheet, row: row.row, column: cols.header(column) });
    switch (type.kind) {
      case "metadata":
        ctx.notes.push({ ...at("type"), message: `"${type.type}" is filled in by a phone, not in a chat; the row is ignored` });
        continue;
      case "refused":
        if (/^calculate$/i.test(typeCell) && /^_+version_+$/.test(name)) {
          ctx.notes.push({ ...at("type"), message: "Kobo's form version; the row is ignored" });
          continue;
        }
        issue(row.row, "type", `"${type.type}" is not supported: ${type.reason}`);
        continue;
      case "unknown":
        issue(row.row, "type", `"${type.type}" is not a question type Glas knows`);
        continue;
      case "begin_group": {
        if (group) {
          issue(
            row.row,
            "type",
            `a group inside the group "${group.name}" (row ${group.row}): Glas flattens one level; end the first group before`,
          );
          continue;
        }
        const showIf = compileColumn(ctx, row.row, cols.value(row, "relevant"), "relevant", { questions: infos });
        group = { name, showIf, row: row.row };
        const index = out.groups.length;
        ctx.places.set(`groups.${index}`, at("name"));
        ctx.places.set(`groups.${index}.name`, at("name"));
        const label = cols.text(row, "label", false);
        for (const l of ["ro", "ru", "uk", "en"])
          ctx.places.set(`groups.${index}.label.${l}`, { ...at("label"), column: cols.headerFor("label", l as "ro") });
        out.groups.push(label ? { name, label } : { name });
        continue;
      }
      case "end_group":
        if (!group) issue(row.row, "type", "end_group without a begin_group before it");
        group = null;
        continue;
      case "note": {
        if (cols.value(row, "relevant") !== "") {
          issue(
            row.row,
            "relevant",
            "a note is said to everyone: a condition on a note is not supported (put it on the next question)",
          );
        }
        const label = cols.text(row, "label", true);
        if (label) notes.push(label);
        continue;
      }
      default:
        break;
    }
    const index = out.questions.length;
    const prefix = `questions.${index}`;
    const question: Record<string, unknown> = { name };
    ctx.places.set(prefix, at("name"));
    ctx.places.set(`${prefix}.name`, at("name"));
    for (const base of ["label", "hint", "required_message", "constraint_message"] as const) {
      const key = { label: "label", hint: "hint", required_message: "requiredMessage", constraint_message: "constraintMessage" }[
        base
      ];
      for (const l of ["ro", "ru", "uk", "en"] as const)
        ctx.places.set(`${prefix}.${key}.${l}`, { ...at(base), column: cols.headerFor(base, l) });
      ctx.places.set(`${prefix}.${key}`, at(base));
      const text = cols.text(row, base, base === "label");
      if (text) question[key] = text;
    }
    if (notes.length > 0) question.before = notes;
    notes = [];
    const required = readFlag(cols.value(row, "required"));
    if (required === null)
      issue(row.row, "required", `"${cols.value(row, "required")}" is not yes or no (a condition here is not supported)`);
    question.required = required ?? false;
    const appearance = cols.value(row, "appearance").toLowerCase().split(/\s+/).filter(Boolean);
    const idle = appearance.filter((a) => !MEANINGFUL_APPEARANCES.has(a));
    if (idle.length > 0) {
      ctx.notes.push({
        ...at("appearance"),
        message: `"${idle.join(" ")}" changes nothing in a chat (answers are buttons or typed); ignored`,
      });
    }
    const typed = typeFields(ctx, type, row, appearance, question, at, prefix);
    if (!typed) continue;
    const relevant = compileColumn(ctx, row.row, cols.value(row, "relevant"), "relevant", { questions: infos });
    const showIf = group?.showIf && relevant ? mergeAll([group.showIf, relevant]) : (group?.showIf ?? relevant);
    if (showIf) question.showIf = showIf;
    ctx.places.set(`${prefix}.showIf`, at("relevant"));
    if (group) question.group = group.name;
    const indicator = cols.value(row, "indicator");
    if (indicator !== "") question.indicator = indicator;
    ctx.places.set(`${prefix}.indicator`, at("indicator"));
    const shareable = readFlag(cols.value(row, "shareable"));
    if (shareable === null) issue(row.row, "shareable", "write yes or no");
    else if (shareable) question.shareable = true;
    ctx.places.set(`${prefix}.shareable`, at("shareable"));
    if (cols.value(row, "choice_filter") !== "")
      issue(row.row, "choice_filter", "choices that depend on earlier answers (choice_filter) are not supported");

    const self: QuestionInfo = { type: typed.type, ...(typed.choices && { choices: typed.choices }) };
    const constraintText = cols.value(row, "constraint");
    const scope: CompileScope = { questions: new Map([...infos, [name, self]]), self: name };
    const constraint = compileColumn(ctx, row.row, constraintText, "constraint", scope);
    for (const key of ["constraint", "min", "max", "maxLength", "maxChoices"])
      ctx.places.set(`${prefix}.${key}`, at("constraint"));
    applyConstraint(ctx, question, typed.type, name, constraint, row.row);
    out.questions.push(question);
    if (name !== "") infos.set(name, self);
    for (const extra of typed.followUps ?? []) {
      ctx.places.set(`questions.${out.questions.length}`, at("type"));
      out.questions.push(group ? { ...extra, group: group.name } : extra);
      infos.set(extra.name as string, { type: "text" });
    }
  }
  if (group) issue(group.row, "type", `the group "${group.name}" is never ended (end_group)`);
  out.trailingNotes = notes;
  return out;
}

function compileColumn(
  ctx: SurveyContext,
  row: number,
  text: string,
  column: string,
  scope: CompileScope,
): Condition | undefined {
  if (text === "") return undefined;
  try {
    return compileExpression(text, scope);
  } catch (err) {
    if (!(err instanceof ExpressionError)) throw err;
    ctx.issues.push({
      sheet: ctx.cols.sheet.name,
      row,
      column: ctx.cols.header(column),
      message: `cannot use "${text}": ${err.message}`,
    });
    return undefined;
  }
}

type Typed = { type: QuestionInfo["type"]; choices?: string[]; followUps?: Record<string, unknown>[] };

/** The fields that depend on the type: choices, scale, bounds of a range. */
function typeFields(
  ctx: SurveyContext,
  type: Exclude<ParsedType, { kind: "metadata" | "refused" | "unknown" | "begin_group" | "end_group" | "note" }>,
  row: Sheet["rows"][number],
  appearance: string[],
  question: Record<string, unknown>,
  at: (column: string) => Place,
  prefix: string,
): Typed | null {
  const style = appearance.includes("faces")
    ? "faces"
    : appearance.includes("rating") || appearance.includes("stars")
      ? "stars"
      : "words";
  ctx.places.set(`${prefix}.type`, at("type"));
  switch (type.kind) {
    case "select": {
      const list = ctx.choices.get(type.list);
      if (!list) {
        ctx.issues.push({ ...at("type"), message: `there is no list "${type.list}" on the ${ctx.choicesSheet} sheet` });
        return null;
      }
      const names = list.map((c) => c.name);
      list.forEach((c, i) => {
        ctx.places.set(`${prefix}.choices.${i}`, { sheet: ctx.choicesSheet, row: c.row, column: "name" });
        ctx.places.set(`${prefix}.choices.${i}.name`, { sheet: ctx.choicesSheet, row: c.row, column: "name" });
        for (const l of ["ro", "ru", "uk", "en"]) {
          ctx.places.set(`${prefix}.choices.${i}.label.${l}`, {
            sheet: ctx.choicesSheet,
            row: c.row,
            column: ctx.choiceLabelHeader(l),
          });
          ctx.places.set(`${prefix}.scale.${i}.${l}`, { sheet: ctx.choicesSheet, row: c.row, column: ctx.choiceLabelHeader(l) });
        }
      });
      const choices = list.map((c) => ({ name: c.name, label: c.label }));
      if (type.multiple) {
        Object.assign(question, { type: "select_multiple", choices: withOther(choices, type.orOther, ctx) });
        return {
          type: "select_multiple",
          choices: withOther(choices, type.orOther, ctx).map((c) => c.name),
          followUps: other(question, type.orOther, ctx),
        };
      }
      if (!type.orOther && appearance.includes("likert") && names.join() === LIKERT_POINTS.join()) {
        Object.assign(question, { type: "rating", style, scale: list.map((c) => c.label) });
        return { type: "rating" };
      }
      if (!type.orOther && names.join() === "yes,no") {
        question.type = "yes_no";
        return { type: "yes_no" };
      }
      Object.assign(question, { type: "select_one", choices: withOther(choices, type.orOther, ctx) });
      return {
        type: "select_one",
        choices: withOther(choices, type.orOther, ctx).map((c) => c.name),
        followUps: other(question, type.orOther, ctx),
      };
    }
    case "integer":
    case "decimal":
      Object.assign(question, { type: "number", integer: type.kind === "integer" });
      return { type: "number" };
    case "text":
      question.type = "text";
      return { type: "text" };
    case "acknowledge":
      question.type = "yes_no";
      return { type: "yes_no" };
    case "range": {
      const p = rangeParameters(ctx.cols.value(row, "parameters"));
      if (typeof p === "string") {
        ctx.issues.push({ ...at("parameters"), message: p });
        return null;
      }
      if (p.start === 1 && p.end === 5 && p.step === 1) {
        Object.assign(question, { type: "rating", style });
        return { type: "rating" };
      }
      if (p.start === 0 && p.end === 10 && p.step === 1) {
        question.type = "nps";
        return { type: "nps" };
      }
      const integer = [p.start, p.end, p.step].every(Number.isInteger);
      Object.assign(question, { type: "number", integer, min: Math.min(p.start, p.end), max: Math.max(p.start, p.end) });
      return { type: "number" };
    }
    default: {
      const never: never = type;
      throw new Error(`unhandled type ${JSON.stringify(never)}`);
    }
  }
}

function withOther(choices: { name: string; label: LocalizedText | undefined }[], orOther: boolean, ctx: SurveyContext) {
  return orOther ? [...choices, { name: "other", label: ctx.texts.other }] : choices;
}

/** pyxform's or_other: an "Other" choice, then a text question asked when it is chosen. */
function other(question: Record<string, unknown>, orOther: boolean, ctx: SurveyContext): Record<string, unknown>[] {
  if (!orOther) return [];
  const name = String(question.name);
  return [
    {
      name: `${name}_other`,
      type: "text",
      required: false,
      label: ctx.texts.specifyOther,
      showIf: { question: name, equals: "other" },
    },
  ];
}

/** `start=1 end=5 step=1` (spaces or semicolons); pyxform's defaults are 1, 10 and 1. */
function rangeParameters(cell: string): { start: number; end: number; step: number } | string {
  const values: Record<string, number> = { start: 1, end: 10, step: 1 };
  for (const part of cell.split(/[\s;,]+/).filter(Boolean)) {
    const m = /^(start|end|step)=(-?\d+(?:\.\d+)?)$/i.exec(part);
    if (!m) return `"${part}" is not start=N, end=N or step=N`;
    values[(m[1] as string).toLowerCase()] = Number(m[2]);
  }
  if (!((values.step as number) > 0)) return "step must be greater than 0";
  return values as { start: number; end: number; step: number };
}

/** Moves a constraint's bounds into the type's own fields; the rest stays a constraint. */
function applyConstraint(
  ctx: SurveyContext,
  question: Record<string, unknown>,
  type: QuestionInfo["type"],
  self: string,
  constraint: Condition | undefined,
  row: number,
): void {
  if (type === "number" || type === "text" || type === "select_multiple") {
    // A range carries its bounds in its parameters: its constraint stays whole.
    const fromRange = type === "number" && question.min !== undefined;
    const split =
      constraint && !fromRange
        ? splitBounds(type, question.integer !== false, self, constraint)
        : { bounds: {}, rest: constraint };
    Object.assign(question, split.bounds);
    if (split.rest) question.constraint = split.rest;
    if (type === "number" && (question.min === undefined || question.max === undefined)) {
      ctx.issues.push({
        sheet: ctx.cols.sheet.name,
        row,
        column: ctx.cols.header("constraint"),
        message: "a number needs bounds in the chat: add a constraint such as . >= 0 and . <= 120",
      });
    }
    return;
  }
  if (constraint) question.constraint = constraint;
}
