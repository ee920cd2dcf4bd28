import { type Button, type Intent, i18n, literal, type Phrase } from "../../engine/intents.ts";
import type { FeedbackItem, Service, StaffMember } from "../../store/ports.ts";
import { formatDate } from "../staff/quiet-hours.ts";
import { type FeedbackContext, say } from "./context.ts";
import { FEEDBACK_MAX_CHARS } from "./conversation.ts";
import {
  answerButton,
  itemPhrases,
  notifyHandlers,
  queueTo,
  STAFF_ACTION,
  staffAsk,
  staffButton,
  staffButtons,
} from "./notify.ts";
import { readReference } from "./reference.ts";
import { covers, scopeOf } from "./routing.ts";

/** A worker writing a reply: their next text goes to the person. */
export type ReplyState = { v: 1; type: "reply"; ref: string; updatedAt: string };

/** Items listed by `/feedback` for staff, as buttons. */
const LIST_MAX = 10;
const KIND_ICON = { question: "❓", suggestion: "💡", complaint: "⚠️", thanks: "🙏", sensitive: "🛡" } as const;

/** `/reply F-7K3Q text`, with or without the bot's name. */
const REPLY_COMMAND = /^\/reply(?:@\w+)?(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i;

export function isReplyCommand(text: string): boolean {
  return /^\/reply(?:@\w+)?(?:\s|$)/i.test(text.trim());
}

async function activeMember(ctx: FeedbackContext): Promise<StaffMember | null> {
  const member = await ctx.store.staff.byRespondent(ctx.respondent.id);
  return member && !member.revokedAt ? member : null;
}

/** The item, if it is open and this member may act on it. */
async function itemInScope(
  ctx: FeedbackContext,
  member: StaffMember,
  ref: string,
): Promise<{ item: FeedbackItem; services: Service[] } | null> {
  const item = await ctx.store.feedback.byRef(ref);
  if (!item) return null;
  const services = await ctx.store.services.list();
  return covers(member, item.routedTo, item.serviceId, services) ? { item, services } : null;
}

/** `/feedback` from staff: the open items in their scope, oldest due first. */
export async function staffList(ctx: FeedbackContext, member: StaffMember): Promise<Intent[]> {
  const services = await ctx.store.services.list();
  const items = await ctx.store.feedback.inScope(scopeOf(member, services), LIST_MAX);
  if (items.length === 0) return [say("feedback.staff.none")];
  const name = (id: string | null) => services.find((s) => s.id === id)?.name ?? "—";
  const buttons: Button[][] = items.map((item) => [
    {
      id: staffButton("o", item.ref),
      label: literal(
        `${item.dueAt < ctx.at && item.status === "open" ? "⏰ " : ""}${item.ref} ${KIND_ICON[item.kind]} ${name(item.serviceId)} · ${formatDate(item.dueAt, ctx.locale, ctx.options.timezone)}`,
      ),
    },
  ]);
  return [
    {
      type: "ask",
      ref: "feedback-staff:list",
      parts: [i18n("feedback.staff.list", { count: items.length })],
      buttons,
      input: "buttons",
    },
  ];
}

/** A staff button under an item (`fbs:<r|c|p|o>:<ref>`). */
export async function staffPress(ctx: FeedbackContext, data: string): Promise<Intent[]> {
  const match = STAFF_ACTION.exec(data);
  const member = await activeMember(ctx);
  if (!member) return [say("staff.only")];
  const found = match?.[2] ? await itemInScope(ctx, member, match[2]) : null;
  if (!match || !found) return [{ type: "stale" }];
  const { item, services } = found;
  if (item.status === "closed") return [say("feedback.staff.alreadyClosed", { ref: item.ref })];
  switch (match[1]) {
    case "o":
      return [staffAsk(item.ref, await thread(ctx, item, services), staffButtons(item))];
    case "r": {
      const state: ReplyState = { v: 1, type: "reply", ref: item.ref, updatedAt: ctx.at.toISOString() };
      await ctx.store.feedback.saveDraft(ctx.respondent.id, state, null, ctx.at);
      return [say("feedback.staff.typeReply", { ref: item.ref, max: FEEDBACK_MAX_CHARS })];
    }
    case "c":
      return close(ctx, item);
    case "p":
      return pass(ctx, item, services);
    default:
      return [{ type: "stale" }];
  }
}

/** The thread as staff see it: who wrote each message by role only. */
async function thread(ctx: FeedbackContext, item: FeedbackItem, services: Service[]): Promise<Phrase[]> {
  const messages = await ctx.store.feedback.messages(item.id);
  const texts = messages.map((m) =>
    m.text === null
      ? i18n("feedback.staff.erased")
      : i18n(m.author === "person" ? "feedback.staff.fromPerson" : "feedback.staff.fromStaff", { text: m.text }),
  );
  return itemPhrases(item, services, ctx.options, ctx.locale, i18n("feedback.staff.item", { ref: item.ref }), texts);
}

async function close(ctx: FeedbackContext, item: FeedbackItem): Promise<Intent[]> {
  const relay = await ctx.store.feedback.relay(item.id);
  if (!(await ctx.store.feedback.close(item.id, ctx.at))) return [say("feedback.staff.alreadyClosed", { ref: item.ref })];
  if (relay) {
    const intents: Intent[] = [say("feedback.closed.person", { ref: item.ref })];
    await queueTo(ctx.store, ctx.options, relay, intents, `fb:closed:${item.ref}`);
  }
  ctx.log.info({ event: "feedback-closed", kind: item.kind }, "feedback closed");
  return [say("feedback.staff.closed", { ref: item.ref })];
}

async function pass(ctx: FeedbackContext, item: FeedbackItem, services: Service[]): Promise<Intent[]> {
  if (item.routedTo === "directorate" || !(await ctx.store.feedback.reroute(item.id, item.routedTo, "directorate"))) {
    return [{ type: "stale" }];
  }
  const moved: FeedbackItem = { ...item, routedTo: "directorate" };
  const messages = await ctx.store.feedback.messages(item.id);
  const texts = messages.filter((m) => m.author === "person" && m.text).map((m) => literal(m.text ?? ""));
  await notifyHandlers(ctx.store, ctx.options, moved, await ctx.store.feedback.handlers(), services, {
    key: `fb:pass:${item.ref}`,
    heading: "feedback.staff.passed",
    texts,
    buttons: true,
  });
  ctx.log.info({ event: "feedback-passed", kind: item.kind }, "feedback passed to the directorate");
  return [say("feedback.staff.passedDone", { ref: item.ref })];
}

/** `/reply F-7K3Q text`. */
export async function replyCommand(ctx: FeedbackContext, text: string): Promise<Intent[]> {
  const member = await activeMember(ctx);
  if (!member) return [say("staff.only")];
  const match = REPLY_COMMAND.exec(text.trim());
  const ref = match?.[1] ? readReference(match[1]) : null;
  const body = match?.[2]?.trim() ?? "";
  if (!ref || body === "") return [say("feedback.staff.replyUsage")];
  return reply(ctx, member, ref, body);
}

/** The text typed after pressing Reply. */
export async function replyText(ctx: FeedbackContext, state: ReplyState, text: string): Promise<Intent[]> {
  const member = await activeMember(ctx);
  await ctx.store.feedback.deleteDraft(ctx.respondent.id);
  if (!member) return [say("staff.only")];
  return reply(ctx, member, state.ref, text.trim());
}

/**
 * A worker's answer, relayed to the person with the reference and the worker's role, never
 * their name. The person may answer it once.
 */
async function reply(ctx: FeedbackContext, member: StaffMember, ref: string, text: string): Promise<Intent[]> {
  if (text === "") return [say("feedback.staff.replyEmpty")];
  if (text.length > FEEDBACK_MAX_CHARS) return [say("feedback.answer.tooLong", { count: FEEDBACK_MAX_CHARS })];
  const found = await itemInScope(ctx, member, ref);
  if (!found) return [say("feedback.staff.unknown", { ref })];
  const { item, services } = found;
  if (item.status === "closed") return [say("feedback.staff.alreadyClosed", { ref })];
  const relay = await ctx.store.feedback.relay(item.id);
  if (!relay) return [say("feedback.staff.gone", { ref })];
  const seq = await ctx.store.feedback.addMessage(item.id, { author: "staff", staffId: member.id, text, at: ctx.at });
  await ctx.store.feedback.markAnswered(item.id, ctx.at);
  const fromPerson = (await ctx.store.feedback.messages(item.id)).filter((m) => m.author === "person").length;
  const canAnswer = fromPerson < 2;
  const parts: Phrase[] = [i18n("feedback.reply.heading", { ref }), rolePhrase(member, item, services), literal(text)];
  if (canAnswer) parts.push(i18n("feedback.reply.canAnswer"));
  await queueTo(
    ctx.store,
    ctx.options,
    relay,
    [
      canAnswer
        ? {
            type: "ask",
            ref: `feedback-reply:${ref}`,
            parts,
            buttons: [[{ id: answerButton(ref), label: i18n("feedback.reply.answer") }]],
            input: "buttons",
          }
        : { type: "say", parts },
    ],
    `fb:reply:${ref}:${seq}`,
  );
  ctx.log.info({ event: "feedback-reply", kind: item.kind, role: member.role }, "feedback reply relayed");
  return [say("feedback.staff.replied", { ref })];
}

/** "From: the social worker of Centrul de zi" — the role, never the name. */
function rolePhrase(member: StaffMember, item: FeedbackItem, services: Service[]): Phrase {
  if (member.role === "social_worker") {
    const service = services.find((s) => s.id === (member.serviceId ?? item.serviceId));
    return service ? i18n("feedback.role.social_worker", { service: service.name }) : i18n("feedback.role.social_worker_any");
  }
  return i18n(`feedback.role.${member.role}`);
}
