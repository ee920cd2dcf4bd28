import type { EngineEvent } from "../../engine/events.ts";
import type { Intent } from "../../engine/intents.ts";
import { isExpired } from "../../engine/state.ts";
import type { FeedbackContext } from "./context.ts";
import { FB, isWriteState, stepWriting, type WriteEvent, type WriteState, writeIsFresh } from "./conversation.ts";
import { ANSWER_ACTION } from "./notify.ts";
import { type FollowUpState, followUpText, personCommand, startDraft, startFollowUp, submit } from "./person.ts";
import { isReplyCommand, type ReplyState, replyCommand, replyText, staffList, staffPress } from "./staff.ts";

export type { FeedbackContext, FeedbackOptions } from "./context.ts";
export { listOpenFeedback, withWriteToUs } from "./person.ts";
export { remindOverdue, warnWithoutFocalPoint } from "./reminders.ts";

/** A shared phone number arrives as a press with this prefix (the channel read the contact). */
export const CONTACT_PREFIX = "fb:tel:";

/** `/feedback`: staff get the open items in their scope; anyone else writes a message. */
export async function feedbackCommand(ctx: FeedbackContext): Promise<Intent[]> {
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  if (member && !member.revokedAt) return staffList(ctx, member);
  return personCommand(ctx);
}

type Draft = { version: number } & (
  | { state: WriteState; kind: "write" }
  | { state: FollowUpState; kind: "followup" }
  | { state: ReplyState; kind: "reply" }
);

async function liveDraft(ctx: FeedbackContext): Promise<Draft | null> {
  const stored = await ctx.store.feedback.draft(ctx.respondent.id);
  if (!stored) return null;
  const state = stored.state as { type?: string; updatedAt?: string };
  if (typeof state.updatedAt !== "string" || !writeIsFresh({ updatedAt: state.updatedAt }, ctx.at.toISOString())) {
    await ctx.store.feedback.deleteDraft(ctx.respondent.id);
    return null;
  }
  if (isWriteState(stored.state)) {
    // "done": being sent by a concurrent event.
    return stored.state.step === "done" ? null : { kind: "write", state: stored.state, version: stored.version };
  }
  if (state.type === "followup") return { kind: "followup", state: stored.state as FollowUpState, version: stored.version };
  if (state.type === "reply") return { kind: "reply", state: stored.state as ReplyState, version: stored.version };
  return null;
}

/**
 * Events that belong to feedback, decided before consultations and surveys see them: its
 * buttons (`fb:`, `fbs:`), a shared phone number, `/reply`, and text typed while writing a
 * message, an answer or a reply. Null: not feedback's.
 */
export async function feedbackEvent(ctx: FeedbackContext, event: EngineEvent): Promise<Intent[] | null> {
  if (event.type === "press") {
    const data = event.data;
    if (data.startsWith("fbs:")) return staffPress(ctx, data);
    if (data === FB.write) return startDraft(ctx);
    const answer = ANSWER_ACTION.exec(data);
    if (answer?.[1]) return startFollowUp(ctx, answer[1]);
    if (!data.startsWith("fb:")) return null;
    const draft = await liveDraft(ctx);
    // A shared phone number with no message being written is not feedback's (asked again as a photo is).
    if (draft?.kind !== "write") return data.startsWith(CONTACT_PREFIX) ? null : [{ type: "stale" }];
    const writeEvent: WriteEvent = data.startsWith(CONTACT_PREFIX)
      ? { id: event.id, at: event.at, type: "contact", phone: data.slice(CONTACT_PREFIX.length) }
      : { id: event.id, at: event.at, type: "press", data };
    return write(ctx, draft, writeEvent);
  }
  if (event.type !== "text" && event.type !== "unsupported") return null;
  if (event.type === "text" && isReplyCommand(event.text)) return replyCommand(ctx, event.text);
  const draft = await liveDraft(ctx);
  if (!draft) return null;
  if (event.type === "unsupported") {
    return draft.kind === "write" ? write(ctx, draft, { id: event.id, at: event.at, type: "unsupported" }) : null;
  }
  switch (draft.kind) {
    case "write":
      return write(ctx, draft, { id: event.id, at: event.at, type: "text", text: event.text });
    case "followup":
      return followUpText(ctx, draft.state, event.text);
    case "reply":
      return replyText(ctx, draft.state, event.text);
    default: {
      const never: never = draft;
      throw new Error(`unknown draft ${JSON.stringify(never)}`);
    }
  }
}

async function write(ctx: FeedbackContext, draft: Draft & { kind: "write" }, event: WriteEvent): Promise<Intent[]> {
  const result = stepWriting(draft.state, event);
  if (result.state === draft.state) return result.intents;
  // Saved only if nobody changed it since it was read: of a double tap on Send, one sends.
  const claimed = await ctx.store.feedback.saveDraft(
    ctx.respondent.id,
    result.state ?? { ...draft.state, step: "done" },
    draft.version,
    ctx.at,
  );
  if (!claimed) {
    ctx.log.info({ event: "feedback-draft" }, "lost a race to a concurrent event; nothing changed");
    return [];
  }
  if (!result.state) await ctx.store.feedback.deleteDraft(ctx.respondent.id);
  return result.submit ? [...result.intents, ...(await submit(ctx, result.submit))] : result.intents;
}

/**
 * Text typed outside a survey (none under way) by someone who has talked to Glas before: it
 * is offered as a message to the service rather than refused. Null: the survey takes it.
 */
export async function offerOutsideSurvey(ctx: FeedbackContext, event: EngineEvent): Promise<Intent[] | null> {
  if (event.type !== "text" || ctx.respondent.locale === null || event.text.trim().startsWith("/")) return null;
  const session = await ctx.store.sessions.latestFor(ctx.respondent.id);
  if (
    session &&
    session.state.phase !== "completed" &&
    session.state.phase !== "declined" &&
    !isExpired(session.state, event.at)
  ) {
    return null;
  }
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  if (member && !member.revokedAt) return null;
  return startDraft(ctx, event.text);
}
