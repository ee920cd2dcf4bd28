import { createKeyedHash, hashKeyFrom } from "../../privacy/keyed-hash.ts";
import type { Store } from "../ports.ts";
import { createAuditStore } from "./audit.ts";
import type { PrismaClient } from "./client.ts";
import { createConsultationStore } from "./consultations.ts";
import { createExportStore } from "./exports.ts";
import { createFileStore } from "./files.ts";
import { createJobRunStore } from "./jobs.ts";
import { createOutboxStore } from "./outbox.ts";
import { createPersonalDataStore } from "./personal-data.ts";
import { createReportStore } from "./reports.ts";
import { createRespondentStore } from "./respondents.ts";
import { createResponseStore } from "./responses.ts";
import { createRetentionStore } from "./retention.ts";
import { createServiceStore } from "./services.ts";
import { createSessionStore } from "./sessions.ts";
import type { Sql } from "./sql.ts";
import { createStaffStore } from "./staff.ts";
import { createSurveyStore } from "./surveys.ts";
import { createProcessedUpdateStore } from "./updates.ts";
import { createWebStore } from "./web.ts";

/**
 * The one implementation of the store ports; the entry point chooses the driver adapter.
 * `hashKey` keys the hashes that stand in for ids (`hashKeyFrom(config)`).
 */
export function createPrismaStore({ prisma: db, sql, hashKey }: { prisma: PrismaClient; sql: Sql; hashKey?: string }): Store {
  const hash = createKeyedHash(hashKey ?? hashKeyFrom({}));
  return {
    respondents: createRespondentStore(db, sql),
    surveys: createSurveyStore(db),
    services: createServiceStore(db),
    sessions: createSessionStore(sql),
    responses: createResponseStore(db, sql),
    outbox: createOutboxStore(sql),
    updates: createProcessedUpdateStore(sql),
    staff: createStaffStore(db, sql, hash),
    consultations: createConsultationStore(db, sql),
    reports: createReportStore(db, sql),
    exports: createExportStore(sql),
    files: createFileStore(db, sql),
    jobs: createJobRunStore(sql),
    audit: createAuditStore(db),
    retention: createRetentionStore(sql),
    pseudonym: hash,
    personal: createPersonalDataStore(db),
    web: createWebStore(db),
    async ping() {
      // On the shared connection: /health answers without starting Prisma's query compiler.
      await sql.query("SELECT 1");
    },
    async close() {
      await db.$disconnect();
    },
  };
}
