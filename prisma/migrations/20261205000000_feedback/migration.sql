-- CreateTable
CREATE TABLE "Feedback" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "ref" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "serviceId" TEXT,
    "routedTo" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'open',
    "createdAt" DATETIME NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "closedAt" DATETIME,
    "remindedOn" TEXT
);

-- CreateTable
CREATE TABLE "FeedbackMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "feedbackId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "author" TEXT NOT NULL,
    "staffId" TEXT,
    "text" TEXT,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "FeedbackMessage_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackLink" (
    "feedbackId" TEXT NOT NULL PRIMARY KEY,
    "respondentId" TEXT NOT NULL,
    "contact" TEXT,
    CONSTRAINT "FeedbackLink_feedbackId_fkey" FOREIGN KEY ("feedbackId") REFERENCES "Feedback" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FeedbackLink_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackDraft" (
    "respondentId" TEXT NOT NULL PRIMARY KEY,
    "state" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "FeedbackDraft_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "Respondent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Feedback_ref_key" ON "Feedback"("ref");

-- CreateIndex
CREATE INDEX "Feedback_status_dueAt_idx" ON "Feedback"("status", "dueAt");

-- CreateIndex
CREATE INDEX "Feedback_createdAt_idx" ON "Feedback"("createdAt");

-- CreateIndex
CREATE INDEX "FeedbackMessage_createdAt_idx" ON "FeedbackMessage"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackMessage_feedbackId_seq_key" ON "FeedbackMessage"("feedbackId", "seq");

-- CreateIndex
CREATE INDEX "FeedbackLink_respondentId_idx" ON "FeedbackLink"("respondentId");

