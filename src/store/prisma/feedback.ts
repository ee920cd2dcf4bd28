import { isLocale } from "../../engine/locale.ts";
import type {
  FeedbackAuthor,
  FeedbackItem,
  FeedbackKind,
  FeedbackMessage,
  FeedbackRoute,
  FeedbackStatus,
  FeedbackStore,
} from "../ports.ts";
import { isUniqueViolation, type PrismaClient, sqlTime } from "./client.ts";
import { versionedDrafts } from "./drafts.ts";
import type { Sql } from "./sql.ts";

type ItemRow = {
  id: string;
  ref: string;
  kind: string;
  serviceId: string | null;
  routedTo: string;
  status: string;
  createdAt: Date;
  dueAt: Date;
  answeredAt: Date | null;
  closedAt: Date | null;
  remindedOn: string | null;
};

const toItem = (row: ItemRow): FeedbackItem => ({
  id: row.id,
  ref: row.ref,
  kind: row.kind as FeedbackKind,
  serviceId: row.serviceId,
  routedTo: row.routedTo as FeedbackRoute,
  status: row.status as FeedbackStatus,
  createdAt: row.createdAt,
  dueAt: row.dueAt,
  answeredAt: row.answeredAt,
  closedAt: row.closedAt,
  remindedOn: row.remindedOn,
});

type MessageRow = { seq: number; author: string; staffId: string | null; text: string | null; createdAt: Date };

const toMessage = (row: MessageRow): FeedbackMessage => ({
  seq: row.seq,
  author: row.author as FeedbackAuthor,
  staffId: row.staffId,
  text: row.text,
  createdAt: row.createdAt,
});

/** Staff who receive feedback are people in a messenger; `terminal` is `glas simulate`. */
const MESSENGERS = ["telegram", "viber"];
/** Two writers appending at once: the loser takes the next number. */
const APPEND_TRIES = 3;

export function createFeedbackStore(db: PrismaClient, sql: Sql): FeedbackStore {
  return {
    async create(item, text, link) {
      try {
        await db.feedback.create({ data: { ...item, status: "open" } });
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
      await db.feedbackMessage.create({
        data: { id: crypto.randomUUID(), feedbackId: item.id, seq: 1, author: "person", text, createdAt: item.createdAt },
      });
      await db.feedbackLink.create({ data: { feedbackId: item.id, respondentId: link.respondentId, contact: link.contact } });
      return true;
    },

    async byRef(ref) {
      const row = await db.feedback.findUnique({ where: { ref } });
      return row ? toItem(row) : null;
    },

    async messages(feedbackId) {
      const rows = await db.feedbackMessage.findMany({ where: { feedbackId }, orderBy: { seq: "asc" } });
      return rows.map(toMessage);
    },

    async addMessage(feedbackId, message) {
      for (let attempt = 0; ; attempt++) {
        const last = await db.feedbackMessage.findFirst({
          where: { feedbackId },
          orderBy: { seq: "desc" },
          select: { seq: true },
        });
        const seq = (last?.seq ?? 0) + 1;
        try {
          await db.feedbackMessage.create({
            data: {
              id: crypto.randomUUID(),
              feedbackId,
              seq,
              author: message.author,
              staffId: message.staffId,
              text: message.text,
              createdAt: message.at,
            },
          });
          return seq;
        } catch (err) {
          if (!isUniqueViolation(err) || attempt + 1 >= APPEND_TRIES) throw err;
        }
      }
    },

    async relay(feedbackId) {
      const row = await db.feedbackLink.findUnique({
        where: { feedbackId },
        include: { respondent: { select: { channel: true, platformId: true, locale: true } } },
      });
      if (!row) return null;
      const r = row.respondent;
      return {
        respondentId: row.respondentId,
        contact: row.contact,
        channel: r.channel,
        platformId: r.platformId,
        locale: isLocale(r.locale) ? r.locale : null,
      };
    },

    async markAnswered(id, at) {
      await sql.execute(
        `UPDATE "Feedback" SET "answeredAt" = COALESCE("answeredAt", ?),
           "status" = CASE WHEN "status" = 'closed' THEN 'closed' ELSE 'answered' END WHERE "id" = ?`,
        sqlTime(at),
        id,
      );
    },

    async close(id, at) {
      const changed = await sql.execute(
        `UPDATE "Feedback" SET "status" = 'closed', "closedAt" = ? WHERE "id" = ? AND "status" <> 'closed'`,
        sqlTime(at),
        id,
      );
      // The relay is needed only while the thread is open.
      await sql.execute(`DELETE FROM "FeedbackLink" WHERE "feedbackId" = ?`, id);
      return changed === 1;
    },

    async reroute(id, from, to) {
      const changed = await sql.execute(
        `UPDATE "Feedback" SET "routedTo" = ? WHERE "id" = ? AND "routedTo" = ? AND "status" <> 'closed'`,
        to,
        id,
        from,
      );
      return changed === 1;
    },

    async openFor(respondentId) {
      const rows = await db.feedback.findMany({
        where: { link: { respondentId }, status: { not: "closed" } },
        orderBy: { createdAt: "desc" },
      });
      return rows.map(toItem);
    },

    async inScope(scope, limit) {
      const serviceRoute = scope.routes.includes("service");
      const others = scope.routes.filter((r) => r !== "service");
      const rows = await db.feedback.findMany({
        where: {
          status: { not: "closed" },
          OR: [
            ...(others.length > 0 ? [{ routedTo: { in: others } }] : []),
            ...(serviceRoute
              ? [{ routedTo: "service", ...(scope.serviceIds ? { serviceId: { in: scope.serviceIds } } : {}) }]
              : []),
          ],
        },
        orderBy: [{ dueAt: "asc" }, { ref: "asc" }],
        take: limit,
      });
      return rows.map(toItem);
    },

    async overdue(now, day) {
      const rows = await db.feedback.findMany({
        where: { status: "open", dueAt: { lt: now }, OR: [{ remindedOn: null }, { remindedOn: { not: day } }] },
        orderBy: { dueAt: "asc" },
      });
      return rows.map(toItem);
    },

    async markReminded(id, day) {
      const changed = await sql.execute(
        `UPDATE "Feedback" SET "remindedOn" = ? WHERE "id" = ? AND ("remindedOn" IS NULL OR "remindedOn" <> ?)`,
        day,
        id,
        day,
      );
      return changed === 1;
    },

    async handlers() {
      const rows = await db.staff.findMany({
        where: { revokedAt: null, respondent: { channel: { in: MESSENGERS } } },
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          role: true,
          serviceId: true,
          localityId: true,
          respondent: { select: { id: true, channel: true, platformId: true, locale: true } },
        },
      });
      return rows.map((row) => ({
        staffId: row.id,
        role: row.role,
        serviceId: row.serviceId,
        localityId: row.localityId,
        respondentId: row.respondent.id,
        channel: row.respondent.channel,
        platformId: row.respondent.platformId,
        locale: isLocale(row.respondent.locale) ? row.respondent.locale : null,
      }));
    },

    async facts(range) {
      return db.feedback.findMany({
        where: { createdAt: { gte: range.from, lt: range.to } },
        select: { kind: true, createdAt: true, dueAt: true, answeredAt: true },
      }) as Promise<{ kind: FeedbackKind; createdAt: Date; dueAt: Date; answeredAt: Date | null }[]>;
    },

    async list(filter) {
      const rows = await db.feedback.findMany({
        where: {
          ...(filter.status ? { status: filter.status } : {}),
          ...(filter.from || filter.to
            ? { createdAt: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
            : {}),
        },
        orderBy: { createdAt: "desc" },
        include: { messages: { orderBy: { seq: "asc" } } },
      });
      return rows.map((row) => ({ ...toItem(row), messages: row.messages.map(toMessage) }));
    },

    async eraseTextsBefore(before) {
      const { count } = await db.feedbackMessage.updateMany({
        where: { createdAt: { lt: before }, text: { not: null } },
        data: { text: null },
      });
      return count;
    },

    async purgeDrafts(before) {
      return sql.execute(`DELETE FROM "FeedbackDraft" WHERE "updatedAt" < ?`, sqlTime(before));
    },

    async draft(respondentId) {
      const [row] = await sql.query<{ state: string; version: number | bigint }>(
        `SELECT "state", "version" FROM "FeedbackDraft" WHERE "respondentId" = ?`,
        respondentId,
      );
      return row ? { state: JSON.parse(row.state) as unknown, version: Number(row.version) } : null;
    },

    ...versionedDrafts(sql, "FeedbackDraft"),
  };
}
