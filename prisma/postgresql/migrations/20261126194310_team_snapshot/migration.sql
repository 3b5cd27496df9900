-- CreateTable
CREATE TABLE "TeamSnapshot" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "asOf" TEXT NOT NULL,
    "timezone" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "opportunities" INTEGER NOT NULL,
    "accounts" INTEGER NOT NULL,
    "modelVersion" TEXT NOT NULL,

    CONSTRAINT "TeamSnapshot_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TeamSnapshot_teamId_asOf_idx" ON "TeamSnapshot"("teamId", "asOf");

-- CreateIndex
CREATE UNIQUE INDEX "TeamSnapshot_teamId_periodKey_key" ON "TeamSnapshot"("teamId", "periodKey");
