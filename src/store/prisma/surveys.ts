import { type SurveyDefinition, surveyDefinition } from "../../engine/definition.ts";
import type { StoredSurvey, SurveyStore } from "../ports.ts";
import { isUniqueViolation, type PrismaClient } from "./client.ts";

type VersionRow = { id: string; surveyId: string; version: number; definition: string };

function toStored(row: VersionRow): StoredSurvey {
  return {
    surveyId: row.surveyId,
    versionId: row.id,
    version: row.version,
    definition: surveyDefinition.parse(JSON.parse(row.definition)),
  };
}

/** A stable fingerprint of a definition, so re-importing an unchanged file is a no-op. */
export async function hashDefinition(definition: SurveyDefinition): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(definition));
  const digest = await crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const IMPORT_ATTEMPTS = 5;

export function createSurveyStore(db: PrismaClient): SurveyStore {
  const cache = new Map<string, StoredSurvey>();
  return {
    async latest(slug) {
      const survey = await db.survey.findUnique({ where: { slug } });
      if (!survey) return null;
      return this.version(slug, survey.latest);
    },
    async version(slug, version) {
      const key = `${slug}@${version}`;
      const cached = cache.get(key);
      if (cached) return cached;
      const row = await db.surveyVersion.findFirst({ where: { version, survey: { slug } } });
      if (!row) return null;
      const stored = toStored(row);
      cache.set(key, stored);
      return stored;
    },
    async import(definition) {
      const hash = await hashDefinition(definition);
      for (let attempt = 0; attempt < IMPORT_ATTEMPTS; attempt++) {
        const survey =
          (await db.survey.findUnique({ where: { slug: definition.slug } })) ??
          (await db.survey
            .create({ data: { id: crypto.randomUUID(), slug: definition.slug } })
            .catch((err: unknown) => (isUniqueViolation(err) ? null : Promise.reject(err))));
        if (!survey) continue;
        const same = await db.surveyVersion.findUnique({ where: { surveyId_hash: { surveyId: survey.id, hash } } });
        if (same) return { survey: toStored(same), created: false };
        const version = survey.latest + 1;
        try {
          const row = await db.surveyVersion.create({
            data: { id: crypto.randomUUID(), surveyId: survey.id, version, hash, definition: JSON.stringify(definition) },
          });
          await db.survey.updateMany({ where: { id: survey.id, latest: { lt: version } }, data: { latest: version } });
          return { survey: toStored(row), created: true };
        } catch (err) {
          if (!isUniqueViolation(err)) throw err; // another import took this version number
        }
      }
      throw new Error(`could not import survey "${definition.slug}": too many concurrent imports`);
    },
    async list() {
      const surveys = await db.survey.findMany({ orderBy: { slug: "asc" } });
      const rows = [];
      for (const s of surveys) {
        const stored = await this.version(s.slug, s.latest);
        if (stored) {
          rows.push({
            slug: s.slug,
            version: s.latest,
            title: stored.definition.title.en,
            questions: stored.definition.questions.length,
          });
        }
      }
      return rows;
    },
  };
}
