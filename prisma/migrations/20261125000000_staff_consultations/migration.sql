-- CreateTable
CREATE TABLE "JoinAttempt" (
    "respondentId" TEXT NOT NULL PRIMARY KEY,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JoinAttempt_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsultationDraft" (
    "respondentId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ConsultationDraft_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConsultationAwait" (
    "respondentId" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "explicit" BOOLEAN NOT NULL DEFAULT false,
    "activeFrom" DATETIME NOT NULL,
    CONSTRAINT "ConsultationAwait_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (columns added in place: no table rebuild, which D1 handles badly)
ALTER TABLE "Consultation" ADD COLUMN "sourceLocale" TEXT NOT NULL DEFAULT 'ro';
ALTER TABLE "Consultation" ADD COLUMN "queuedAt" DATETIME;
ALTER TABLE "Consultation" ADD COLUMN "total" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Consultation" ADD COLUMN "fanoutLeaseUntil" DATETIME;
ALTER TABLE "Consultation" ADD COLUMN "progressSeq" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Consultation" ADD COLUMN "progressText" TEXT;
ALTER TABLE "Consultation" ADD COLUMN "progressAt" DATETIME;

-- CreateIndex
CREATE INDEX "Consultation_status_idx" ON "Consultation"("status");

-- CreateIndex
CREATE INDEX "Consultation_createdById_createdAt_idx" ON "Consultation"("createdById", "createdAt");

-- CreateIndex
CREATE INDEX "ConsultationReply_consultationId_createdAt_idx" ON "ConsultationReply"("consultationId", "createdAt");

