/**
 * The store's ports: small interfaces, one file per concern under ports/ (people, surveys,
 * services, sessions and responses, outbox, reports, staff, consultations, files, web), gathered
 * here with the `Store` that holds them all. Prisma (store/prisma/) is the one implementation.
 */

import type { ConsultationStore } from "./ports/consultations.ts";
import type { FileStore, JobRunStore } from "./ports/files.ts";
import type { OutboxStore, ProcessedUpdateStore } from "./ports/outbox.ts";
import type { RespondentStore } from "./ports/people.ts";
import type { ExportStore, ReportStore } from "./ports/reports.ts";
import type { ServiceStore } from "./ports/services.ts";
import type { ResponseStore, SessionStore } from "./ports/sessions.ts";
import type { StaffStore } from "./ports/staff.ts";
import type { SurveyStore } from "./ports/surveys.ts";
import type { WebStore } from "./ports/web.ts";
import type { AuditStore, PersonalDataStore, RetentionStore } from "./privacy-ports.ts";

export * from "./ports/consultations.ts";
export * from "./ports/files.ts";
export * from "./ports/outbox.ts";
export * from "./ports/people.ts";
export * from "./ports/reports.ts";
export * from "./ports/services.ts";
export * from "./ports/sessions.ts";
export * from "./ports/staff.ts";
export * from "./ports/surveys.ts";
export * from "./ports/web.ts";

export type Store = {
  respondents: RespondentStore;
  surveys: SurveyStore;
  services: ServiceStore;
  sessions: SessionStore;
  responses: ResponseStore;
  outbox: OutboxStore;
  updates: ProcessedUpdateStore;
  staff: StaffStore;
  consultations: ConsultationStore;
  reports: ReportStore;
  exports: ExportStore;
  files: FileStore;
  jobs: JobRunStore;
  audit: AuditStore;
  retention: RetentionStore;
  /**
   * A keyed hash (HMAC, key outside the database) standing in for an id where a row must
   * recognise someone again without naming them: dedupe keys of queued messages.
   */
  pseudonym(id: string): Promise<string>;
  personal: PersonalDataStore;
  web: WebStore;
  /** Cheap round trip for `/health`. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export class ConflictError extends Error {
  override name = "ConflictError";
}
