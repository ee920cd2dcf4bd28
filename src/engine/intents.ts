import type { Locale } from "./locale.ts";

/**
 * What to show. Survey content arrives already in the person's language (`literal`);
 * interface strings arrive as i18n keys with parameters, translated by the channel.
 */
export type Phrase =
  | { type: "literal"; text: string }
  /** `lng` pins the language (a language's own name on the language buttons). */
  | { type: "i18n"; key: string; params?: Record<string, string | number>; lng?: Locale };

export type Button = {
  /** Short and stable (`q4:2`), apart from the label: it travels as callback data. */
  id: string;
  label: Phrase;
  /** Shown with a check mark (multiple choice toggles). */
  checked?: boolean;
  /** The messenger's own button that shares the person's phone number, only when pressed. */
  request?: "contact";
};

export type AskInput = "buttons" | "text" | "number";

export type Ask = {
  type: "ask";
  /** Question name, or `language` / `consent`. */
  ref: string;
  parts: Phrase[];
  /** Rows of buttons. */
  buttons: Button[][];
  input: AskInput;
};

export type ReaskReason =
  | "expected_button"
  | "not_a_number"
  | "below_min"
  | "above_max"
  | "not_integer"
  | "too_long"
  | "empty"
  | "choose_one_or_more"
  | "too_many_choices"
  | "unsupported"
  | "forwarded"
  /** The answer fails the question's constraint, which has no message of its own. */
  | "constraint"
  /** The survey's own words (`params.message`): a constraint or required message. */
  | "custom";

export type Intent =
  | { type: "say"; parts: Phrase[] }
  | Ask
  | { type: "reask"; reason: ReaskReason; params?: Record<string, string | number>; ask: Ask }
  /** A button that no longer means anything (answered, or from an old message). */
  | { type: "stale" }
  /** The question was answered: the channel may replace its buttons with this summary. */
  | { type: "answered"; ref: string; parts: Phrase[] }
  | { type: "end"; outcome: "completed" | "declined" };

export const literal = (text: string): Phrase => ({ type: "literal", text });
export const i18n = (key: string, params?: Record<string, string | number>): Phrase =>
  params ? { type: "i18n", key, params } : { type: "i18n", key };
