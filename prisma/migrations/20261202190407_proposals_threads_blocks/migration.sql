-- CreateEnum
CREATE TYPE "ProposalSide" AS ENUM ('need', 'offer');

-- AlterEnum (no proposal rows existed yet; a rename keeps the type and any defaults)
ALTER TYPE "ProposalStatus" RENAME VALUE 'pending' TO 'sent';
ALTER TYPE "ProposalStatus" ADD VALUE 'expired';

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "decidedById" TEXT,
ADD COLUMN     "declineReason" TEXT,
ADD COLUMN     "endDate" DATE,
ADD COLUMN     "expiresAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "fromSide" "ProposalSide" NOT NULL,
ADD COLUMN     "rateAmount" BIGINT,
ADD COLUMN     "rateCurrency" TEXT,
ADD COLUMN     "ratePer" "PriceUnit",
ADD COLUMN     "recipientParty" TEXT NOT NULL,
ADD COLUMN     "remindedAt" TIMESTAMP(3),
ADD COLUMN     "senderParty" TEXT NOT NULL,
ADD COLUMN     "startDate" DATE,
ALTER COLUMN "status" SET DEFAULT 'sent';

-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "clientKey" TEXT;

-- CreateTable
CREATE TABLE "ProposalRead" (
    "proposalId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastReadAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProposalRead_pkey" PRIMARY KEY ("proposalId","userId")
);

-- CreateTable
CREATE TABLE "PartyBlock" (
    "blocker" TEXT NOT NULL,
    "blocked" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PartyBlock_pkey" PRIMARY KEY ("blocker","blocked")
);

-- CreateTable
CREATE TABLE "MessageReport" (
    "id" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MessageReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ProposalRead_userId_idx" ON "ProposalRead"("userId");

-- CreateIndex
CREATE INDEX "MessageReport_resolvedAt_idx" ON "MessageReport"("resolvedAt");

-- CreateIndex
CREATE UNIQUE INDEX "MessageReport_messageId_reporterId_key" ON "MessageReport"("messageId", "reporterId");

-- CreateIndex
CREATE INDEX "Proposal_senderParty_createdAt_idx" ON "Proposal"("senderParty", "createdAt");

-- CreateIndex
CREATE INDEX "Proposal_recipientParty_idx" ON "Proposal"("recipientParty");

-- CreateIndex
CREATE INDEX "Proposal_status_expiresAt_idx" ON "Proposal"("status", "expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_proposalId_clientKey_key" ON "Message"("proposalId", "clientKey");

-- AddForeignKey
ALTER TABLE "ProposalRead" ADD CONSTRAINT "ProposalRead_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MessageReport" ADD CONSTRAINT "MessageReport_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One open proposal per pair of listings (issue 11: against spam).
CREATE UNIQUE INDEX "Proposal_open_pair_key" ON "Proposal"("needId", "offerId") WHERE status = 'sent';
