import { type Ask, type Button, type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import { LOCALE_NAMES, LOCALES, type Locale } from "../../engine/locale.ts";
import type { Audience, LocalizedText, StaffMember, StoredDraft } from "../../store/ports.ts";
import { audienceScope, recordAudit, staffWho } from "../privacy/audit.ts";
import { audienceButtons, audienceOf, localityButtons, recipients, serviceButtons, serviceName } from "./audience.ts";
import { activeStaff, type StaffContext, say } from "./context.ts";
import {
  audiencePhrase,
  button,
  CHOICE_MAX_CHARS,
  CHOICES_MAX,
  CHOICES_MIN,
  clip,
  inLocale,
  newConsultationId,
  QUESTION_MAX_CHARS,
} from "./message.ts";
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
  /** Null for a free-text answer; empty for an announcement (`/announce`: no reply expected). */
  choices: LocalizedText[] | null;
  audience: Audience | null;
  /** `/announce`: a "You said, we did" message, sent like a consultation but asking nothing. */
  announce?: boolean;
  /** In step translate: the language asked for. */
  translating: Locale | null;
  /** Latest event ids handled, so a redelivered message changes nothing. */
  seen: string[];
  updatedAt: string;
};

const DATA = /^cs:([a-z0-9]{12}):(.{1,50})$/;

export function isDraftState(value: unknown): value is DraftState {
  return typeof value === "object" && value !== null && (value as { v?: unknown }).v === 1;
}

export function draftIsFresh(state: DraftState, at: Date): boolean {
  return at.getTime() - Date.parse(state.updatedAt) <= DRAFT_TTL_MS;
}

const cancelRow = (id: string): Button[] => [button(`cs:${id}:x`, "consult.draft.cancel")];

/** `/consult` (or `/announce`): staff only; starts a new draft (replacing an unfinished one). */
export async function startDraft(ctx: StaffContext, options: { announce?: boolean } = {}): Promise<Intent[]> {
  const staff = await activeStaff(ctx);
  if (!staff) return [say("staff.only")];
  // Announcements answer what people said: social workers and the directorate make them.
  if (options.announce && staff.role === "focal_point") return [say("announce.notForRole")];
  const state: DraftState = {
    v: 1,
    id: newConsultationId(),
    step: "question",
    locale: ctx.locale,
    text: {},
    choices: null,
    audience: null,
    translating: null,
    seen: [],
    updatedAt: ctx.at.toISOString(),
    ...(options.announce ? { announce: true, choices: [] } : {}),
  };
  await ctx.store.consultations.saveDraft(ctx.respondent.id, state, null, ctx.at);
  ctx.log.info({ event: "consult-draft", step: state.step }, "consultation draft started");
  return [await prompt(ctx, staff, state)];
}

/** `/cancel`, or the Cancel button. */
export async function cancelDraft(ctx: StaffContext, stored: StoredDraft | null): Promise<Intent[]> {
  if (!stored) return [say("consult.nothingToCancel")];
  await ctx.store.consultations.deleteDraft(ctx.respondent.id);
  return [say("consult.cancelled")];
}

/** Typed text while drafting belongs to the draft, never to a survey. */
export async function draftText(ctx: StaffContext, stored: StoredDraft, text: string, eventId: string): Promise<Intent[]> {
  const state = stored.state as DraftState;
  if (state.seen.includes(eventId)) return [];
  const staff = await activeStaff(ctx);
  if (!staff) {
    await ctx.store.consultations.deleteDraft(ctx.respondent.id);
    return [say("staff.only")];
  }
  const value = text.trim();
  const again = async (error: Intent) => [error, await prompt(ctx, staff, state)];
  let next: DraftState;
  switch (state.step) {
    case "question": {
      if (value === "") return again(say("consult.error.empty"));
      if (value.length > QUESTION_MAX_CHARS) return again(say("consult.error.tooLong", { count: QUESTION_MAX_CHARS }));
      next = { ...state, text: { [state.locale]: value }, step: state.announce ? "audience" : "kind" };
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
      if (!language) return [];
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
      return [{ type: "reask", reason: "expected_button", ask: await prompt(ctx, staff, state) }];
    default: {
      const never: never = state.step;
      throw new Error(`unknown draft step ${String(never)}`);
    }
  }
  return advance(ctx, staff, stored, next, eventId, []);
}

/** A photo or a sticker while drafting: asked again. */
export async function draftUnsupported(ctx: StaffContext, stored: StoredDraft): Promise<Intent[]> {
  const staff = await activeStaff(ctx);
  if (!staff) return [say("staff.only")];
  return [{ type: "reask", reason: "unsupported", ask: await prompt(ctx, staff, stored.state as DraftState) }];
}

/**
 * A button of the drafting conversation (`cs:<draft>:<action>`). Only a button the current
 * step offers counts: an old one, another draft's or a forged one is stale.
 */
export async function draftPress(
  ctx: StaffContext,
  stored: StoredDraft | null,
  data: string,
  eventId: string,
): Promise<Intent[]> {
  const match = DATA.exec(data);
  const state = stored?.state as DraftState | undefined;
  if (!match || !stored || !state || state.id !== match[1]) return [{ type: "stale" }];
  if (state.seen.includes(eventId)) return [];
  const staff = await activeStaff(ctx);
  if (!staff) return [say("staff.only")];
  const current = await prompt(ctx, staff, state);
  const pressed = current.buttons.flat().find((b) => b.id === data);
  if (!pressed) return [{ type: "stale" }];
  const answered: Intent = { type: "answered", ref: current.ref, parts: [pressed.label] };
  const action = match[2] ?? "";
  if (action === "x") {
    await ctx.store.consultations.deleteDraft(ctx.respondent.id);
    return [answered, say("consult.cancelled")];
  }
  if (action === "ok") return confirm(ctx, staff, state, answered);
  let next: DraftState;
  if (action === "k:t") next = { ...state, choices: null, step: "audience" };
  else if (action === "k:c") next = { ...state, choices: [], step: "choices" };
  else if (action === "a:loc") next = { ...state, step: "locality" };
  else if (action === "a:svc") next = { ...state, step: "service" };
  else if (action === "aud") next = { ...state, step: "audience" };
  else if (action === "t:skip") next = nextTranslation(state, state.translating);
  else if (action === "t:done") next = { ...state, step: "preview", translating: null };
  else {
    const audience = await audienceOf(ctx, action);
    if (!audience) return [{ type: "stale" }];
    next = nextTranslation({ ...state, audience }, null);
  }
  return advance(ctx, staff, stored, next, eventId, [answered]);
}

async function advance(
  ctx: StaffContext,
  staff: StaffMember,
  stored: StoredDraft,
  next: DraftState,
  eventId: string,
  before: Intent[],
): Promise<Intent[]> {
  const state: DraftState = { ...next, seen: [...next.seen, eventId].slice(-SEEN_KEPT), updatedAt: ctx.at.toISOString() };
  if (!(await ctx.store.consultations.saveDraft(ctx.respondent.id, state, stored.version, ctx.at))) {
    ctx.log.info({ event: "consult-draft" }, "lost a race to a concurrent event; nothing changed");
    return [];
  }
  ctx.log.debug({ event: "consult-draft", step: state.step }, "consultation draft step");
  return [...before, await prompt(ctx, staff, state)];
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
async function prompt(ctx: StaffContext, staff: StaffMember, state: DraftState): Promise<Ask> {
  const id = state.id;
  const ask = (parts: Phrase[], buttons: Button[][], input: Ask["input"] = "buttons"): Ask => ({
    type: "ask",
    ref: `consult:${state.step}`,
    parts,
    buttons: [...buttons, cancelRow(id)],
    input,
  });
  switch (state.step) {
    case "question":
      return state.announce
        ? ask([i18n("announce.draft.text", { max: QUESTION_MAX_CHARS })], [], "text")
        : ask([i18n("consult.draft.question", { max: QUESTION_MAX_CHARS })], [], "text");
    case "kind":
      return ask(
        [i18n("consult.draft.kind")],
        [[button(`cs:${id}:k:c`, "consult.draft.kindChoices")], [button(`cs:${id}:k:t`, "consult.draft.kindText")]],
      );
    case "choices":
      return ask([i18n("consult.draft.choices", { min: CHOICES_MIN, max: CHOICES_MAX })], [], "text");
    case "audience":
      return ask([i18n("consult.draft.audience")], await audienceButtons(ctx, staff, id));
    case "locality":
      return ask([i18n("consult.draft.chooseLocality")], await localityButtons(ctx, id));
    case "service":
      return ask([i18n("consult.draft.chooseService")], await serviceButtons(ctx, staff, id));
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
      return preview(ctx, state, ask);
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

async function preview(ctx: StaffContext, state: DraftState, ask: (parts: Phrase[], buttons: Button[][]) => Ask): Promise<Ask> {
  const audience = state.audience ?? { all: true };
  const { total, breakdown } = await recipients(ctx, audience);
  const languages = LOCALES.filter((l) => state.text[l] !== undefined).map((l) => LOCALE_NAMES[l]);
  const parts: Phrase[] = [
    i18n("consult.preview.title"),
    literal(original(state, state.locale)),
    ...(state.announce ? [i18n("announce.preview.noReply")] : state.choices ? [] : [i18n("consult.preview.freeText")]),
    audiencePhrase(audience, await serviceName(ctx, audience)),
    i18n("consult.preview.languages", { languages: languages.join(", ") }),
    total > 0 ? i18n("consult.preview.recipients", { count: total, breakdown }) : i18n("consult.preview.nobody"),
  ];
  const tooFew = audienceTooSmall(total, ctx.options.minCell);
  if (tooFew) parts.push(tooFew);
  const start = broadcastStart(ctx.at, ctx.options.timezone);
  if (start > ctx.at)
    parts.push(i18n("consult.preview.quiet", { time: formatLocalTime(start, ctx.locale, ctx.options.timezone) }));
  const id = state.id;
  const buttons: Button[][] = [];
  if (total > 0 && !tooFew) buttons.push([button(`cs:${id}:ok`, "consult.preview.send")]);
  buttons.push([button(`cs:${id}:aud`, "consult.preview.changeAudience")]);
  return ask(parts, buttons);
}

/**
 * Confirm: the draft becomes a consultation (its id is the draft's, so a second confirm
 * finds it) and starts sending; the fan-out job writes one outbox row per recipient.
 */
async function confirm(ctx: StaffContext, staff: StaffMember, state: DraftState, answered: Intent): Promise<Intent[]> {
  const audience = state.audience ?? { all: true };
  const { total } = await recipients(ctx, audience);
  if (total === 0) return [say("consult.preview.nobody")];
  const tooFew = audienceTooSmall(total, ctx.options.minCell);
  if (tooFew) return [{ type: "say", parts: [tooFew] }];
  const scheduledAt = broadcastStart(ctx.at, ctx.options.timezone);
  await ctx.store.consultations.create({
    id: state.id,
    createdById: staff.id,
    sourceLocale: state.locale,
    text: state.text,
    choices: state.choices,
    audience,
  });
  const started = await ctx.store.consultations.startSending(state.id, scheduledAt);
  await ctx.store.consultations.deleteDraft(ctx.respondent.id);
  if (!started) return [say("consult.sent.already")];
  await recordAudit(ctx.store, staffWho(staff), "broadcast.confirmed", audienceScope(audience, state.id), ctx.at);
  ctx.log.info({ event: "consult-confirmed", consultation: state.id, recipients: total }, "consultation confirmed");
  const question = clip(inLocale(state.text, ctx.locale, state.locale), 80);
  if (scheduledAt > ctx.at) {
    const time = formatLocalTime(scheduledAt, ctx.locale, ctx.options.timezone);
    return [answered, say("consult.sent.scheduled", { count: total, time, question })];
  }
  return [answered, say("consult.sent.now", { count: total, question })];
}
