-- CreateTable
CREATE TABLE "SegmentProposal" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "changes" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedAt" TIMESTAMP(3),

    CONSTRAINT "SegmentProposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SegmentProposal_workspaceId_userId_status_idx" ON "SegmentProposal"("workspaceId", "userId", "status");
