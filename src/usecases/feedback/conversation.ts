import { type Ask, type Button, type Intent, i18n, literal } from "../../engine/intents.ts";
import { FEEDBACK_KINDS, type FeedbackKind } from "../../store/ports.ts";

/** A message to the services, at most this long (it is shown to staff in one chat message). */
export const FEEDBACK_MAX_CHARS = 1000;
/** A conversation left alone this long is dropped: typed text is then a new message. */
export const WRITE_TTL_MS = 24 * 60 * 60 * 1000;
const SEEN_KEPT = 16;

/** Buttons of the person's conversation; short, for Telegram's 64-byte callback data. */
export const FB = {
  /** "✉ Write to us": after the thank-you, and under the list of one's messages. */
  write: "fb:new",
  send: "fb:send",
  no: "fb:no",
  kind: (k: FeedbackKind) => `fb:k:${k}`,
  anonymous: "fb:anon",
  callBack: "fb:call",
  phone: "fb:tel",
  confirm: "fb:ok",
  cancel: "fb:x",
} as const;

/** `done`: confirmed and being sent; never prompted. */
type Step = "offer" | "kind" | "text" | "contact" | "phone" | "confirm" | "done";

/** The person's message being written: plain JSON, kept in the store like a survey session. */
export type WriteState = {
  v: 1;
  type: "write";
  step: Step;
  kind: FeedbackKind | null;
  text: string | null;
  /** A phone number, only when they pressed the messenger's share-contact button. */
  contact: string | null;
  seen: string[];
  updatedAt: string;
};

/** What the person did, as this conversation sees it. */
export type WriteEvent = { id: string; at: string } & (
  | { type: "press"; data: string }
  | { type: "text"; text: string }
  /** Their own phone number, from the messenger's share-contact button. */
  | { type: "contact"; phone: string }
  | { type: "unsupported" }
);

export type Submission = { kind: FeedbackKind; text: string; contact: string | null };

/** `state` null: the conversation is over (sent or cancelled). */
export type WriteResult = { state: WriteState | null; intents: Intent[]; submit: Submission | null };

const KIND_ICONS: Record<FeedbackKind, string> = {
  question: "❓",
  suggestion: "💡",
  complaint: "⚠️",
  thanks: "🙏",
  sensitive: "🛡",
};

export const kindLabel = (kind: FeedbackKind) => i18n(`feedback.kind.${kind}`, { icon: KIND_ICONS[kind] });

const button = (id: string, key: string): Button => ({ id, label: i18n(key) });
const cancelRow = (): Button[] => [button(FB.cancel, "feedback.button.cancel")];

/**
 * `/feedback` or "✉ Write to us" (no text yet: the kind first), or text typed outside a survey
 * (`text`: offered as a message, kept if they accept).
 */
export function startWriting(at: string, text?: string): { state: WriteState; intents: Intent[] } {
  const typed = text?.trim() ?? "";
  const state: WriteState = {
    v: 1,
    type: "write",
    step: typed ? "offer" : "kind",
    kind: null,
    text: typed ? typed.slice(0, FEEDBACK_MAX_CHARS) : null,
    contact: null,
    seen: [],
    updatedAt: at,
  };
  return { state, intents: [prompt(state)] };
}

export function isWriteState(value: unknown): value is WriteState {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "write";
}

export function writeIsFresh(state: { updatedAt: string }, at: string): boolean {
  return Date.parse(at) - Date.parse(state.updatedAt) <= WRITE_TTL_MS;
}

/**
 * One event of the conversation: kind → message → anonymous (the default) or a call back →
 * confirm. Pure: no I/O, no clock (time comes in the event). Only a button the current step
 * shows counts; an old or forged one is stale. A redelivered event changes nothing.
 * @example stepWriting(state, { id: "tg:9", at, type: "press", data: "fb:k:complaint" })
 */
export function stepWriting(state: WriteState, event: WriteEvent): WriteResult {
  if (state.seen.includes(event.id)) return { state, intents: [], submit: null };
  const next = (s: WriteState, before: Intent[] = []): WriteResult => ({
    state: { ...s, seen: [...s.seen, event.id].slice(-SEEN_KEPT), updatedAt: event.at },
    intents: [...before, prompt(s)],
    submit: null,
  });
  const reask = (reason: "expected_button" | "unsupported" | "empty" | "too_long"): WriteResult => ({
    state,
    intents: [
      { type: "reask", reason, ask: prompt(state), ...(reason === "too_long" ? { params: { count: FEEDBACK_MAX_CHARS } } : {}) },
    ],
    submit: null,
  });

  switch (event.type) {
    case "unsupported":
      return reask("unsupported");
    case "contact":
      if (state.step !== "phone") return reask("expected_button");
      return next({ ...state, contact: event.phone, step: "confirm" });
    case "text": {
      if (state.step === "phone") {
        // The "stay anonymous" key of a reply keyboard arrives as its label; any text here means no number.
        return next({ ...state, contact: null, step: "confirm" }, [{ type: "say", parts: [i18n("feedback.contact.none")] }]);
      }
      if (state.step !== "text") return reask("expected_button");
      const value = event.text.trim();
      if (value === "") return reask("empty");
      if (value.length > FEEDBACK_MAX_CHARS) return reask("too_long");
      return next({ ...state, text: value, step: "contact" });
    }
    case "press":
      return press(state, event.data, next);
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
}

function press(state: WriteState, data: string, next: (s: WriteState, before?: Intent[]) => WriteResult): WriteResult {
  const shown = prompt(state).buttons.flat();
  const pressed = shown.find((b) => b.id === data);
  if (!pressed) return { state, intents: [{ type: "stale" }], submit: null };
  const answered: Intent = { type: "answered", ref: "feedback", parts: [pressed.label] };
  if (data === FB.cancel || data === FB.no) {
    return { state: null, intents: [answered, { type: "say", parts: [i18n("feedback.cancelled")] }], submit: null };
  }
  if (data === FB.send) return next({ ...state, step: "kind" }, [answered]);
  const kind = FEEDBACK_KINDS.find((k) => data === FB.kind(k));
  if (kind) return next({ ...state, kind, step: state.text ? "contact" : "text" }, [answered]);
  if (data === FB.anonymous) return next({ ...state, contact: null, step: "confirm" }, [answered]);
  if (data === FB.callBack) return next({ ...state, step: "phone" }, [answered]);
  if (data === FB.confirm && state.kind && state.text) {
    return { state: null, intents: [answered], submit: { kind: state.kind, text: state.text, contact: state.contact } };
  }
  return { state, intents: [{ type: "stale" }], submit: null };
}

/** What the current step asks, with its buttons: the same for showing and for checking a press. */
export function prompt(state: WriteState): Ask {
  const ask = (parts: Ask["parts"], buttons: Button[][], input: Ask["input"] = "buttons"): Ask => ({
    type: "ask",
    ref: `feedback:${state.step}`,
    parts,
    buttons: [...buttons, cancelRow()],
    input,
  });
  switch (state.step) {
    case "offer":
      return {
        type: "ask",
        ref: "feedback:offer",
        parts: [i18n("feedback.offer")],
        buttons: [[button(FB.send, "feedback.button.send")], [button(FB.no, "feedback.button.no")]],
        input: "buttons",
      };
    case "kind":
      return ask(
        [i18n("feedback.ask.kind")],
        FEEDBACK_KINDS.map((k) => [{ id: FB.kind(k), label: kindLabel(k) }]),
      );
    case "text":
      return ask(
        [
          ...(state.kind === "sensitive" ? [i18n("feedback.ask.sensitive")] : []),
          i18n("feedback.ask.text", { max: FEEDBACK_MAX_CHARS }),
        ],
        [],
        "text",
      );
    case "contact":
      return ask(
        [...(state.kind === "sensitive" && state.text ? [i18n("feedback.ask.sensitive")] : []), i18n("feedback.ask.contact")],
        [[button(FB.anonymous, "feedback.button.anonymous")], [button(FB.callBack, "feedback.button.callBack")]],
      );
    case "phone":
      // The share-contact button sends their own number, and only when pressed; no other way in.
      return {
        type: "ask",
        ref: "feedback:phone",
        parts: [i18n("feedback.ask.phone")],
        buttons: [
          [{ id: FB.phone, label: i18n("feedback.button.sharePhone"), request: "contact" }],
          [button(FB.anonymous, "feedback.button.anonymous")],
        ],
        input: "buttons",
      };
    case "done":
    case "confirm":
      return ask(
        [
          i18n("feedback.confirm.title"),
          kindLabel(state.kind ?? "question"),
          literal(state.text ?? ""),
          state.contact ? i18n("feedback.confirm.callBack", { phone: state.contact }) : i18n("feedback.confirm.anonymous"),
        ],
        [[button(FB.confirm, "feedback.button.confirm")]],
      );
    default: {
      const never: never = state.step;
      throw new Error(`unknown step ${String(never)}`);
    }
  }
}
