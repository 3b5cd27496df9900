-- CreateTable
CREATE TABLE "TeamSnapshot" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "teamId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL,
    "opportunities" INTEGER NOT NULL,
    "accounts" INTEGER NOT NULL,
    "modelVersion" TEXT NOT NULL
);

-- CreateIndex
CREATE INDEX "TeamSnapshot_teamId_asOf_idx" ON "TeamSnapshot"("teamId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "TeamSnapshot_teamId_periodKey_key" ON "TeamSnapshot"("teamId", "periodKey");
