import { LOCALE_NAMES, LOCALES, type Locale } from "../../engine/locale.ts";

/** A worksheet as text: the header row, then each row with its number as Excel shows it. */
export type Sheet = {
  name: string;
  headers: string[];
  rows: { row: number; cells: Record<string, string> }[];
};

/** Sheets by lower-case name (pyxform reads `Survey` as `survey`). */
export type Sheets = Map<string, Sheet>;

/** A place in the workbook: sheet, row as Excel numbers it, column header. */
export type Place = { sheet: string; row: number; column: string };

export type XlsformIssue = Place & { message: string };

/** `sheet "survey", row 7, column "relevant": …` */
export function describeIssue(issue: XlsformIssue): string {
  return `sheet "${issue.sheet}", row ${issue.row}, column "${issue.column}": ${issue.message}`;
}

export class XlsformError extends Error {
  override name = "XlsformError";
  constructor(readonly issues: XlsformIssue[]) {
    super(issues.map(describeIssue).join("\n"));
  }
}

const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "").trim().toLocaleLowerCase();

/** Names of the languages as XLSForm authors write them, folded (case and diacritics). */
const LANGUAGE_NAMES: ReadonlyMap<string, Locale> = new Map(
  (
    [
      ["English", "en"],
      ["Română", "ro"],
      ["Romanian", "ro"],
      ["Moldovenească", "ro"],
      ["Moldovan", "ro"],
      ["Русский", "ru"],
      ["Russian", "ru"],
      ["Українська", "uk"],
      ["Ukrainian", "uk"],
    ] as const
  ).map(([name, locale]) => [fold(name), locale]),
);

/**
 * A language as XLSForm names it: `English (en)`, `Русский (ru)`, a bare name (`Romanian`,
 * `Українська`) or a code. Null for a language Glas does not speak.
 * @example languageOf("Українська (uk)") // "uk"
 */
export function languageOf(spec: string): Locale | null {
  const code = /\(([A-Za-z-]+)\)\s*$/.exec(spec)?.[1]?.toLowerCase().split("-")[0];
  if (code !== undefined) return (LOCALES as readonly string[]).includes(code) ? (code as Locale) : null;
  const bare = fold(spec);
  if ((LOCALES as readonly string[]).includes(bare)) return bare as Locale;
  return LANGUAGE_NAMES.get(bare) ?? null;
}

/** How Glas writes a language in a column header: `Română (ro)`. */
export function languageSpec(locale: Locale): string {
  return `${LOCALE_NAMES[locale]} (${locale})`;
}

/** pyxform's other names for the columns Glas reads (aliases.py). */
const ALIASES: Record<string, string> = {
  caption: "label",
  value: "name",
  tag: "name",
  command: "type",
  relevance: "relevant",
  constraining_message: "constraint_message",
  "jr:constraintmsg": "constraint_message",
  requiredmsg: "required_message",
  "jr:requiredmsg": "required_message",
  list_name: "list_name",
  set_form_title: "form_title",
  set_form_id: "form_id",
  id_string: "form_id",
  title: "form_title",
};

/**
 * `label::English (en)` → column `label`, language `English (en)`; `label` → no language.
 * pyxform's prefixes (`bind::relevant`) and aliases (`relevance`, `constraint message`) are read too.
 */
export function splitHeader(header: string): { base: string; language: string | null } {
  const unprefixed = header.trim().replace(/^(bind|control|body)::/i, "");
  const at = unprefixed.indexOf("::");
  const raw = (at < 0 ? unprefixed : unprefixed.slice(0, at)).trim().toLowerCase().replace(/\s+/g, "_");
  return { base: ALIASES[raw] ?? raw, language: at < 0 ? null : unprefixed.slice(at + 2).trim() };
}
