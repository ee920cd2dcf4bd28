/* Stored files (charts, workbooks) and scheduled job runs. */
import type { StaffContact } from "./staff.ts";

/** Bytes a message refers to (a chart, a workbook), reachable by an unguessable token until they expire. */
export type StoredFile = {
  id: string;
  token: string;
  contentType: string;
  filename: string;
  bytes: Uint8Array;
  expiresAt: Date;
};

export type NewStoredFile = Pick<StoredFile, "contentType" | "filename" | "bytes" | "expiresAt">;

/**
 * Files kept apart from the outbox so its rows stay small. An expired file reads as absent.
 * @example const { id, token } = await files.put({ contentType: "image/png", filename: "chart.png", bytes, expiresAt });
 */
export interface FileStore {
  /** Stores the bytes under a new id and a new token (32 random bytes, base64url). */
  put(file: NewStoredFile): Promise<Omit<StoredFile, "bytes">>;
  byId(id: string, now: Date): Promise<StoredFile | null>;
  byToken(token: string, now: Date): Promise<StoredFile | null>;
  /** Deletes expired files; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}

/** A directorate member as scheduled summaries reach them. */
export type DirectorateMember = StaffContact & { staffId: string };

/**
 * Runs of scheduled jobs, one row per job and period, so a period is done once however many
 * processes try. The row is claimed with INSERT … ON CONFLICT DO NOTHING: only the inserter runs.
 * @example if (await jobs.claim("summary-week", "week:2026-W47", now, staleBefore)) { …; await jobs.finish(…) }
 */
export interface JobRunStore {
  /**
   * True when this caller may run (job, periodKey): it inserted the row, or took over a run
   * started before `staleBefore` and never finished (a crash). False: done, or running elsewhere.
   */
  claim(job: string, periodKey: string, now: Date, staleBefore: Date): Promise<boolean>;
  finish(job: string, periodKey: string, now: Date): Promise<void>;
  /** Staff with the directorate role, not revoked, in a messenger: who summaries go to. */
  directorate(): Promise<DirectorateMember[]>;
}
