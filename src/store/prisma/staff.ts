import { isLocale } from "../../engine/locale.ts";
import type { KeyedHash } from "../../privacy/keyed-hash.ts";
import type { Invite, JoinLock, StaffMember, StaffRole, StaffStore } from "../ports.ts";
import { type PrismaClient, sqlTime } from "./client.ts";
import type { Sql } from "./sql.ts";

type StaffRow = {
  id: string;
  respondentId: string;
  role: string;
  serviceId: string | null;
  localityId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
};

const toMember = (row: StaffRow): StaffMember => ({
  id: row.id,
  respondentId: row.respondentId,
  role: row.role as StaffRole,
  serviceId: row.serviceId,
  localityId: row.localityId,
  createdAt: row.createdAt,
  revokedAt: row.revokedAt,
});

type InviteRow = {
  id: string;
  role: string;
  serviceId: string | null;
  localityId: string | null;
  expiresAt: Date;
  usedAt: Date | null;
};

const toInvite = (row: InviteRow): Invite => ({
  id: row.id,
  role: row.role as StaffRole,
  serviceId: row.serviceId,
  localityId: row.localityId,
  expiresAt: row.expiresAt,
  usedAt: row.usedAt,
});

// D1 reports no column types, so raw rows may hold dates as text and integers as bigint.
const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

/** What the lockout's hash is of: the chat, never kept as such. */
const chatKey = (chat: { channel: string; platformId: string }) => `join:${chat.channel}:${chat.platformId}`;

/** `hash` keys the lockout's chat hash, so the counter outlives /forget and holds no id. */
export function createStaffStore(db: PrismaClient, sql: Sql, hash: KeyedHash): StaffStore {
  return {
    async createInvite(invite) {
      const row = await db.invite.create({
        data: {
          id: crypto.randomUUID(),
          codeHash: invite.codeHash,
          role: invite.role,
          serviceId: invite.serviceId,
          localityId: invite.localityId,
          expiresAt: invite.expiresAt,
        },
      });
      return toInvite(row);
    },

    async inviteByHash(codeHash) {
      const row = await db.invite.findUnique({ where: { codeHash } });
      return row ? toInvite(row) : null;
    },

    async claimInvite(id, now) {
      // One conditional statement: of two concurrent joins, exactly one changes the row.
      const { count } = await db.invite.updateMany({
        where: { id, usedAt: null, expiresAt: { gt: now } },
        data: { usedAt: now },
      });
      return count === 1;
    },

    async enrol(member, now) {
      const data = {
        role: member.role,
        serviceId: member.serviceId,
        localityId: member.localityId,
        createdAt: now,
        revokedAt: null,
      };
      const row = await db.staff.upsert({
        where: { respondentId: member.respondentId },
        create: { id: crypto.randomUUID(), respondentId: member.respondentId, ...data },
        update: data,
      });
      return toMember(row);
    },

    async byRespondent(respondentId) {
      const row = await db.staff.findUnique({ where: { respondentId } });
      return row ? toMember(row) : null;
    },

    async contact(staffId) {
      const row = await db.staff.findUnique({
        where: { id: staffId },
        select: { respondent: { select: { id: true, channel: true, platformId: true, locale: true } } },
      });
      if (!row) return null;
      const r = row.respondent;
      return { respondentId: r.id, channel: r.channel, platformId: r.platformId, locale: isLocale(r.locale) ? r.locale : null };
    },

    async list() {
      const rows = await db.staff.findMany({
        orderBy: { createdAt: "asc" },
        include: { respondent: { select: { channel: true } } },
      });
      const services = new Map((await db.service.findMany({ select: { id: true, code: true } })).map((s) => [s.id, s.code]));
      const localities = new Map((await db.locality.findMany({ select: { id: true, name: true } })).map((l) => [l.id, l.name]));
      return rows.map((row) => ({
        ...toMember(row),
        channel: row.respondent.channel,
        service: row.serviceId ? (services.get(row.serviceId) ?? null) : null,
        locality: row.localityId ? (localities.get(row.localityId) ?? null) : null,
      }));
    },

    async revoke(id, now) {
      const { count } = await db.staff.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: now } });
      return count === 1;
    },

    async joinLock(chat) {
      const chatHash = await hash(chatKey(chat));
      const [row] = await sql.query<{ failures: number | bigint; lockedUntil: string | null }>(
        `SELECT "failures", "lockedUntil" FROM "JoinAttempt" WHERE "chatHash" = ?`,
        chatHash,
      );
      return row ? { failures: Number(row.failures), lockedUntil: toDate(row.lockedUntil) } : { failures: 0, lockedUntil: null };
    },

    async joinFailed(chat, now, max, lockUntil): Promise<JoinLock> {
      const chatHash = await hash(chatKey(chat));
      // The increment happens in the statement, so concurrent wrong codes all count.
      const [row] = await sql.query<{ failures: number | bigint; lockedUntil: string | null }>(
        `INSERT INTO "JoinAttempt" ("chatHash", "failures", "lockedUntil", "updatedAt") VALUES (?, 1, NULL, ?)
         ON CONFLICT ("chatHash") DO UPDATE SET "failures" = "failures" + 1, "updatedAt" = excluded."updatedAt"
         RETURNING "failures", "lockedUntil"`,
        chatHash,
        sqlTime(now),
      );
      const failures = Number(row?.failures ?? 1);
      if (failures < max) return { failures, lockedUntil: toDate(row?.lockedUntil ?? null) };
      await sql.execute(
        `UPDATE "JoinAttempt" SET "failures" = 0, "lockedUntil" = ?, "updatedAt" = ? WHERE "chatHash" = ?`,
        sqlTime(lockUntil),
        sqlTime(now),
        chatHash,
      );
      return { failures: 0, lockedUntil: lockUntil };
    },

    async joinSucceeded(chat) {
      await sql.execute(`DELETE FROM "JoinAttempt" WHERE "chatHash" = ?`, await hash(chatKey(chat)));
    },

    async localityByName(name) {
      return db.locality.findUnique({ where: { name }, select: { id: true, name: true } });
    },

    async localityById(id) {
      return db.locality.findUnique({ where: { id }, select: { id: true, name: true } });
    },

    async localities() {
      return db.locality.findMany({
        where: { services: { some: {} } },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      });
    },
  };
}
