-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN "modelVersionId" TEXT;

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "basedOn" TEXT NOT NULL,
    "weights" TEXT NOT NULL,
    "yWeights" TEXT NOT NULL,
    "rates" TEXT NOT NULL,
    "report" TEXT,
    "adoptedBy" TEXT NOT NULL,
    "adoptedAt" DATETIME NOT NULL,
    CONSTRAINT "ModelVersion_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PipelineSnapshot" (
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
    "modelVersion" TEXT NOT NULL DEFAULT 'v1-default'
);
INSERT INTO "new_PipelineSnapshot" ("accountId", "amount", "asOf", "expectedCloseDate", "id", "modelVersion", "opportunityId", "pAmt", "pCount", "periodKey", "stage", "takenAt", "teamId") SELECT "accountId", "amount", "asOf", "expectedCloseDate", "id", "modelVersion", "opportunityId", "pAmt", "pCount", "periodKey", "stage", "takenAt", "teamId" FROM "PipelineSnapshot";
DROP TABLE "PipelineSnapshot";
ALTER TABLE "new_PipelineSnapshot" RENAME TO "PipelineSnapshot";
CREATE INDEX "PipelineSnapshot_opportunityId_asOf_idx" ON "PipelineSnapshot"("opportunityId", "asOf");
CREATE UNIQUE INDEX "PipelineSnapshot_teamId_periodKey_opportunityId_key" ON "PipelineSnapshot"("teamId", "periodKey", "opportunityId");
CREATE TABLE "new_ScoreSnapshot" (
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
    "modelVersion" TEXT NOT NULL DEFAULT 'v1-default',
    "reason" TEXT NOT NULL,
    CONSTRAINT "ScoreSnapshot_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScoreSnapshot_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_ScoreSnapshot" ("accountId", "completeness", "completenessCv", "completenessPt", "completenessRa", "completenessSf", "confidence", "cv", "id", "modelVersion", "periodKey", "priority", "pt", "quadrant", "ra", "reason", "sf", "takenAt", "teamId", "tier", "v", "workspaceId", "x", "y") SELECT "accountId", "completeness", "completenessCv", "completenessPt", "completenessRa", "completenessSf", "confidence", "cv", "id", "modelVersion", "periodKey", "priority", "pt", "quadrant", "ra", "reason", "sf", "takenAt", "teamId", "tier", "v", "workspaceId", "x", "y" FROM "ScoreSnapshot";
DROP TABLE "ScoreSnapshot";
ALTER TABLE "new_ScoreSnapshot" RENAME TO "ScoreSnapshot";
CREATE INDEX "ScoreSnapshot_accountId_takenAt_idx" ON "ScoreSnapshot"("accountId", "takenAt");
CREATE INDEX "ScoreSnapshot_teamId_periodKey_idx" ON "ScoreSnapshot"("teamId", "periodKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "ModelVersion_workspaceId_adoptedAt_idx" ON "ModelVersion"("workspaceId", "adoptedAt");

