-- DropIndex
DROP INDEX "Response_surveyVersionId_completedAt_idx";

-- DropIndex
DROP INDEX "Answer_indicator_answeredAt_idx";

-- DropIndex
DROP INDEX "Outbox_status_priority_notBefore_idx";

-- CreateIndex
CREATE INDEX "Response_period_idx" ON "Response"("surveyVersionId", "completedAt", "status", "serviceId", "localityId", "respondentId");

-- CreateIndex
CREATE INDEX "Answer_scored_idx" ON "Answer"("responseId", "question", "number");

-- CreateIndex
CREATE INDEX "Outbox_status_priority_id_notBefore_idx" ON "Outbox"("status", "priority", "id", "notBefore");

-- CreateIndex
CREATE INDEX "Outbox_channel_recipient_id_idx" ON "Outbox"("channel", "recipient", "id");

