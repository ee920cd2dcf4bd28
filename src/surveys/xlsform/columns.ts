import type { LocalizedText } from "../../engine/definition.ts";
import { LOCALES, type Locale } from "../../engine/locale.ts";
import { languageOf, languageSpec, type Sheet, splitHeader, type XlsformIssue } from "./sheets.ts";

/** Columns with a text per language. */
const TRANSLATABLE = new Set(["label", "hint", "required_message", "constraint_message", "form_title", "intro", "thanks"]);

type Row = Sheet["rows"][number];

/**
 * A sheet's columns resolved once: plain columns by name, translated ones by name and language.
 * Problems are added to `issues` (errors) and `notes` (what is ignored).
 */
export class Columns {
  private readonly plain = new Map<string, string>();
  private readonly texts = new Map<string, Partial<Record<Locale, string>>>();
  /** (column, language) pairs a row needed but the sheet lacks: one error each, at the end. */
  private readonly absent = new Map<string, XlsformIssue>();

  constructor(
    readonly sheet: Sheet,
    defaultLanguage: Locale | null,
    private readonly issues: XlsformIssue[],
    notes: XlsformIssue[],
  ) {
    for (const header of sheet.headers) {
      const { base, language } = splitHeader(header);
      const place = { sheet: sheet.name, row: 1, column: header };
      if (!TRANSLATABLE.has(base)) {
        if (language !== null)
          notes.push({ ...place, message: "a column with a language that Glas does not translate; ignored" });
        else if (this.plain.has(base)) issues.push({ ...place, message: `the column "${base}" appears twice` });
        else this.plain.set(base, header);
        continue;
      }
      const locale = language === null ? defaultLanguage : languageOf(language);
      if (language === null && locale === null) {
        issues.push({
          ...place,
          message: `"${header}" has no language: name it ${base}::${languageSpec("en")} (or Română (ro), Русский (ru), Українська (uk)), or set default_language on the settings sheet`,
        });
        continue;
      }
      if (locale === null) {
        notes.push({ ...place, message: `Glas speaks ro, ru, uk and en; the language "${language}" is ignored` });
        continue;
      }
      const byLocale = this.texts.get(base) ?? {};
      if (byLocale[locale]) {
        issues.push({
          ...place,
          message: `a second ${base} column for ${languageSpec(locale)} (the first is "${byLocale[locale]}")`,
        });
        continue;
      }
      byLocale[locale] = header;
      this.texts.set(base, byLocale);
    }
  }

  has(base: string): boolean {
    return this.plain.has(base) || this.texts.has(base);
  }

  /** The header of a plain column as written in the sheet, or the name Glas gives it. */
  header(base: string): string {
    return this.plain.get(base) ?? base;
  }

  headerFor(base: string, locale: Locale): string {
    return this.texts.get(base)?.[locale] ?? `${base}::${languageSpec(locale)}`;
  }

  value(row: Row, base: string): string {
    const header = this.plain.get(base);
    return header === undefined ? "" : (row.cells[header] ?? "").trim();
  }

  /**
   * The text in every language, or undefined when the row has none. A missing language is an
   * error naming the row and column; `required` makes an empty text one too.
   */
  text(row: Row, base: string, required: boolean): LocalizedText | undefined {
    const byLocale = this.texts.get(base) ?? {};
    const values = LOCALES.map((l) => {
      const header = byLocale[l];
      return header === undefined ? "" : (row.cells[header] ?? "").trim();
    });
    if (!required && values.every((v) => v === "")) return undefined;
    LOCALES.forEach((locale, i) => {
      if (values[i] !== "") return;
      const column = this.headerFor(base, locale);
      if (byLocale[locale] === undefined) {
        const key = `${base}|${locale}`;
        if (!this.absent.has(key)) {
          this.absent.set(key, {
            sheet: this.sheet.name,
            row: 1,
            column,
            message: `there is no ${base} column for ${languageSpec(locale)}: every text needs ro, ru, uk and en (first needed on row ${row.row})`,
          });
        }
        return;
      }
      this.issues.push({
        sheet: this.sheet.name,
        row: row.row,
        column,
        message: `missing the ${languageSpec(locale)} translation${required && values.every((v) => v === "") ? " (the text is required)" : ""}`,
      });
    });
    return Object.fromEntries(LOCALES.map((l, i) => [l, values[i]])) as LocalizedText;
  }

  /** Errors for languages missing from the whole sheet; call once, after the rows. */
  finish(): void {
    this.issues.push(...this.absent.values());
  }

  /** Plain columns the reader did not use but that hold something: ignored, with a note. */
  unused(used: ReadonlySet<string>): string[] {
    return [...this.plain.entries()]
      .filter(([base, header]) => !used.has(base) && this.sheet.rows.some((r) => (r.cells[header] ?? "").trim() !== ""))
      .map(([, header]) => header);
  }
}
