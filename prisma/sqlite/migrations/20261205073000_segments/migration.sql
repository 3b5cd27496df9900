-- CreateTable
CREATE TABLE "Segment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "industry" TEXT NOT NULL,
    "regionCode" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "industryOutlook" TEXT,
    "industryFindings" TEXT,
    "marketWallet" BIGINT,
    "marketAccounts" INTEGER,
    "marketNotes" TEXT,
    "competitors" TEXT,
    "competitionIntensity" TEXT,
    "solutionFit" TEXT,
    "opportunityRefs" TEXT,
    "opportunityNotes" TEXT,
    "chosen" BOOLEAN,
    "controlPoints" TEXT,
    "revenueTarget" BIGINT,
    "strategy" TEXT,
    "createdBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Segment_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Segment_workspaceId_idx" ON "Segment"("workspaceId");

-- CreateIndex
CREATE UNIQUE INDEX "Segment_teamId_industry_regionCode_year_key" ON "Segment"("teamId", "industry", "regionCode", "year");
