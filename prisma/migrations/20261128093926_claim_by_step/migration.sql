-- DropIndex
DROP INDEX "ProvisioningRequest_status_nextAttemptAt_idx";

-- CreateIndex
CREATE INDEX "ProvisioningRequest_status_step_nextAttemptAt_id_idx" ON "ProvisioningRequest"("status", "step", "nextAttemptAt", "id");
