import type { Intent } from "../../engine/intents.ts";
import type { StaffMember, StoredDraft } from "../../store/ports.ts";
import { staffWho } from "../privacy/audit.ts";
import { recipientSummary } from "./audience.ts";
import { activeStaff, type StaffContext, say } from "./context.ts";
import {
  type DraftEvent,
  type DraftLookups,
  type DraftResult,
  type DraftState,
  newDraft,
  promptFor,
  stepDraft,
} from "./draft.ts";
import { clip, inLocale, newConsultationId } from "./message.ts";
import { formatLocalTime } from "./quiet-hours.ts";
import { startConsultation } from "./start-consultation.ts";

export { DRAFT_TTL_MS, type DraftState, draftIsFresh, isDraftState } from "./draft.ts";

/**
 * The `/consult` conversation around its pure step (draft.ts): the store is read before each
 * step (the lookups) and written after it (the draft, or the consultation on confirm).
 */

/** What a step of this worker's draft reads. */
async function lookupsFor(ctx: StaffContext, staff: StaffMember, state: DraftState): Promise<DraftLookups> {
  const [services, localities, ownLocality, counts] = await Promise.all([
    ctx.store.services.list(),
    ctx.store.staff.localities(),
    staff.localityId ? ctx.store.staff.localityById(staff.localityId) : Promise.resolve(null),
    ctx.store.consultations.recipientCounts(state.audience ?? { all: true }),
  ]);
  return {
    staff,
    services,
    localities,
    ownLocality,
    recipients: recipientSummary(counts),
    locale: ctx.locale,
    at: ctx.at,
    timezone: ctx.options.timezone,
    minCell: ctx.options.minCell,
  };
}

/** `/consult`: staff only; starts a new draft (replacing an unfinished one). */
export async function startDraft(ctx: StaffContext): Promise<Intent[]> {
  const staff = await activeStaff(ctx);
  if (!staff) return [say("staff.only")];
  const state = newDraft(newConsultationId(), ctx.locale, ctx.at);
  await ctx.store.consultations.saveDraft(ctx.respondent.id, state, null, ctx.at);
  ctx.log.info({ event: "consult-draft", step: state.step }, "consultation draft started");
  return [promptFor(state, await lookupsFor(ctx, staff, state))];
}

/** `/cancel`, or the Cancel button. */
export async function cancelDraft(ctx: StaffContext, stored: StoredDraft | null): Promise<Intent[]> {
  if (!stored) return [say("consult.nothingToCancel")];
  await ctx.store.consultations.deleteDraft(ctx.respondent.id);
  return [say("consult.cancelled")];
}

/** Typed text while drafting belongs to the draft, never to a survey. */
export function draftText(ctx: StaffContext, stored: StoredDraft, text: string, eventId: string): Promise<Intent[]> {
  return draftEvent(ctx, stored, { id: eventId, type: "text", text });
}

/** A photo or a sticker while drafting: asked again. */
export function draftUnsupported(ctx: StaffContext, stored: StoredDraft): Promise<Intent[]> {
  return draftEvent(ctx, stored, { id: "", type: "unsupported" });
}

/** A button of the drafting conversation (`cs:<draft>:<action>`). */
export async function draftPress(
  ctx: StaffContext,
  stored: StoredDraft | null,
  data: string,
  eventId: string,
): Promise<Intent[]> {
  // Another draft's button (or a forged one) is stale, whoever presses it.
  if (!stored || !data.startsWith(`cs:${(stored.state as DraftState).id}:`)) return [{ type: "stale" }];
  return draftEvent(ctx, stored, { id: eventId, type: "press", data });
}

async function draftEvent(ctx: StaffContext, stored: StoredDraft, event: DraftEvent): Promise<Intent[]> {
  const state = stored.state as DraftState;
  if (state.seen.includes(event.id)) return [];
  const staff = await activeStaff(ctx);
  if (!staff) {
    // A worker revoked mid-draft: what they type next goes back to the survey.
    if (event.type === "text") await ctx.store.consultations.deleteDraft(ctx.respondent.id);
    return [say("staff.only")];
  }
  const result = stepDraft(state, event, await lookupsFor(ctx, staff, state));
  return apply(ctx, staff, stored, result);
}

async function apply(ctx: StaffContext, staff: StaffMember, stored: StoredDraft, result: DraftResult): Promise<Intent[]> {
  if (result.confirm) return confirm(ctx, staff, result.confirm);
  if (result.drop) {
    await ctx.store.consultations.deleteDraft(ctx.respondent.id);
    return result.intents;
  }
  if (result.save) {
    if (!(await ctx.store.consultations.saveDraft(ctx.respondent.id, result.save, stored.version, ctx.at))) {
      ctx.log.info({ event: "consult-draft" }, "lost a race to a concurrent event; nothing changed");
      return [];
    }
    ctx.log.debug({ event: "consult-draft", step: result.save.step }, "consultation draft step");
  }
  return result.intents;
}

/** The draft becomes a consultation and starts sending; the fan-out job writes the outbox rows. */
async function confirm(ctx: StaffContext, staff: StaffMember, confirmed: NonNullable<DraftResult["confirm"]>): Promise<Intent[]> {
  const { consultation, answered, recipients: total } = confirmed;
  await ctx.store.consultations.create({ ...consultation, createdById: staff.id });
  const { started, scheduledAt } = await startConsultation(
    ctx.store,
    consultation,
    staffWho(staff),
    ctx.at,
    ctx.options.timezone,
  );
  await ctx.store.consultations.deleteDraft(ctx.respondent.id);
  if (!started) return [say("consult.sent.already")];
  ctx.log.info({ event: "consult-confirmed", consultation: consultation.id, recipients: total }, "consultation confirmed");
  const question = clip(inLocale(consultation.text, ctx.locale, consultation.sourceLocale), 80);
  if (scheduledAt > ctx.at) {
    const time = formatLocalTime(scheduledAt, ctx.locale, ctx.options.timezone);
    return [answered, say("consult.sent.scheduled", { count: total, time, question })];
  }
  return [answered, say("consult.sent.now", { count: total, question })];
}
