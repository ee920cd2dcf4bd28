import type { SurveyVersion } from "../engine/definition.ts";
import type { EngineEvent } from "../engine/events.ts";
import type { Intent } from "../engine/intents.ts";
import type { Locale } from "../engine/locale.ts";
import type { SessionState } from "../engine/state.ts";
import { step } from "../engine/step.ts";

/**
 * The survey preview: the real engine, stepped with the state carried in the page's form (never
 * stored), so staff see exactly what a beneficiary sees, question by question, skip logic included.
 */

export type PreviewStep = { state: SessionState; intents: Intent[]; seq: number };

export class PreviewStateError extends Error {
  override name = "PreviewStateError";
}

function toBase64url(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function fromBase64url(text: string): string {
  const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
  return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export const encodeState = (state: SessionState): string => toBase64url(JSON.stringify(state));

/** The state a form carried back: it must be the engine's shape, for this survey. */
export function decodeState(text: unknown, slug: string): SessionState {
  if (typeof text !== "string" || text.length > 20_000 || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw new PreviewStateError("no preview state");
  }
  let state: unknown;
  try {
    state = JSON.parse(fromBase64url(text));
  } catch (err) {
    throw new PreviewStateError("unreadable preview state", { cause: err });
  }
  const s = state as Partial<SessionState> | null;
  const valid =
    s !== null &&
    typeof s === "object" &&
    s.v === 1 &&
    s.survey?.slug === slug &&
    Number.isInteger(s.survey.version) &&
    typeof s.phase === "string" &&
    Array.isArray(s.trail) &&
    Array.isArray(s.seen) &&
    typeof s.answers === "object" &&
    s.answers !== null &&
    typeof s.updatedAt === "string" &&
    typeof s.startedAt === "string";
  if (!valid) throw new PreviewStateError("not a preview state");
  return s as SessionState;
}

/** The first step: the survey started in `locale` (or with the language question, when null). */
export function startPreview(survey: SurveyVersion, locale: Locale | null, at: Date): PreviewStep {
  const event: EngineEvent = { id: "preview:0", at: at.toISOString(), type: "start", suggestedLocale: locale };
  const { state, intents } = step(survey, null, event);
  return { state, intents, seq: 0 };
}

export type PreviewInput = { type: "press"; data: string } | { type: "text"; text: string };

/** One reply, as the engine takes it from a messenger. */
export function stepPreview(survey: SurveyVersion, state: SessionState, seq: number, input: PreviewInput, at: Date): PreviewStep {
  const next = seq + 1;
  const base = { id: `preview:${next}`, at: at.toISOString() };
  const event: EngineEvent =
    input.type === "press" ? { ...base, type: "press", data: input.data } : { ...base, type: "text", text: input.text };
  const result = step(survey, state, event);
  return { state: result.state, intents: result.intents, seq: next };
}
