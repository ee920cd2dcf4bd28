-- DropIndex
DROP INDEX "Outbox_status_priority_notBefore_idx";

-- CreateIndex
CREATE INDEX "Outbox_status_priority_id_notBefore_idx" ON "Outbox"("status", "priority", "id", "notBefore");

-- CreateIndex
CREATE INDEX "Outbox_channel_recipient_id_idx" ON "Outbox"("channel", "recipient", "id");

