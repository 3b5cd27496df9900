-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "alertStaleDays" INTEGER;

-- CreateTable
CREATE TABLE "AlertSetting" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "off" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AlertSetting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AlertBatch" (
    "id" TEXT NOT NULL,
    "settingId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedBy" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "postedAt" TIMESTAMP(3),
    "messageTs" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,
    "items" TEXT,

    CONSTRAINT "AlertBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AlertSetting_workspaceId_userId_key" ON "AlertSetting"("workspaceId", "userId");

-- CreateIndex
CREATE INDEX "AlertBatch_periodKey_idx" ON "AlertBatch"("periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "AlertBatch_settingId_periodKey_key" ON "AlertBatch"("settingId", "periodKey");

-- AddForeignKey
ALTER TABLE "AlertBatch" ADD CONSTRAINT "AlertBatch_settingId_fkey" FOREIGN KEY ("settingId") REFERENCES "AlertSetting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
