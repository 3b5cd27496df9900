-- AlterTable
ALTER TABLE "Team" ADD COLUMN "importStageMap" TEXT;
