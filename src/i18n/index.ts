import i18next, { type i18n as I18n } from "i18next";
import en from "../../locales/en/translation.json" with { type: "json" };
import ro from "../../locales/ro/translation.json" with { type: "json" };
import ru from "../../locales/ru/translation.json" with { type: "json" };
import uk from "../../locales/uk/translation.json" with { type: "json" };
import { LOCALES, type Locale } from "../engine/locale.ts";

export const RESOURCES: Record<Locale, Record<string, unknown>> = { ro, ru, uk, en };

export type Translate = (locale: Locale, key: string, params?: Record<string, string | number>) => string;

/**
 * One i18next instance for the process; `t` is bound per call to the person's language.
 * A missing key falls back to the default locale, then to English, never to a blank.
 */
export function createTranslate(defaultLocale: Locale): Translate {
  const instance: I18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: RESOURCES[l] }])),
    supportedLngs: [...LOCALES],
    fallbackLng: [defaultLocale, "en"],
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return (locale, key, params) => instance.t(key, { lng: locale, ...params });
}
