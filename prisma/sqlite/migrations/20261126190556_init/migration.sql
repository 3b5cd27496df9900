-- CreateTable
CREATE TABLE "Workspace" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "defaultLocale" TEXT NOT NULL DEFAULT 'zh-CN',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "WorkspaceManager" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "WorkspaceManager_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UserPref" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "locale" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "UserPref_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Installation" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Team" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Team_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "syncedAt" DATETIME NOT NULL,
    CONSTRAINT "TeamMember_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "grossMarginPct" REAL,
    "relationshipYears" INTEGER,
    "walletAnnual" BIGINT,
    "industryOutlook" TEXT,
    "marketPosition" TEXT,
    "developmentTrend" TEXT,
    "budgetStatus" TEXT,
    "segmentMatch" BOOLEAN,
    "referenceValue" TEXT,
    "incumbent" TEXT,
    "retentionRate" REAL,
    "discountRate" REAL,
    "ownerAr" TEXT,
    "ownerSr" TEXT,
    "ownerFr" TEXT,
    "executiveSponsor" TEXT,
    "visitCadence" TEXT,
    "revenueTarget" BIGINT,
    "lastReviewDate" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Account_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Account_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AccountAlias" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,
    CONSTRAINT "AccountAlias_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Need" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "opportunityId" TEXT,
    "description" TEXT,
    "category" TEXT,
    "severity" INTEGER,
    "urgency" INTEGER,
    "ourFit" INTEGER,
    "confirmed" BOOLEAN NOT NULL DEFAULT false,
    "metric" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Need_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Need_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Contact_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Opportunity" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Opportunity_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StageChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "opportunityId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "enteredDate" TEXT NOT NULL,
    "amountAtEntry" BIGINT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StageChange_opportunityId_fkey" FOREIGN KEY ("opportunityId") REFERENCES "Opportunity" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Note" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "accountId" TEXT NOT NULL,
    "authorUserId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Note_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FactChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ScoreSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "teamId" TEXT,
    "periodKey" TEXT,
    "takenAt" DATETIME NOT NULL,
    "cv" REAL NOT NULL,
    "pt" REAL NOT NULL,
    "sf" REAL NOT NULL,
    "ra" REAL NOT NULL,
    "x" REAL NOT NULL,
    "y" REAL NOT NULL,
    "v" REAL NOT NULL,
    "quadrant" TEXT NOT NULL,
    "tier" TEXT,
    "priority" TEXT,
    "completeness" REAL NOT NULL,
    "completenessCv" REAL NOT NULL,
    "completenessPt" REAL NOT NULL,
    "completenessSf" REAL NOT NULL,
    "completenessRa" REAL NOT NULL,
    "confidence" TEXT NOT NULL,
    "modelVersion" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    CONSTRAINT "ScoreSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreSnapshot_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PipelineSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "opportunityId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "expectedCloseDate" TEXT,
    "pCount" REAL NOT NULL,
    "pAmt" REAL NOT NULL,
    "modelVersion" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" TEXT NOT NULL,
    "periodEnd" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "createdBy" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Target_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DigestSubscription" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DigestSubscription_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DigestSubscription_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DigestRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "subscriptionId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "postedAt" DATETIME,
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    CONSTRAINT "DigestRun_subscriptionId_fkey" FOREIGN KEY ("subscriptionId") REFERENCES "DigestSubscription" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "threadTs" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "accountVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "messageRef" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" DATETIME,
    CONSTRAINT "Proposal_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "eventId" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
