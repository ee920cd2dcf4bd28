export const LOCALES = ["ro", "ru", "uk", "en"] as const;
export type Locale = (typeof LOCALES)[number];

/** Each language's own name, as typed by someone who ignores the buttons. */
export const LOCALE_NAMES: Record<Locale, string> = {
  ro: "Română",
  ru: "Русский",
  uk: "Українська",
  en: "English",
};

/** The tag Intl formats each language with (Romanian as written in Moldova). */
export const INTL_TAGS: Record<Locale, string> = { ro: "ro-MD", ru: "ru", uk: "uk", en: "en-GB" };

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

/**
 * Maps a messenger's language tag (`uk`, `ru-RU`, `ro-MD`, `mo`) to one of ours, or null.
 * @example matchLocale("ru-RU") // "ru"
 */
export function matchLocale(tag: string | null | undefined): Locale | null {
  if (!tag) return null;
  const base = tag.toLowerCase().split(/[-_]/)[0] ?? "";
  if (base === "mo") return "ro"; // the old code for Moldovan
  return isLocale(base) ? base : null;
}
