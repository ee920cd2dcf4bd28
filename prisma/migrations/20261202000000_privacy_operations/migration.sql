-- AlterTable
ALTER TABLE "Respondent" ADD COLUMN "lastActiveDay" DATETIME;

-- CreateTable
CREATE TABLE "OutboxTally" (
    "prefix" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    PRIMARY KEY ("prefix", "status")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL,
    "actor" TEXT NOT NULL,
    "staffId" TEXT,
    "role" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "service" TEXT,
    "locality" TEXT,
    "period" TEXT,
    "detail" TEXT
);

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

