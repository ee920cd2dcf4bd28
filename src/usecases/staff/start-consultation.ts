import type { Audience, Store } from "../../store/ports.ts";
import { type AuditWho, audienceScope, recordAudit } from "../privacy/audit.ts";
import { broadcastStart } from "./quiet-hours.ts";

export type StartedConsultation = {
  /** False when it had started already (a second confirm, a second `send`): nothing changed. */
  started: boolean;
  /** When sending begins: now, or 08:00 after quiet hours. */
  scheduledAt: Date;
};

/**
 * Starts sending a consultation, the same from the chat's confirm and the admin API's `send`:
 * quiet hours apply (between 21:00 and 08:00 it waits for 08:00), the start is recorded in the
 * audit log under `who`, and the fan-out job then writes one outbox row per recipient.
 * Idempotent: a second start changes nothing and records nothing.
 */
export async function startConsultation(
  store: Store,
  consultation: { id: string; audience: Audience },
  who: AuditWho,
  now: Date,
  timezone: string,
): Promise<StartedConsultation> {
  const scheduledAt = broadcastStart(now, timezone);
  const started = await store.consultations.startSending(consultation.id, scheduledAt);
  if (started) await recordAudit(store, who, "broadcast.confirmed", audienceScope(consultation.audience, consultation.id), now);
  return { started, scheduledAt };
}
