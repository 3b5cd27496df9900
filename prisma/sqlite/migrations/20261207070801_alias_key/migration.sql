/*
  Warnings:

  - The primary key for the `AccountAlias` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - You are about to drop the column `id` on the `AccountAlias` table. All the data in the column will be lost.

*/
-- DropIndex
DROP INDEX "Account_teamId_idx";

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AccountAlias" (
    "accountId" TEXT NOT NULL,
    "alias" TEXT NOT NULL,
    "normalized" TEXT NOT NULL,

    PRIMARY KEY ("accountId", "normalized"),
    CONSTRAINT "AccountAlias_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "Account" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AccountAlias" ("accountId", "alias", "normalized") SELECT "accountId", "alias", "normalized" FROM "AccountAlias";
DROP TABLE "AccountAlias";
ALTER TABLE "new_AccountAlias" RENAME TO "AccountAlias";
CREATE INDEX "AccountAlias_normalized_idx" ON "AccountAlias"("normalized");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
