import { type Intent, i18n, literal } from "../../engine/intents.ts";
import type { FeedbackItem, Store } from "../../store/ports.ts";
import { formatDate } from "../staff/quiet-hours.ts";
import { type FeedbackContext, say } from "./context.ts";
import { FB, FEEDBACK_MAX_CHARS, type Submission, startWriting } from "./conversation.ts";
import { notifyHandlers } from "./notify.ts";
import { dueDate, newReference, REFERENCE_LENGTH } from "./reference.ts";
import { routeFor } from "./routing.ts";

/** References tried before taking a longer one (a clash among 920,000 is rare). */
const REFERENCE_TRIES = 6;

/** The person answering a staff reply, once: their next text is the answer. */
export type FollowUpState = { v: 1; type: "followup"; ref: string; updatedAt: string };

/**
 * A person's items whose thread is open: reference, kind, due date. For `/feedback` and
 * `/mydata` (what Glas keeps about the person).
 * @example const open = await listOpenFeedback(store, respondent.id);
 */
export async function listOpenFeedback(
  store: Store,
  respondentId: string,
): Promise<Pick<FeedbackItem, "ref" | "kind" | "status" | "createdAt" | "dueAt">[]> {
  return (await store.feedback.openFor(respondentId)).map(({ ref, kind, status, createdAt, dueAt }) => ({
    ref,
    kind,
    status,
    createdAt,
    dueAt,
  }));
}

/** `/feedback` from a beneficiary: their open references, then a new message. */
export async function personCommand(ctx: FeedbackContext): Promise<Intent[]> {
  const open = await listOpenFeedback(ctx.store, ctx.respondent.id);
  const intents: Intent[] = [];
  if (open.length > 0) {
    intents.push({
      type: "say",
      parts: [
        i18n("feedback.mine.title", { count: open.length }),
        ...open.map((item) =>
          i18n(`feedback.mine.${item.status === "answered" ? "answered" : "open"}`, {
            ref: item.ref,
            due: formatDate(item.dueAt, ctx.locale, ctx.options.timezone),
          }),
        ),
      ],
    });
  }
  return [...intents, ...(await startDraft(ctx))];
}

/** Starts writing (replacing an unfinished message); `text`: typed outside a survey, offered as a message. */
export async function startDraft(ctx: FeedbackContext, text?: string): Promise<Intent[]> {
  const { state, intents } = startWriting(ctx.at.toISOString(), text);
  await ctx.store.feedback.saveDraft(ctx.respondent.id, state, null, ctx.at);
  return intents;
}

/** The confirmed message becomes an item: reference, due date, and a message to whoever handles it. */
export async function submit(ctx: FeedbackContext, s: Submission): Promise<Intent[]> {
  const { store, options } = ctx;
  const [services, handlers] = await Promise.all([store.services.list(), store.feedback.handlers()]);
  const serviceId = ctx.respondent.serviceId;
  const routedTo = routeFor(s.kind, serviceId, handlers, services);
  const dueAt = dueDate(ctx.at, options.responseDays, options.timezone);
  let item: FeedbackItem | null = null;
  for (let attempt = 0; !item; attempt++) {
    const candidate: FeedbackItem = {
      id: crypto.randomUUID(),
      ref: newReference(attempt < REFERENCE_TRIES ? REFERENCE_LENGTH : REFERENCE_LENGTH + 1),
      kind: s.kind,
      serviceId,
      routedTo,
      status: "open",
      createdAt: ctx.at,
      dueAt,
      answeredAt: null,
      closedAt: null,
      remindedOn: null,
    };
    const { id, ref, kind, createdAt } = candidate;
    const link = { respondentId: ctx.respondent.id, contact: s.contact };
    if (await store.feedback.create({ id, ref, kind, serviceId, routedTo, createdAt, dueAt }, s.text, link)) item = candidate;
  }
  const texts = [literal(s.text), ...(s.contact ? [i18n("feedback.staff.callBack", { phone: s.contact })] : [])];
  const reached = await notifyHandlers(store, options, item, handlers, services, {
    key: `fb:new:${item.ref}`,
    heading: "feedback.staff.new",
    texts,
    buttons: true,
  });
  ctx.log.info({ event: "feedback", kind: item.kind, route: routedTo, reached }, "feedback received");
  return [
    say(s.kind === "sensitive" ? "feedback.sent.sensitive" : "feedback.sent.done", {
      ref: item.ref,
      due: formatDate(dueAt, ctx.locale, options.timezone),
    }),
  ];
}

/** "↩ Answer" under a relayed reply: their next text answers it, once. */
export async function startFollowUp(ctx: FeedbackContext, ref: string): Promise<Intent[]> {
  const check = await followUpAllowed(ctx, ref);
  if (check !== "ok") return [say(check)];
  const state: FollowUpState = { v: 1, type: "followup", ref, updatedAt: ctx.at.toISOString() };
  await ctx.store.feedback.saveDraft(ctx.respondent.id, state, null, ctx.at);
  return [say("feedback.answer.typeNow", { ref, max: FEEDBACK_MAX_CHARS })];
}

async function followUpAllowed(
  ctx: FeedbackContext,
  ref: string,
): Promise<"ok" | "feedback.answer.closed" | "feedback.answer.already"> {
  const item = await ctx.store.feedback.byRef(ref);
  const relay = item && item.status !== "closed" ? await ctx.store.feedback.relay(item.id) : null;
  if (!item || !relay || relay.respondentId !== ctx.respondent.id) return "feedback.answer.closed";
  const fromPerson = (await ctx.store.feedback.messages(item.id)).filter((m) => m.author === "person").length;
  return fromPerson >= 2 ? "feedback.answer.already" : "ok";
}

/** Their one answer to a reply, relayed to whoever handles the item. */
export async function followUpText(ctx: FeedbackContext, state: FollowUpState, text: string): Promise<Intent[]> {
  const value = text.trim();
  if (value === "") return [say("feedback.answer.empty")];
  if (value.length > FEEDBACK_MAX_CHARS) return [say("feedback.answer.tooLong", { count: FEEDBACK_MAX_CHARS })];
  await ctx.store.feedback.deleteDraft(ctx.respondent.id);
  const check = await followUpAllowed(ctx, state.ref);
  const item = await ctx.store.feedback.byRef(state.ref);
  if (check !== "ok" || !item) return [say(check === "ok" ? "feedback.answer.closed" : check)];
  const seq = await ctx.store.feedback.addMessage(item.id, { author: "person", staffId: null, text: value, at: ctx.at });
  const [services, handlers] = await Promise.all([ctx.store.services.list(), ctx.store.feedback.handlers()]);
  await notifyHandlers(ctx.store, ctx.options, item, handlers, services, {
    key: `fb:ans:${item.ref}:${seq}`,
    heading: "feedback.staff.answered",
    texts: [literal(value)],
    buttons: true,
  });
  ctx.log.info({ event: "feedback-answer", kind: item.kind }, "feedback answer relayed");
  return [say("feedback.answer.sent", { ref: item.ref })];
}

/** The thank-you at the end of a survey gets a "✉ Write to us" button. */
export function withWriteToUs(intents: Intent[]): Intent[] {
  const end = intents.findIndex((i) => i.type === "end" && i.outcome === "completed");
  const thanks = end > 0 ? intents[end - 1] : undefined;
  if (thanks?.type !== "say") return intents;
  const out = [...intents];
  out[end - 1] = {
    type: "ask",
    ref: "feedback:thanks",
    parts: thanks.parts,
    buttons: [[{ id: FB.write, label: i18n("feedback.button.write") }]],
    input: "buttons",
  };
  return out;
}
