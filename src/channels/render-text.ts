import type { AskInput, Button, Intent, Phrase } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { Translate } from "../i18n/index.ts";

/** Turns the engine's phrases into the person's language; shared by every channel. */
export function renderPhrase(t: Translate, locale: Locale, phrase: Phrase): string {
  switch (phrase.type) {
    case "literal":
      return phrase.text;
    case "i18n":
      return t(phrase.lng ?? locale, phrase.key, phrase.params);
    default: {
      const never: never = phrase;
      throw new Error(`unknown phrase ${JSON.stringify(never)}`);
    }
  }
}

export function renderParts(t: Translate, locale: Locale, parts: Phrase[]): string {
  return parts.map((p) => renderPhrase(t, locale, p)).join("\n\n");
}

export function renderButtonLabel(t: Translate, locale: Locale, button: Button): string {
  const label = renderPhrase(t, locale, button.label);
  return button.checked ? t(locale, "survey.button.checked", { label }) : label;
}

/** A multiple-choice tick (`q3:t1`): its reply only redraws the buttons, in every channel. */
export function isTogglePress(data: string): boolean {
  return /^q\d+:t\d+$/.test(data);
}

/** A message as every channel sends it: text, then rows of buttons. */
export type OutgoingMessage = {
  text: string;
  buttons: { id: string; label: string; request?: "contact" }[][];
  /** For `answered`: which earlier question message this replaces. */
  ref?: string;
  /** For questions: what kind of reply is expected. */
  input?: AskInput;
};

/**
 * Renders intents to messages, channel-agnostic. `stale` and `end` produce nothing here:
 * a channel shows `stale` its own way (Telegram: a callback notice).
 */
export function renderIntent(t: Translate, locale: Locale, intent: Intent): OutgoingMessage | null {
  switch (intent.type) {
    case "say":
      return { text: renderParts(t, locale, intent.parts), buttons: [] };
    case "ask":
      return {
        text: renderParts(t, locale, intent.parts),
        buttons: intent.buttons.map((row) =>
          row.map((b) => ({ id: b.id, label: renderButtonLabel(t, locale, b), ...(b.request ? { request: b.request } : {}) })),
        ),
        ref: intent.ref,
        input: intent.input,
      };
    case "reask": {
      const ask = renderIntent(t, locale, intent.ask);
      const why = t(locale, `survey.reask.${intent.reason}`, intent.params);
      return ask ? { ...ask, text: `${why}\n\n${ask.text}` } : null;
    }
    case "answered":
      return {
        text: t(locale, "survey.answer.your", { answer: renderParts(t, locale, intent.parts) }),
        buttons: [],
        ref: intent.ref,
      };
    case "stale":
      return { text: t(locale, "survey.stale"), buttons: [] };
    case "end":
      return null;
    default: {
      const never: never = intent;
      throw new Error(`unknown intent ${JSON.stringify(never)}`);
    }
  }
}
