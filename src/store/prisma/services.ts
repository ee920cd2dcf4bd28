import { ConflictError, type Service, type ServiceStore } from "../ports.ts";
import { isUniqueViolation, type PrismaClient } from "./client.ts";

type Row = {
  id: string;
  code: string;
  name: string;
  localityId: string | null;
  surveySlug: string | null;
  locality: { name: string } | null;
};

const toService = (row: Row): Service => ({
  id: row.id,
  code: row.code,
  name: row.name,
  locality: row.locality?.name ?? null,
  localityId: row.localityId,
  surveySlug: row.surveySlug,
});

const include = { locality: { select: { name: true } } } as const;

export function createServiceStore(db: PrismaClient): ServiceStore {
  async function locality(name: string): Promise<string> {
    const found = await db.locality.findUnique({ where: { name } });
    if (found) return found.id;
    try {
      return (await db.locality.create({ data: { id: crypto.randomUUID(), name } })).id;
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return (await db.locality.findUniqueOrThrow({ where: { name } })).id;
    }
  }
  return {
    async byCode(code) {
      const row = await db.service.findUnique({ where: { code }, include });
      return row ? toService(row) : null;
    },
    async byId(id) {
      const row = await db.service.findUnique({ where: { id }, include });
      return row ? toService(row) : null;
    },
    async add(input) {
      const localityId = input.locality ? await locality(input.locality) : null;
      try {
        const row = await db.service.create({
          data: { id: crypto.randomUUID(), code: input.code, name: input.name, localityId, surveySlug: input.surveySlug ?? null },
          include,
        });
        return toService(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw new ConflictError(`a service with code "${input.code}" already exists`, { cause: err });
        throw err;
      }
    },
    async list() {
      return (await db.service.findMany({ orderBy: { code: "asc" }, include })).map(toService);
    },
  };
}
