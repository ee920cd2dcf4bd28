import type { AuditActor, AuditEntry, AuditStore } from "../privacy-ports.ts";
import type { PrismaClient } from "./client.ts";

export function createAuditStore(db: PrismaClient): AuditStore {
  return {
    async record(entry) {
      await db.auditEntry.create({ data: { id: crypto.randomUUID(), ...entry } });
    },
    async list(since) {
      const rows = await db.auditEntry.findMany({
        where: since ? { at: { gte: since } } : {},
        orderBy: [{ at: "asc" }, { id: "asc" }],
      });
      return rows.map(({ id: _id, ...row }) => ({
        ...row,
        actor: row.actor as AuditActor,
        action: row.action as AuditEntry["action"],
      }));
    },
    async purgeBefore(before) {
      return (await db.auditEntry.deleteMany({ where: { at: { lt: before } } })).count;
    },
  };
}
