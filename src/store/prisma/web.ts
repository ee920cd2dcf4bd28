import { isLocale } from "../../engine/locale.ts";
import type { StaffRole, WebStore } from "../ports.ts";
import type { PrismaClient } from "./client.ts";

/** Dashboard links, sessions and public notes, through Prisma's client (the same on SQLite and D1). */
export function createWebStore(db: PrismaClient): WebStore {
  const usable = (tokenHash: string, now: Date) => ({ tokenHash, usedAt: null, expiresAt: { gt: now } });
  return {
    async createLink(link) {
      await db.dashboardLink.create({ data: { id: crypto.randomUUID(), ...link } });
    },
    async peekLink(tokenHash, now) {
      const row = await db.dashboardLink.findFirst({ where: usable(tokenHash, now), select: { staffId: true } });
      return row?.staffId ?? null;
    },
    async claimLink(tokenHash, now) {
      // Conditional: of two requests with the same link, only one updates the row.
      const { count } = await db.dashboardLink.updateMany({ where: usable(tokenHash, now), data: { usedAt: now } });
      if (count !== 1) return null;
      const row = await db.dashboardLink.findUnique({ where: { tokenHash }, select: { staffId: true } });
      return row?.staffId ?? null;
    },
    async createSession(session) {
      await db.dashboardSession.create({ data: { id: crypto.randomUUID(), ...session } });
    },
    async session(tokenHash, now) {
      const row = await db.dashboardSession.findUnique({ where: { tokenHash }, include: { staff: true } });
      if (!row || row.expiresAt <= now || row.staff.revokedAt !== null) return null;
      const { staff } = row;
      return {
        id: row.id,
        locale: isLocale(row.locale) ? row.locale : "ro",
        expiresAt: row.expiresAt,
        staff: {
          id: staff.id,
          respondentId: staff.respondentId,
          role: staff.role as StaffRole,
          serviceId: staff.serviceId,
          localityId: staff.localityId,
          createdAt: staff.createdAt,
          revokedAt: staff.revokedAt,
        },
      };
    },
    async setSessionLocale(tokenHash, locale) {
      await db.dashboardSession.updateMany({ where: { tokenHash }, data: { locale } });
    },
    async deleteSession(tokenHash) {
      await db.dashboardSession.deleteMany({ where: { tokenHash } });
    },
    async purge(now) {
      const gone = { OR: [{ expiresAt: { lte: now } }, { staff: { revokedAt: { not: null } } }] };
      const [links, sessions] = await Promise.all([
        db.dashboardLink.deleteMany({ where: gone }),
        db.dashboardSession.deleteMany({ where: gone }),
      ]);
      return links.count + sessions.count;
    },
    async notes(periodKeys) {
      const rows = await db.publicNote.findMany({
        where: { periodKey: { in: [...periodKeys] } },
        select: { serviceId: true, periodKey: true, text: true, updatedAt: true },
        orderBy: { updatedAt: "desc" },
      });
      return rows;
    },
    async saveNote({ serviceId, periodKey, text }) {
      const key = { serviceId_periodKey: { serviceId, periodKey } };
      if (text.trim() === "") {
        await db.publicNote.deleteMany({ where: { serviceId, periodKey } });
        return;
      }
      await db.publicNote.upsert({
        where: key,
        create: { id: crypto.randomUUID(), serviceId, periodKey, text },
        update: { text },
      });
    },
  };
}
