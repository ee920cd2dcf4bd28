-- Anonymous responses that cannot be traced back (see README "Privacy").
-- Response, Answer and Participation become WITHOUT ROWID tables: their rows sit in the order of
-- their random ids, so neither a rowid nor the file's layout keeps the order they were written.
-- Dates on them, and the dates on rows that name a person, keep the day only. Rows written before
-- this migration are moved to the start of their UTC day. Unfinished responses are dropped: their
-- answers are still in the session, which now writes the response once, when it is completed.

-- CreateTable
CREATE TABLE "ConsultationRecipient" (
    "consultationId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,

    PRIMARY KEY ("consultationId", "respondentId"),
    CONSTRAINT "ConsultationRecipient_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsultationRecipient_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
-- The lockout counters were keyed by the person's row; they are keyed by a hash now and start again.
DROP TABLE "JoinAttempt";
CREATE TABLE "JoinAttempt" (
    "chatHash" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL
);
CREATE TABLE "new_ConsultationReply" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "respondentId" TEXT,
    "choice" INTEGER,
    "text" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsultationReply_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ConsultationReply_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ConsultationReply" ("choice", "consultationId", "createdAt", "id", "respondentId", "text") SELECT "choice", "consultationId", "createdAt", "id", "respondentId", "text" FROM "ConsultationReply";
DROP TABLE "ConsultationReply";
ALTER TABLE "new_ConsultationReply" RENAME TO "ConsultationReply";
CREATE INDEX "ConsultationReply_consultationId_createdAt_idx" ON "ConsultationReply"("consultationId", "createdAt");
CREATE UNIQUE INDEX "ConsultationReply_consultationId_respondentId_key" ON "ConsultationReply"("consultationId", "respondentId");

CREATE TABLE "new_Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyVersionId" TEXT NOT NULL,
    "respondentId" TEXT,
    "serviceId" TEXT,
    "localityId" TEXT,
    "locale" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'in_progress',
    "startedAt" DATETIME NOT NULL,
    "completedAt" DATETIME,
    CONSTRAINT "Response_surveyVersionId_fkey" FOREIGN KEY ("surveyVersionId") REFERENCES "SurveyVersion" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Response_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Response_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Response_localityId_fkey" FOREIGN KEY ("localityId") REFERENCES "Locality" ("id") ON DELETE SET NULL ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_Response" ("id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status", "startedAt", "completedAt")
SELECT "id", "surveyVersionId", "respondentId", "serviceId", "localityId", "locale", "status",
    strftime('%Y-%m-%dT00:00:00.000+00:00', "completedAt"), strftime('%Y-%m-%dT00:00:00.000+00:00', "completedAt")
FROM "Response" WHERE "status" = 'completed' AND "completedAt" IS NOT NULL ORDER BY "id";
CREATE TABLE "new_Answer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "responseId" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "number" REAL,
    "indicator" TEXT,
    "serviceId" TEXT,
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "Answer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_Answer" ("id", "responseId", "question", "value", "number", "indicator", "serviceId", "answeredAt")
SELECT a."id", a."responseId", a."question", a."value", a."number", a."indicator", a."serviceId", r."completedAt"
FROM "Answer" a JOIN "new_Response" r ON r."id" = a."responseId" ORDER BY a."id";
DROP TABLE "Answer";
DROP TABLE "Response";
ALTER TABLE "new_Response" RENAME TO "Response";
ALTER TABLE "new_Answer" RENAME TO "Answer";
CREATE INDEX "Response_surveyVersionId_completedAt_idx" ON "Response"("surveyVersionId", "completedAt");
CREATE INDEX "Response_serviceId_completedAt_idx" ON "Response"("serviceId", "completedAt");
CREATE INDEX "Answer_indicator_answeredAt_idx" ON "Answer"("indicator", "answeredAt");
CREATE UNIQUE INDEX "Answer_responseId_question_key" ON "Answer"("responseId", "question");

CREATE TABLE "new_Participation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "respondentId" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 1,
    "lastAt" DATETIME NOT NULL,
    CONSTRAINT "Participation_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Participation_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
) WITHOUT ROWID;
INSERT INTO "new_Participation" ("id", "respondentId", "surveyId", "count", "lastAt")
SELECT "id", "respondentId", "surveyId", "count", strftime('%Y-%m-%dT00:00:00.000+00:00', "lastAt") FROM "Participation" ORDER BY "id";
DROP TABLE "Participation";
ALTER TABLE "new_Participation" RENAME TO "Participation";
CREATE UNIQUE INDEX "Participation_respondentId_surveyId_key" ON "Participation"("respondentId", "surveyId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ConsultationRecipient_respondentId_idx" ON "ConsultationRecipient"("respondentId");

-- Rows that name a person keep days only.
UPDATE "Respondent" SET "createdAt" = strftime('%Y-%m-%dT00:00:00.000+00:00', "createdAt"),
    "updatedAt" = strftime('%Y-%m-%dT00:00:00.000+00:00', "updatedAt"),
    "consentAt" = CASE WHEN "consentAt" IS NULL THEN NULL ELSE strftime('%Y-%m-%dT00:00:00.000+00:00', "consentAt") END;

-- Settled messages keep no link to a person; processed updates keep the day only.
UPDATE "Outbox" SET "respondentId" = NULL, "recipient" = '', "payload" = 'null' WHERE "status" NOT IN ('pending', 'sending');
UPDATE "ProcessedUpdate" SET "createdAt" = strftime('%Y-%m-%dT00:00:00.000+00:00', "createdAt");
-- Their dedupe keys named the person: a consultation's keeps its prefix (counted by it), a summary's goes.
UPDATE "Outbox" SET "dedupeKey" = substr("dedupeKey", 1, 21) || '~' || "id"
WHERE "status" NOT IN ('pending', 'sending') AND "dedupeKey" LIKE 'consult:%';
UPDATE "Outbox" SET "dedupeKey" = 'settled:' || "id"
WHERE "status" NOT IN ('pending', 'sending') AND "dedupeKey" LIKE 'summary:%';
