-- AlterTable
ALTER TABLE "Account" ADD COLUMN "crmId" TEXT;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN "crmId" TEXT;

-- AlterTable
ALTER TABLE "Need" ADD COLUMN "crmId" TEXT;

-- AlterTable
ALTER TABLE "Opportunity" ADD COLUMN "crmId" TEXT;

-- CreateIndex
CREATE INDEX "Account_teamId_crmId_idx" ON "Account"("teamId", "crmId");
