import type { LocalizedText, Question, SurveyDefinition } from "../../engine/definition.ts";
import { LOCALES, type Locale } from "../../engine/locale.ts";
import type { QuestionInfo } from "./compile.ts";
import { printCondition, printParts } from "./print.ts";
import { languageSpec } from "./sheets.ts";

/** A sheet to write: headers, then rows of text (empty cells as ""). */
export type SheetOut = { name: string; headers: string[]; rows: string[][] };

export type WriteOptions = {
  /** The labels of a yes/no question's choices, from the interface's own translations. */
  yesNo: { yes: LocalizedText; no: LocalizedText };
  defaultLocale: Locale;
  version?: number;
};

const texts = (base: string) => LOCALES.map((l) => `${base}::${languageSpec(l)}`);
const flag = (b: boolean) => (b ? "yes" : "");
const TEXT_MAX_DEFAULT = 1000;

/**
 * Writes a survey as an XLSForm workbook's sheets, so that reading it back gives the same survey.
 * @example writeXlsform(definition, { yesNo, defaultLocale: "ro" })
 */
export function writeXlsform(survey: SurveyDefinition, options: WriteOptions): SheetOut[] {
  const infos = new Map<string, QuestionInfo>(
    survey.questions.map((q) => [q.name, { type: q.type, ...("choices" in q && { choices: q.choices.map((c) => c.name) }) }]),
  );
  const used = new Set(survey.questions.map((q) => q.name));
  const yesNoList = ["yes_no", "yes_no_choices", "glas_yes_no"].find((n) => !used.has(n)) ?? "glas_yes_no";
  const choices: string[][] = [];
  const rows: Record<string, string>[] = [];
  let group: string | undefined;
  let yesNoWritten = false;

  for (const q of survey.questions) {
    if (q.group !== group) {
      if (group !== undefined) rows.push({ type: "end_group", name: group });
      group = q.group;
      if (group !== undefined) {
        const label = survey.groups?.find((g) => g.name === group)?.label;
        rows.push({ type: "begin_group", name: group, ...(label && localized("label", label)) });
      }
    }
    (q.before ?? []).forEach((note, i) => {
      rows.push({ type: "note", name: `${q.name}_note${i > 0 ? i + 1 : ""}`, ...localized("label", note) });
    });
    const row: Record<string, string> = {
      name: q.name,
      ...localized("label", q.label),
      ...(q.hint && localized("hint", q.hint)),
      required: flag(q.required),
      ...(q.requiredMessage && localized("required_message", q.requiredMessage)),
      ...(q.constraintMessage && localized("constraint_message", q.constraintMessage)),
      ...(q.showIf && { relevant: printCondition(q.showIf, { questions: infos }) }),
      ...(q.indicator && { indicator: q.indicator }),
    };
    const bounds: string[] = [];
    switch (q.type) {
      case "select_one":
      case "select_multiple":
        row.type = `${q.type} ${q.name}`;
        for (const c of q.choices) choices.push([q.name, c.name, ...LOCALES.map((l) => c.label[l])]);
        if (q.type === "select_multiple" && q.maxChoices !== undefined) bounds.push(`count-selected(.) <= ${q.maxChoices}`);
        break;
      case "rating": {
        const look = q.style === "faces" ? "faces" : q.style === "stars" ? "rating" : "";
        if (q.scale) {
          row.type = `select_one ${q.name}`;
          row.appearance = ["likert", look].filter(Boolean).join(" ");
          q.scale.forEach((label, i) => {
            choices.push([q.name, String(i + 1), ...LOCALES.map((l) => label[l])]);
          });
        } else {
          row.type = "range";
          row.parameters = "start=1 end=5 step=1";
          if (look) row.appearance = look;
        }
        break;
      }
      case "yes_no":
        row.type = `select_one ${yesNoList}`;
        if (!yesNoWritten) {
          choices.push([yesNoList, "yes", ...LOCALES.map((l) => options.yesNo.yes[l])]);
          choices.push([yesNoList, "no", ...LOCALES.map((l) => options.yesNo.no[l])]);
          yesNoWritten = true;
        }
        break;
      case "nps":
        row.type = "range";
        row.parameters = "start=0 end=10 step=1";
        break;
      case "number":
        row.type = q.integer ? "integer" : "decimal";
        bounds.push(`. >= ${q.min}`, `. <= ${q.max}`);
        break;
      case "text":
        row.type = "text";
        if (q.maxLength !== TEXT_MAX_DEFAULT) bounds.push(`string-length(.) <= ${q.maxLength}`);
        if (q.shareable) row.shareable = "yes";
        break;
      default: {
        const never: never = q;
        throw new Error(`unhandled question ${JSON.stringify(never)}`);
      }
    }
    const constraint = constraintText(q, bounds, infos);
    if (constraint) row.constraint = constraint;
    rows.push(row);
  }
  if (group !== undefined) rows.push({ type: "end_group", name: group });

  const optional = ["hint", "required_message", "constraint_message"].filter((b) =>
    rows.some((r) => `${b}::${languageSpec("en")}` in r),
  );
  const headers = [
    "type",
    "name",
    ...texts("label"),
    ...optional.flatMap(texts),
    "required",
    "relevant",
    "constraint",
    "appearance",
    "parameters",
    "indicator",
    ...(rows.some((r) => r.shareable) ? ["shareable"] : []),
  ];
  const settings: Record<string, string> = {
    form_id: survey.slug,
    ...(options.version !== undefined && { version: String(options.version) }),
    default_language: languageSpec(options.defaultLocale),
    ...localized("form_title", survey.title),
    ...localized("intro", survey.intro),
    ...localized("thanks", survey.thanks),
    anonymous: survey.anonymous ? "yes" : "no",
    audience: survey.audience,
    ...(survey.minCell !== undefined && { min_cell: String(survey.minCell) }),
  };
  return [
    { name: "survey", headers, rows: rows.map((r) => headers.map((h) => r[h] ?? "")) },
    { name: "choices", headers: ["list_name", "name", ...texts("label")], rows: choices },
    { name: "settings", headers: Object.keys(settings), rows: [Object.values(settings)] },
  ];
}

function localized(base: string, text: LocalizedText): Record<string, string> {
  return Object.fromEntries(LOCALES.map((l) => [`${base}::${languageSpec(l)}`, text[l]]));
}

/** The type's bounds, then the question's own constraint (in parentheses when it is a chain). */
function constraintText(q: Question, bounds: string[], infos: Map<string, QuestionInfo>): string | undefined {
  const own = q.constraint ? printParts(q.constraint, { questions: infos, self: q.name }) : undefined;
  if (!own) return bounds.length > 0 ? bounds.join(" and ") : undefined;
  if (bounds.length === 0) return own.text;
  return [...bounds, own.chain ? `(${own.text})` : own.text].join(" and ");
}

/** The written sheets as the reader sees them (rows numbered from 2, as in Excel). */
export function sheetsOf(
  out: SheetOut[],
): Map<string, { name: string; headers: string[]; rows: { row: number; cells: Record<string, string> }[] }> {
  return new Map(
    out.map((s) => [
      s.name,
      {
        name: s.name,
        headers: s.headers,
        rows: s.rows.map((r, i) => ({ row: i + 2, cells: Object.fromEntries(s.headers.map((h, c) => [h, r[c] ?? ""])) })),
      },
    ]),
  );
}
