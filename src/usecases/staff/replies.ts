import { type Intent, literal } from "../../engine/intents.ts";
import { isExpired } from "../../engine/state.ts";
import { resumeIntents } from "../../engine/step.ts";
import type { AwaitedReply } from "../../store/ports.ts";
import { type StaffContext, say } from "./context.ts";
import { CONSULT_REF, CONSULTATION_ID, inLocale, REPLY_MAX_CHARS } from "./message.ts";

/** A free-text consultation waits this long for the typed reply. */
export const AWAIT_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const DATA = /^cr:([a-z0-9]{12}):(\d{1,2}|r)$/;

/**
 * A button under a consultation (`cr:<id>:<choice>` or `cr:<id>:r` for "Reply"). One reply
 * per person and consultation: the first counts, a later tap changes nothing.
 */
export async function replyPress(ctx: StaffContext, data: string): Promise<Intent[]> {
  const match = DATA.exec(data);
  const id = match?.[1];
  const consultation = id && CONSULTATION_ID.test(id) ? await ctx.store.consultations.get(id) : null;
  if (!match || !consultation || consultation.status === "draft") return [{ type: "stale" }];
  const { respondent } = ctx;
  // Only someone it was sent to, once sending began (a button's data can be typed by anyone).
  if (!(await ctx.store.consultations.mayReply(consultation.id, respondent.id, ctx.at))) return [{ type: "stale" }];
  if (match[2] === "r") {
    if (consultation.choices) return [{ type: "stale" }];
    if (await ctx.store.consultations.hasReplied(consultation.id, respondent.id)) return [say("consult.reply.already")];
    await ctx.store.consultations.awaitExplicit(respondent.id, consultation.id, ctx.at);
    return [say("consult.reply.typeNow")];
  }
  const choice = Number(match[2]);
  const label = consultation.choices?.[choice];
  if (!label) return [{ type: "stale" }];
  const recorded = await ctx.store.consultations.reply(
    { consultationId: consultation.id, respondentId: respondent.id, choice, text: null },
    ctx.at,
  );
  if (!recorded) return [say("consult.reply.already"), ...(await resumeSurvey(ctx))];
  ctx.log.info({ event: "consult-reply", consultation: consultation.id, kind: "choice" }, "consultation reply recorded");
  return [
    { type: "answered", ref: CONSULT_REF, parts: [literal(inLocale(label, ctx.locale, consultation.sourceLocale))] },
    say("consult.reply.thanks"),
    ...(await resumeSurvey(ctx)),
  ];
}

/** Whether a typed text answers the awaited consultation rather than a survey. */
export function awaitingApplies(awaiting: AwaitedReply, at: Date, inSurvey: boolean): boolean {
  const from = awaiting.activeFrom.getTime();
  const active = at.getTime() >= from && at.getTime() - from <= AWAIT_TTL_MS;
  return active && (awaiting.explicit || !inSurvey);
}

/** The typed reply to a free-text consultation. */
/** Null when the consultation is gone: the text is then an ordinary message. */
export async function replyText(ctx: StaffContext, awaiting: AwaitedReply, text: string): Promise<Intent[] | null> {
  const value = text.trim();
  if (value === "") return [say("consult.reply.empty")];
  if (value.length > REPLY_MAX_CHARS) return [say("consult.reply.tooLong", { count: REPLY_MAX_CHARS })];
  const consultation = await ctx.store.consultations.get(awaiting.consultationId);
  await ctx.store.consultations.clearAwait(ctx.respondent.id);
  if (!consultation || consultation.choices) return null;
  if (!(await ctx.store.consultations.mayReply(consultation.id, ctx.respondent.id, ctx.at))) return null;
  const recorded = await ctx.store.consultations.reply(
    { consultationId: consultation.id, respondentId: ctx.respondent.id, choice: null, text: value },
    ctx.at,
  );
  if (!recorded) return [say("consult.reply.already"), ...(await resumeSurvey(ctx))];
  ctx.log.info({ event: "consult-reply", consultation: consultation.id, kind: "text" }, "consultation reply recorded");
  return [say("consult.reply.thanks"), ...(await resumeSurvey(ctx))];
}

/**
 * After a reply, the question of a survey the person is in the middle of, asked again: a
 * broadcast arriving mid-survey must not leave them stranded. In Viber the broadcast's
 * keyboard replaced the question's, and in either messenger the question is now far up.
 */
async function resumeSurvey(ctx: StaffContext): Promise<Intent[]> {
  const session = await ctx.store.sessions.latestFor(ctx.respondent.id);
  const at = ctx.at.toISOString();
  if (session?.state.phase !== "question" || isExpired(session.state, at)) return [];
  const survey = await ctx.store.surveys.version(session.state.survey.slug, session.state.survey.version);
  return survey ? resumeIntents({ version: survey.version, definition: survey.definition }, session.state, at) : [];
}
