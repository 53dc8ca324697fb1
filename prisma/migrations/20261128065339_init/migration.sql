-- CreateTable
CREATE TABLE "PhoneUser" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "zoomUserId" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "zoomStatus" TEXT NOT NULL DEFAULT 'unknown',
    "state" TEXT NOT NULL DEFAULT 'provisioning',
    "extension" TEXT,
    "callingPlans" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "phoneNumbers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "siteId" TEXT,
    "siteName" TEXT,
    "templateId" TEXT,
    "templateName" TEXT,
    "requestedBy" TEXT,
    "invitedAt" TIMESTAMP(3),
    "activatedAt" TIMESTAMP(3),
    "softDeletedAt" TIMESTAMP(3),
    "purgeAfter" TIMESTAMP(3),
    "purgedAt" TIMESTAMP(3),
    "snapshot" JSONB,
    "lastRemindedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PhoneUser_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProvisioningRequest" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "phoneUserId" TEXT,
    "desired" JSONB NOT NULL,
    "progress" JSONB NOT NULL DEFAULT '{}',
    "step" TEXT NOT NULL DEFAULT 'start',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "lastErrorCode" TEXT,
    "requestedBy" TEXT NOT NULL,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionNote" TEXT,
    "justification" TEXT,
    "channelId" TEXT,
    "threadTs" TEXT,
    "responseUrl" TEXT,
    "batchId" INTEGER,
    "batchRow" INTEGER,
    "idempotencyKey" TEXT,
    "lockedBy" TEXT,
    "lockedUntil" TIMESTAMP(3),
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3),
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProvisioningRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Reservation" (
    "kind" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "requestId" INTEGER,
    "phoneUserId" TEXT,
    "expiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Reservation_pkey" PRIMARY KEY ("kind","value")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "requestId" INTEGER,
    "batchId" INTEGER,
    "outcome" TEXT NOT NULL DEFAULT 'ok',
    "before" JSONB,
    "after" JSONB,
    "detail" JSONB,
    "zoomTrackingIds" TEXT[] DEFAULT ARRAY[]::TEXT[],

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Batch" (
    "id" SERIAL NOT NULL,
    "fileId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadTs" TEXT,
    "startedBy" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "cancelledBy" TEXT,
    "summary" JSONB,
    "resultFileId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BatchRow" (
    "batchId" INTEGER NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "email" TEXT,
    "input" JSONB NOT NULL,
    "normalized" JSONB,
    "errors" JSONB NOT NULL DEFAULT '[]',
    "fixes" JSONB NOT NULL DEFAULT '[]',
    "plan" TEXT NOT NULL,
    "outcome" TEXT,
    "zoomCode" TEXT,
    "message" TEXT,
    "requestId" INTEGER,

    CONSTRAINT "BatchRow_pkey" PRIMARY KEY ("batchId","rowNumber")
);

-- CreateTable
CREATE TABLE "SlackMessage" (
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "threadKey" TEXT,
    "threadTs" TEXT,
    "ephemeralUser" TEXT,
    "responseUrl" TEXT,
    "ts" TEXT,
    "payload" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "deliveredVersion" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlackMessage_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SeenDelivery" (
    "id" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SeenDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CronLease" (
    "key" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CronLease_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "PhoneUser_email_key" ON "PhoneUser"("email");

-- CreateIndex
CREATE INDEX "PhoneUser_state_idx" ON "PhoneUser"("state");

-- CreateIndex
CREATE INDEX "PhoneUser_zoomUserId_idx" ON "PhoneUser"("zoomUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ProvisioningRequest_idempotencyKey_key" ON "ProvisioningRequest"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ProvisioningRequest_status_nextAttemptAt_idx" ON "ProvisioningRequest"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ProvisioningRequest_email_idx" ON "ProvisioningRequest"("email");

-- CreateIndex
CREATE INDEX "ProvisioningRequest_batchId_idx" ON "ProvisioningRequest"("batchId");

-- CreateIndex
CREATE INDEX "Reservation_requestId_idx" ON "Reservation"("requestId");

-- CreateIndex
CREATE INDEX "Reservation_phoneUserId_idx" ON "Reservation"("phoneUserId");

-- CreateIndex
CREATE INDEX "AuditLog_target_at_idx" ON "AuditLog"("target", "at");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Batch_fileId_key" ON "Batch"("fileId");

-- CreateIndex
CREATE INDEX "SlackMessage_nextAttemptAt_idx" ON "SlackMessage"("nextAttemptAt");

-- AddForeignKey
ALTER TABLE "ProvisioningRequest" ADD CONSTRAINT "ProvisioningRequest_phoneUserId_fkey" FOREIGN KEY ("phoneUserId") REFERENCES "PhoneUser"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BatchRow" ADD CONSTRAINT "BatchRow_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "Batch"("id") ON DELETE CASCADE ON UPDATE CASCADE;
