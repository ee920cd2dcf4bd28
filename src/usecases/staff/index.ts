import type { EngineEvent } from "../../engine/events.ts";
import type { Intent } from "../../engine/intents.ts";
import { isExpired } from "../../engine/state.ts";
import { cancelDraft, draftIsFresh, draftPress, draftText, draftUnsupported, isDraftState, startDraft } from "./consult.ts";
import type { StaffContext } from "./context.ts";
import { join } from "./invites.ts";
import { awaitingApplies, replyPress, replyText } from "./replies.ts";
import { results } from "./results.ts";

export { DEFAULT_STAFF_OPTIONS, type StaffOptions } from "./context.ts";

/** Commands for staff (and `/join` for those who are about to be). */
export const STAFF_COMMANDS = ["join", "consult", "announce", "results", "cancel"] as const;
export type StaffCommand = (typeof STAFF_COMMANDS)[number];

export function isStaffCommand(name: string): name is StaffCommand {
  return (STAFF_COMMANDS as readonly string[]).includes(name);
}

export async function staffCommand(ctx: StaffContext, name: StaffCommand, payload: string | null): Promise<Intent[]> {
  switch (name) {
    case "join":
      return join(ctx.store, ctx.respondent, payload, ctx.at, ctx.locale);
    case "consult":
      return startDraft(ctx);
    case "announce":
      return startDraft(ctx, { announce: true });
    case "results":
      return results(ctx);
    case "cancel":
      return cancelDraft(ctx, (await ctx.store.consultations.pending(ctx.respondent.id)).draft);
    default: {
      const never: never = name;
      throw new Error(`unknown staff command ${String(never)}`);
    }
  }
}

/**
 * Events that belong to a consultation rather than a survey, decided before the survey sees
 * them: drafting buttons (`cs:`), reply buttons (`cr:`), text typed while drafting, and the
 * typed reply to a free-text consultation (unless the person is in the middle of a survey
 * and did not press Reply). Null: the event is the survey's.
 */
export async function staffEvent(ctx: StaffContext, event: EngineEvent): Promise<Intent[] | null> {
  const { store, respondent } = ctx;
  if (event.type === "press") {
    if (event.data.startsWith("cs:")) return draftPress(ctx, await liveDraft(ctx), event.data, event.id);
    if (event.data.startsWith("cr:")) return replyPress(ctx, event.data);
    return null;
  }
  if (event.type !== "text" && event.type !== "unsupported") return null;
  const { draft, awaiting } = await store.consultations.pending(respondent.id);
  if (draft && isDraftState(draft.state)) {
    if (draftIsFresh(draft.state, ctx.at)) {
      return event.type === "text" ? draftText(ctx, draft, event.text, event.id) : draftUnsupported(ctx, draft);
    }
    await store.consultations.deleteDraft(respondent.id);
  }
  if (awaiting && event.type === "text") {
    const session = awaiting.explicit ? null : await store.sessions.latestFor(respondent.id);
    const inSurvey = session !== null && session.state.phase === "question" && !isExpired(session.state, ctx.at.toISOString());
    if (awaitingApplies(awaiting, ctx.at, inSurvey)) return replyText(ctx, awaiting, event.text);
  }
  return null;
}

async function liveDraft(ctx: StaffContext) {
  const { draft } = await ctx.store.consultations.pending(ctx.respondent.id);
  return draft && isDraftState(draft.state) && draftIsFresh(draft.state, ctx.at) ? draft : null;
}
