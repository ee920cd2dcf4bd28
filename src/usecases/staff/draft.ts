import { type Ask, type Button, type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import { LOCALE_NAMES, LOCALES, type Locale } from "../../engine/locale.ts";
import type { Audience, LocalizedText, NewConsultation } from "../../store/ports.ts";
import { type AudienceLookups, audienceButtons, audienceOf, localityButtons, serviceButtons, serviceName } from "./audience.ts";
import { say } from "./context.ts";
import { audiencePhrase, button, CHOICE_MAX_CHARS, CHOICES_MAX, CHOICES_MIN, inLocale, QUESTION_MAX_CHARS } from "./message.ts";
import { broadcastStart, formatLocalTime } from "./quiet-hours.ts";
import { parseTranslation, splitLines } from "./translation.ts";

/** A draft left alone this long is dropped: typed text goes back to the survey. */
export const DRAFT_TTL_MS = 24 * 60 * 60 * 1000;
const SEEN_KEPT = 16;

type Step = "question" | "kind" | "choices" | "audience" | "locality" | "service" | "translate" | "preview";

/** The consultation being written: plain JSON, versioned in the store like a survey session. */
export type DraftState = {
  v: 1;
  /** Becomes the consultation's id on confirm, so confirming twice creates one. */
  id: string;
  step: Step;
  /** The language the worker writes in: recipients without a translation get this text. */
  locale: Locale;
  text: LocalizedText;
  /** Null for a free-text answer. */
  choices: LocalizedText[] | null;
  audience: Audience | null;
  /** In step translate: the language asked for. */
  translating: Locale | null;
  /** Latest event ids handled, so a redelivered message changes nothing. */
  seen: string[];
  updatedAt: string;
};

/** What the worker did while drafting. */
export type DraftEvent = { id: string } & (
  | { type: "text"; text: string }
  | { type: "press"; data: string }
  /** A photo or a sticker: asked again. */
  | { type: "unsupported" }
);

/**
 * Everything a step reads, fetched before it: the worker, the services and localities their
 * buttons name, how many people the draft's audience reaches, and the clock and zone.
 */
export type DraftLookups = AudienceLookups & {
  recipients: { total: number; breakdown: string };
  /** The worker's language, for times shown in the preview. */
  locale: Locale;
  at: Date;
  timezone: string;
  /** Replies are anonymous only among at least this many people (config MIN_CELL). */
  minCell: number;
};

/**
 * What the step decided. `save`: the next state to store (null: nothing to store); `drop`: the
 * draft ends; `confirm`: the consultation to create and start sending.
 */
export type DraftResult = {
  save: DraftState | null;
  drop: boolean;
  intents: Intent[];
  confirm: { consultation: Omit<NewConsultation, "createdById">; recipients: number; answered: Intent } | null;
};

const DATA = /^cs:([a-z0-9]{12}):(.{1,50})$/;

export function isDraftState(value: unknown): value is DraftState {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === 1;
}

export function draftIsFresh(state: DraftState, at: Date): boolean {
  return at.getTime() - Date.parse(state.updatedAt) <= DRAFT_TTL_MS;
}

export function newDraft(id: string, locale: Locale, at: Date): DraftState {
  const updatedAt = at.toISOString();
  return { v: 1, id, step: "question", locale, text: {}, choices: null, audience: null, translating: null, seen: [], updatedAt };
}

const nothing = (intents: Intent[]): DraftResult => ({ save: null, drop: false, intents, confirm: null });

/**
 * One step of the drafting conversation, like the survey engine's `step`: pure, the store read
 * before (`lookups`) and written after (`save`, `drop`, `confirm`) by the use case.
 * @example const { save, intents } = stepDraft(state, { id: "tg:42", type: "text", text: "Ce zi vă convine?" }, lookups);
 */
export function stepDraft(state: DraftState, event: DraftEvent, lookups: DraftLookups): DraftResult {
  if (state.seen.includes(event.id)) return nothing([]);
  switch (event.type) {
    case "unsupported":
      return nothing([{ type: "reask", reason: "unsupported", ask: promptFor(state, lookups) }]);
    case "text":
      return typed(state, event.text.trim(), event.id, lookups);
    case "press":
      return pressed(state, event.data, event.id, lookups);
    default: {
      const never: never = event;
      throw new Error(`unhandled draft event ${JSON.stringify(never)}`);
    }
  }
}

function typed(state: DraftState, value: string, eventId: string, lookups: DraftLookups): DraftResult {
  const again = (error: Intent) => nothing([error, promptFor(state, lookups)]);
  let next: DraftState;
  switch (state.step) {
    case "question": {
      if (value === "") return again(say("consult.error.empty"));
      if (value.length > QUESTION_MAX_CHARS) return again(say("consult.error.tooLong", { count: QUESTION_MAX_CHARS }));
      next = { ...state, text: { [state.locale]: value }, step: "kind" };
      break;
    }
    case "choices": {
      const lines = splitLines(value);
      if (lines.length < CHOICES_MIN || lines.length > CHOICES_MAX) {
        return again(say("consult.error.choicesCount", { min: CHOICES_MIN, max: CHOICES_MAX, given: lines.length }));
      }
      if (lines.some((l) => l.length > CHOICE_MAX_CHARS))
        return again(say("consult.error.choiceTooLong", { count: CHOICE_MAX_CHARS }));
      next = { ...state, choices: lines.map((l) => ({ [state.locale]: l })), step: "audience" };
      break;
    }
    case "translate": {
      const language = state.translating;
      if (!language) return nothing([]);
      const parsed = parseTranslation(value, state.choices?.length ?? 0);
      if (parsed.type === "error") return again(parsed.error);
      next = nextTranslation(
        {
          ...state,
          text: { ...state.text, [language]: parsed.question },
          choices: state.choices?.map((c, i) => ({ ...c, [language]: parsed.choices[i] ?? "" })) ?? null,
        },
        language,
      );
      break;
    }
    case "kind":
    case "audience":
    case "locality":
    case "service":
    case "preview":
      return nothing([{ type: "reask", reason: "expected_button", ask: promptFor(state, lookups) }]);
    default: {
      const never: never = state.step;
      throw new Error(`unknown draft step ${String(never)}`);
    }
  }
  return advance(next, eventId, lookups, []);
}

/** Only a button the current step offers counts: an old one, another draft's or a forged one is stale. */
function pressed(state: DraftState, data: string, eventId: string, lookups: DraftLookups): DraftResult {
  const match = DATA.exec(data);
  if (!match || state.id !== match[1]) return nothing([{ type: "stale" }]);
  const current = promptFor(state, lookups);
  const button = current.buttons.flat().find((b) => b.id === data);
  if (!button) return nothing([{ type: "stale" }]);
  const answered: Intent = { type: "answered", ref: current.ref, parts: [button.label] };
  const action = match[2] ?? "";
  if (action === "x") return { save: null, drop: true, intents: [answered, say("consult.cancelled")], confirm: null };
  if (action === "ok") return confirm(state, answered, lookups);
  let next: DraftState;
  if (action === "k:t") next = { ...state, choices: null, step: "audience" };
  else if (action === "k:c") next = { ...state, choices: [], step: "choices" };
  else if (action === "a:loc") next = { ...state, step: "locality" };
  else if (action === "a:svc") next = { ...state, step: "service" };
  else if (action === "aud") next = { ...state, step: "audience" };
  else if (action === "t:skip") next = nextTranslation(state, state.translating);
  else if (action === "t:done") next = { ...state, step: "preview", translating: null };
  else {
    const audience = audienceOf(lookups, action);
    if (!audience) return nothing([{ type: "stale" }]);
    next = nextTranslation({ ...state, audience }, null);
  }
  return advance(next, eventId, lookups, [answered]);
}

function advance(next: DraftState, eventId: string, lookups: DraftLookups, before: Intent[]): DraftResult {
  const save: DraftState = { ...next, seen: [...next.seen, eventId].slice(-SEEN_KEPT), updatedAt: lookups.at.toISOString() };
  return { save, drop: false, intents: [...before, promptFor(save, lookups)], confirm: null };
}

/** Confirm: the draft becomes a consultation (its id is the draft's, so a second confirm finds it). */
function confirm(state: DraftState, answered: Intent, lookups: DraftLookups): DraftResult {
  if (lookups.recipients.total === 0) return nothing([say("consult.preview.nobody")]);
  const tooFew = audienceTooSmall(lookups.recipients.total, lookups.minCell);
  if (tooFew) return nothing([{ type: "say", parts: [tooFew] }]);
  const consultation = {
    id: state.id,
    sourceLocale: state.locale,
    text: state.text,
    choices: state.choices,
    audience: state.audience ?? { all: true },
  };
  return {
    save: null,
    drop: true,
    intents: [],
    confirm: { consultation, recipients: lookups.recipients.total, answered },
  };
}

/** After the audience, each other language in turn; then the preview. */
function nextTranslation(state: DraftState, after: Locale | null): DraftState {
  const others = LOCALES.filter((l) => l !== state.locale);
  const from = after ? others.indexOf(after) + 1 : 0;
  const language = others[from];
  return language ? { ...state, step: "translate", translating: language } : { ...state, step: "preview", translating: null };
}

/** The question and its choices as written, for the preview and the translator. */
function original(state: DraftState, locale: Locale): string {
  const question = inLocale(state.text, locale, state.locale);
  const choices = (state.choices ?? []).map((c, i) => `${i + 1}. ${inLocale(c, locale, state.locale)}`);
  return [question, ...choices].join("\n");
}

/** What the current step asks, with its buttons: the same for showing and for checking a press. */
export function promptFor(state: DraftState, lookups: DraftLookups): Ask {
  const id = state.id;
  const ask = (parts: Phrase[], buttons: Button[][], input: Ask["input"] = "buttons"): Ask => ({
    type: "ask",
    ref: `consult:${state.step}`,
    parts,
    buttons: [...buttons, [button(`cs:${id}:x`, "consult.draft.cancel")]],
    input,
  });
  switch (state.step) {
    case "question":
      return ask([i18n("consult.draft.question", { max: QUESTION_MAX_CHARS })], [], "text");
    case "kind":
      return ask(
        [i18n("consult.draft.kind")],
        [[button(`cs:${id}:k:c`, "consult.draft.kindChoices")], [button(`cs:${id}:k:t`, "consult.draft.kindText")]],
      );
    case "choices":
      return ask([i18n("consult.draft.choices", { min: CHOICES_MIN, max: CHOICES_MAX })], [], "text");
    case "audience":
      return ask([i18n("consult.draft.audience")], audienceButtons(lookups, id));
    case "locality":
      return ask([i18n("consult.draft.chooseLocality")], localityButtons(lookups, id));
    case "service":
      return ask([i18n("consult.draft.chooseService")], serviceButtons(lookups, id));
    case "translate": {
      const language = state.translating ?? "en";
      const name = LOCALE_NAMES[language];
      const parts: Phrase[] = [i18n("consult.draft.translate", { language: name })];
      if (state.choices?.length) parts.push(i18n("consult.draft.translateChoices", { count: state.choices.length }));
      parts.push(literal(original(state, state.locale)));
      return ask(
        parts,
        [
          [button(`cs:${id}:t:skip`, "consult.draft.skipLanguage", { language: name })],
          [button(`cs:${id}:t:done`, "consult.draft.noMoreTranslations")],
        ],
        "text",
      );
    }
    case "preview":
      return ask(...preview(state, lookups));
    default: {
      const never: never = state.step;
      throw new Error(`unknown draft step ${String(never)}`);
    }
  }
}

/**
 * Replies are anonymous only among enough people: an audience under MIN_CELL is refused, with
 * the reason and the way out (a wider audience). Null when it is big enough (or empty: "nobody").
 */
function audienceTooSmall(total: number, minCell: number): Phrase | null {
  return total > 0 && total < minCell ? i18n("consult.preview.tooFew", { count: minCell, people: total }) : null;
}

function preview(state: DraftState, lookups: DraftLookups): [Phrase[], Button[][]] {
  const audience = state.audience ?? { all: true };
  const { total, breakdown } = lookups.recipients;
  const languages = LOCALES.filter((l) => state.text[l] !== undefined).map((l) => LOCALE_NAMES[l]);
  const parts: Phrase[] = [
    i18n("consult.preview.title"),
    literal(original(state, state.locale)),
    ...(state.choices ? [] : [i18n("consult.preview.freeText")]),
    audiencePhrase(audience, serviceName(lookups, audience)),
    i18n("consult.preview.languages", { languages: languages.join(", ") }),
    total > 0 ? i18n("consult.preview.recipients", { count: total, breakdown }) : i18n("consult.preview.nobody"),
  ];
  const tooFew = audienceTooSmall(total, lookups.minCell);
  if (tooFew) parts.push(tooFew);
  const start = broadcastStart(lookups.at, lookups.timezone);
  if (start > lookups.at)
    parts.push(i18n("consult.preview.quiet", { time: formatLocalTime(start, lookups.locale, lookups.timezone) }));
  const buttons: Button[][] = [];
  if (total > 0 && !tooFew) buttons.push([button(`cs:${state.id}:ok`, "consult.preview.send")]);
  buttons.push([button(`cs:${state.id}:aud`, "consult.preview.changeAudience")]);
  return [parts, buttons];
}
