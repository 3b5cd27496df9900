-- AlterTable
ALTER TABLE "PipelineSnapshot" ALTER COLUMN "modelVersion" SET DEFAULT 'v1-default';

-- AlterTable
ALTER TABLE "ScoreSnapshot" ALTER COLUMN "modelVersion" SET DEFAULT 'v1-default';

-- AlterTable
ALTER TABLE "Workspace" ADD COLUMN     "modelVersionId" TEXT;

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "basedOn" TEXT NOT NULL,
    "weights" TEXT NOT NULL,
    "yWeights" TEXT NOT NULL,
    "rates" TEXT NOT NULL,
    "report" TEXT,
    "adoptedBy" TEXT NOT NULL,
    "adoptedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ModelVersion_workspaceId_adoptedAt_idx" ON "ModelVersion"("workspaceId", "adoptedAt");

-- CreateIndex
CREATE INDEX "PipelineSnapshot_opportunityId_asOf_idx" ON "PipelineSnapshot"("opportunityId", "asOf");

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

