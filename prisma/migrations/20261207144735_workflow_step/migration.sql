-- AlterTable
ALTER TABLE "ProvisioningRequest" ADD COLUMN     "functionExecutionId" TEXT;

-- AlterTable
ALTER TABLE "SlackMessage" ADD COLUMN     "functionCompletion" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "ProvisioningRequest_functionExecutionId_key" ON "ProvisioningRequest"("functionExecutionId");
