-- CreateTable
CREATE TABLE "StoredFile" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "token" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" BLOB NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "StoredFile_token_key" ON "StoredFile"("token");

-- CreateIndex
CREATE INDEX "StoredFile_expiresAt_idx" ON "StoredFile"("expiresAt");

-- CreateIndex
CREATE INDEX "Outbox_channel_externalId_idx" ON "Outbox"("channel", "externalId");

-- A consultation is closed when its broadcast has finished (status sent): those finished
-- before closedAt was recorded get the time their final count was shown.
UPDATE "Consultation" SET "closedAt" = "progressAt" WHERE "status" = 'sent' AND "closedAt" IS NULL;
