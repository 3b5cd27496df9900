-- AlterTable
ALTER TABLE "Team" ADD COLUMN "alertStaleDays" INTEGER;

-- CreateTable
CREATE TABLE "AlertSetting" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "off" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "AlertBatch" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "settingId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "leaseUntil" DATETIME NOT NULL,
    "postedAt" DATETIME,
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "items" TEXT,
    CONSTRAINT "AlertBatch_settingId_fkey" FOREIGN KEY ("settingId") REFERENCES "AlertSetting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertSetting_workspaceId_userId_key" ON "AlertSetting"("workspaceId", "userId");

-- CreateIndex
CREATE INDEX "AlertBatch_periodKey_idx" ON "AlertBatch"("periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "AlertBatch_settingId_periodKey_key" ON "AlertBatch"("settingId", "periodKey");
