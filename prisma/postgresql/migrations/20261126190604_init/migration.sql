-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "defaultLocale" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkspaceManager" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WorkspaceManager_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserPref" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "locale" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UserPref_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Installation" (
    "id" TEXT NOT NULL,
    "installKey" TEXT NOT NULL,
    "teamId" TEXT,
    "enterpriseId" TEXT,
    "isEnterpriseInstall" BOOLEAN NOT NULL DEFAULT false,
    "botToken" TEXT NOT NULL,
    "botId" TEXT NOT NULL,
    "botUserId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "userToken" TEXT,
    "scopes" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "installedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT,
    "name" TEXT NOT NULL,
    "normalizedName" TEXT NOT NULL,
    "ownerUserId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "uscc" TEXT,
    "customerType" TEXT,
    "adminLevel" TEXT,
    "industry" TEXT,
    "regionCode" TEXT,
    "isExistingCustomer" BOOLEAN,
    "revenueTtm" BIGINT,
    "grossMarginPct" DOUBLE PRECISION,
    "relationshipYears" INTEGER,
    "walletAnnual" BIGINT,
    "industryOutlook" TEXT,
    "marketPosition" TEXT,
    "developmentTrend" TEXT,
    "budgetStatus" TEXT,
    "segmentMatch" BOOLEAN,
    "referenceValue" TEXT,
    "incumbent" TEXT,
    "retentionRate" DOUBLE PRECISION,
    "discountRate" DOUBLE PRECISION,
    "ownerAr" TEXT,
    "ownerSr" TEXT,
    "ownerFr" TEXT,
    "executiveSponsor" TEXT,
    "visitCadence" TEXT,
    "revenueTarget" BIGINT,
    "lastReviewDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AccountAlias" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,

    CONSTRAINT "AccountAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "opportunityId" TEXT,
    "description" TEXT,
    "category" TEXT,
    "severity" INTEGER,
    "urgency" INTEGER,
    "ourFit" INTEGER,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "metric" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Need_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT,
    "title" TEXT,
    "orgUnit" TEXT,
    "role" TEXT NOT NULL,
    "influence" TEXT NOT NULL,
    "attitude" INTEGER,
    "relationshipStrength" INTEGER,
    "relationshipLayer" TEXT,
    "responseMode" TEXT,
    "winResult" TEXT,
    "lastContactDate" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "name" TEXT,
    "ownerUserId" TEXT,
    "stage" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "expectedCloseDate" TEXT,
    "createdDate" TEXT NOT NULL,
    "closedDate" TEXT,
    "source" TEXT,
    "sourceDetail" TEXT,
    "projectType" TEXT,
    "procurementMethod" TEXT,
    "leadTemperature" TEXT,
    "meddpiccMetrics" BOOLEAN,
    "meddpiccEconomicBuyer" BOOLEAN,
    "meddpiccDecisionCriteria" BOOLEAN,
    "meddpiccDecisionProcess" BOOLEAN,
    "meddpiccPaperProcess" BOOLEAN,
    "meddpiccIdentifyPain" BOOLEAN,
    "meddpiccChampion" BOOLEAN,
    "meddpiccCompetition" BOOLEAN,
    "closeReason" TEXT,
    "finalAmount" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Opportunity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL,
    "opportunityId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "enteredDate" TEXT NOT NULL,
    "amountAtEntry" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StageChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "authorUserId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Note_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FactChange" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT,
    "entity" TEXT NOT NULL,
    "entityId" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "before" TEXT,
    "after" TEXT,
    "actorUserId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceRef" TEXT,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FactChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScoreSnapshot" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "teamId" TEXT,
    "periodKey" TEXT,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "cv" DOUBLE PRECISION NOT NULL,
    "pt" DOUBLE PRECISION NOT NULL,
    "sf" DOUBLE PRECISION NOT NULL,
    "ra" DOUBLE PRECISION NOT NULL,
    "x" DOUBLE PRECISION NOT NULL,
    "y" DOUBLE PRECISION NOT NULL,
    "v" DOUBLE PRECISION NOT NULL,
    "quadrant" TEXT NOT NULL,
    "tier" TEXT,
    "priority" TEXT,
    "completeness" DOUBLE PRECISION NOT NULL,
    "completenessCv" DOUBLE PRECISION NOT NULL,
    "completenessPt" DOUBLE PRECISION NOT NULL,
    "completenessSf" DOUBLE PRECISION NOT NULL,
    "completenessRa" DOUBLE PRECISION NOT NULL,
    "confidence" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ScoreSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineSnapshot" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opportunityId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "expectedCloseDate" TEXT,
    "pCount" DOUBLE PRECISION NOT NULL,
    "pAmt" DOUBLE PRECISION NOT NULL,
    "modelVersion" TEXT NOT NULL,

    CONSTRAINT "PipelineSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DigestSubscription_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestRun" (
    "id" TEXT NOT NULL,
    "subscriptionId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "postedAt" TIMESTAMP(3),
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,

    CONSTRAINT "DigestRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadTs" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "accountVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageRef" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("eventId")
);

-- CreateIndex
CREATE UNIQUE INDEX "WorkspaceManager_workspaceId_userId_key" ON "WorkspaceManager"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "UserPref_workspaceId_userId_key" ON "UserPref"("workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Installation_installKey_key" ON "Installation"("installKey");

-- CreateIndex
CREATE INDEX "Installation_teamId_idx" ON "Installation"("teamId");

-- CreateIndex
CREATE INDEX "Installation_enterpriseId_idx" ON "Installation"("enterpriseId");

-- CreateIndex
CREATE UNIQUE INDEX "Team_workspaceId_channelId_key" ON "Team"("workspaceId", "channelId");

-- CreateIndex
CREATE INDEX "TeamMember_userId_idx" ON "TeamMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "TeamMember_teamId_userId_key" ON "TeamMember"("teamId", "userId");

-- CreateIndex
CREATE INDEX "Account_workspaceId_normalizedName_idx" ON "Account"("workspaceId", "normalizedName");

-- CreateIndex
CREATE INDEX "Account_teamId_idx" ON "Account"("teamId");

-- CreateIndex
CREATE INDEX "AccountAlias_normalized_idx" ON "AccountAlias"("normalized");

-- CreateIndex
CREATE UNIQUE INDEX "AccountAlias_accountId_normalized_key" ON "AccountAlias"("accountId", "normalized");

-- CreateIndex
CREATE INDEX "Need_accountId_idx" ON "Need"("accountId");

-- CreateIndex
CREATE INDEX "Need_opportunityId_idx" ON "Need"("opportunityId");

-- CreateIndex
CREATE INDEX "Contact_accountId_idx" ON "Contact"("accountId");

-- CreateIndex
CREATE INDEX "Opportunity_accountId_idx" ON "Opportunity"("accountId");

-- CreateIndex
CREATE INDEX "Opportunity_stage_idx" ON "Opportunity"("stage");

-- CreateIndex
CREATE INDEX "StageChange_opportunityId_enteredDate_idx" ON "StageChange"("opportunityId", "enteredDate");

-- CreateIndex
CREATE INDEX "Note_accountId_createdAt_idx" ON "Note"("accountId", "createdAt");

-- CreateIndex
CREATE INDEX "FactChange_accountId_at_idx" ON "FactChange"("accountId", "at");

-- CreateIndex
CREATE INDEX "FactChange_workspaceId_at_idx" ON "FactChange"("workspaceId", "at");

-- CreateIndex
CREATE INDEX "ScoreSnapshot_accountId_takenAt_idx" ON "ScoreSnapshot"("accountId", "takenAt");

-- CreateIndex
CREATE INDEX "ScoreSnapshot_teamId_periodKey_idx" ON "ScoreSnapshot"("teamId", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "PipelineSnapshot_teamId_periodKey_opportunityId_key" ON "PipelineSnapshot"("teamId", "periodKey", "opportunityId");

-- CreateIndex
CREATE UNIQUE INDEX "Target_teamId_period_key" ON "Target"("teamId", "period");

-- CreateIndex
CREATE INDEX "DigestSubscription_active_idx" ON "DigestSubscription"("active");

-- CreateIndex
CREATE UNIQUE INDEX "DigestSubscription_teamId_channelId_key" ON "DigestSubscription"("teamId", "channelId");

-- CreateIndex
CREATE UNIQUE INDEX "DigestRun_subscriptionId_periodKey_key" ON "DigestRun"("subscriptionId", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_workspaceId_channelId_threadTs_key" ON "Conversation"("workspaceId", "channelId", "threadTs");

-- CreateIndex
CREATE INDEX "Proposal_accountId_status_idx" ON "Proposal"("accountId", "status");

-- CreateIndex
CREATE INDEX "ProcessedEvent_receivedAt_idx" ON "ProcessedEvent"("receivedAt");

-- AddForeignKey
ALTER TABLE "WorkspaceManager" ADD CONSTRAINT "WorkspaceManager_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserPref" ADD CONSTRAINT "UserPref_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AccountAlias" ADD CONSTRAINT "AccountAlias_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Need" ADD CONSTRAINT "Need_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contact" ADD CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Opportunity" ADD CONSTRAINT "Opportunity_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StageChange" ADD CONSTRAINT "StageChange_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Note" ADD CONSTRAINT "Note_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSnapshot" ADD CONSTRAINT "ScoreSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScoreSnapshot" ADD CONSTRAINT "ScoreSnapshot_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestSubscription" ADD CONSTRAINT "DigestSubscription_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestSubscription" ADD CONSTRAINT "DigestSubscription_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestRun" ADD CONSTRAINT "DigestRun_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "DigestSubscription"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account"("id") ON DELETE CASCADE ON UPDATE CASCADE;
