import type { AuditInput } from "../../reports/audit.ts";
import { type DeliveryFigures, deliveryFigures, type ReplyFigures, replyFigures } from "../../reports/consultations.ts";
import type { Consultation, Store } from "../../store/ports.ts";
import { deliveryCounts, recipientPrefix } from "./message.ts";

/** A consultation's figures as staff see them (`/results`) and the admin API gives them. */
export type ConsultationFigures = {
  delivery: DeliveryFigures;
  replies: ReplyFigures;
  /** Everything these figures show, for the auditor. */
  audit: AuditInput;
};

/**
 * Delivery and replies of one consultation, read from the store and passed through the
 * disclosure step: the one place `/results` and `GET /api/consultations/{id}` take them from.
 */
export async function consultationFigures(store: Store, c: Consultation, minCell: number): Promise<ConsultationFigures> {
  const [byStatus, replies] = await Promise.all([
    store.outbox.countByStatus(recipientPrefix(c.id)),
    store.consultations.replyCounts(c.id),
  ]);
  const delivery = deliveryFigures(deliveryCounts(byStatus), minCell, `delivery:${c.id}`);
  const figures = replyFigures(replies, c.choices?.length ?? 0, minCell, `replies:${c.id}`);
  return {
    delivery,
    replies: figures,
    audit: { cells: [...delivery.audit.cells, ...figures.audit.cells], sums: [...delivery.audit.sums, ...figures.audit.sums] },
  };
}
