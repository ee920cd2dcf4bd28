import { LOCALES, type Locale } from "../../engine/locale.ts";
import type { CountCell } from "../../reports/disclosure.ts";
import type { Audience, ConsultationStatus, LocalizedText, Store } from "../../store/ports.ts";
import { ADMIN_API, type AuditWho, OPERATOR, recordAudit } from "../privacy/audit.ts";
import { consultationFigures } from "./figures.ts";
import { newConsultationId } from "./message.ts";
import { startConsultation } from "./start-consultation.ts";

export type NewApiConsultation = { text: LocalizedText; choices?: LocalizedText[] | undefined; audience: Audience };

/** A request that is well-formed but names something that does not fit (an unknown service...). */
export type Problem = { path: (string | number)[]; message: string };

/** The language the question is "written in": the default one if given, else the first given. */
function sourceLocale(text: LocalizedText, defaultLocale: Locale): Locale | null {
  if (text[defaultLocale] !== undefined) return defaultLocale;
  return LOCALES.find((l) => text[l] !== undefined) ?? null;
}

/** A consultation from the admin API, as a draft: nothing is sent until `send`. */
export async function createConsultation(
  store: Store,
  input: NewApiConsultation,
  defaultLocale: Locale,
  minCell: number,
): Promise<{ id: string } | { problems: Problem[] }> {
  const source = sourceLocale(input.text, defaultLocale);
  const problems: Problem[] = [];
  if (!source) problems.push({ path: ["text"], message: "give the question in at least one language" });
  input.choices?.forEach((choice, i) => {
    if (source && choice[source] === undefined) {
      problems.push({ path: ["choices", i, source], message: `every choice needs the question's language (${source})` });
    }
  });
  if ("service" in input.audience && !(await store.services.byCode(input.audience.service))) {
    problems.push({ path: ["audience", "service"], message: `no service with code "${input.audience.service}"` });
  }
  if ("locality" in input.audience && !(await store.staff.localityByName(input.audience.locality))) {
    problems.push({ path: ["audience", "locality"], message: `no locality named "${input.audience.locality}"` });
  }
  if (problems.length === 0) {
    const total = Object.values(await store.consultations.recipientCounts(input.audience)).reduce((a, b) => a + b, 0);
    // Replies are anonymous only among enough people (as the chat's preview refuses it).
    if (total > 0 && total < minCell) {
      problems.push({
        path: ["audience"],
        message: `this audience reaches ${total} people; replies stay anonymous only among at least MIN_CELL (${minCell}): choose a wider audience (a locality, or all)`,
      });
    }
  }
  if (problems.length > 0 || !source) return { problems };
  const id = newConsultationId();
  await store.consultations.create({
    id,
    createdById: null,
    sourceLocale: source,
    text: input.text,
    choices: input.choices ?? null,
    audience: input.audience,
  });
  return { id };
}

/** A count of people as the API gives it: the number, or "<5" / "x" where the disclosure step hides it. */
export type ApiCount = number | string;

export const apiCount = (cell: CountCell): ApiCount => (cell.type === "shown" ? cell.n : cell.label);

export type ConsultationReport = {
  id: string;
  /** `scheduled`: sending waits for the end of quiet hours. */
  status: ConsultationStatus | "scheduled";
  scheduledAt: string | null;
  total: ApiCount;
  sent: ApiCount;
  failed: ApiCount;
  pending: ApiCount;
  replies: ApiCount;
  /** People who chose each choice, in order; null for a free-text question. */
  choices: ApiCount[] | null;
};

/** Delivery counts from the outbox and the replies, through the disclosure step; null for an unknown id. */
export async function reportConsultation(
  store: Store,
  id: string,
  now: Date,
  minCell: number,
): Promise<ConsultationReport | null> {
  const c = await store.consultations.get(id);
  if (!c) return null;
  const { delivery, replies } = await consultationFigures(store, c, minCell);
  const scheduled = c.status === "sending" && c.scheduledAt !== null && c.scheduledAt > now;
  return {
    id,
    status: scheduled ? "scheduled" : c.status,
    scheduledAt: c.scheduledAt?.toISOString() ?? null,
    total: apiCount(delivery.total),
    sent: apiCount(delivery.sent),
    failed: apiCount(delivery.failed),
    pending: apiCount(delivery.pending),
    replies: apiCount(replies.replies),
    choices: c.choices ? replies.choices.map((f) => apiCount(f.count)) : null,
  };
}

/**
 * Starts sending (quiet hours apply: between 21:00 and 08:00 it is scheduled for 08:00).
 * Idempotent: sending again changes nothing. Null for an unknown id.
 */
export async function sendConsultation(
  store: Store,
  id: string,
  now: Date,
  options: { timezone: string; minCell: number },
): Promise<ConsultationReport | null> {
  const c = await store.consultations.get(id);
  if (!c) return null;
  if (c.status === "draft") await startConsultation(store, c, ADMIN_API, now, options.timezone);
  return reportConsultation(store, id, now, options.minCell);
}

/** Takes a member's staff rights away, recorded in the audit log; false when there is no such active member. */
export async function revokeStaff(store: Store, staffId: string, now: Date, who: AuditWho = OPERATOR): Promise<boolean> {
  const member = (await store.staff.list()).find((m) => m.id === staffId);
  if (!member || !(await store.staff.revoke(staffId, now))) return false;
  await recordAudit(
    store,
    { actor: who.actor, staffId: member.id, role: member.role },
    "staff.revoked",
    {
      service: member.service,
      locality: member.locality,
    },
    now,
  );
  return true;
}
