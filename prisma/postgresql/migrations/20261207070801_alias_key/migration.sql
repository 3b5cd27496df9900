/*
  Warnings:

  - The primary key for the `AccountAlias` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - You are about to drop the column `id` on the `AccountAlias` table. All the data in the column will be lost.

*/
-- DropIndex
DROP INDEX "Account_teamId_idx";

-- DropIndex
DROP INDEX "AccountAlias_accountId_normalized_key";

-- AlterTable
ALTER TABLE "AccountAlias" DROP CONSTRAINT "AccountAlias_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "AccountAlias_pkey" PRIMARY KEY ("accountId", "normalized");


