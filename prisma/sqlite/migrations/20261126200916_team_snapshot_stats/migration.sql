-- AlterTable
ALTER TABLE "TeamSnapshot" ADD COLUMN "stats" TEXT;
