-- CreateEnum
CREATE TYPE "PaymentPurpose" AS ENUM ('sponsorship', 'expert_contract');

-- CreateEnum
CREATE TYPE "PayoutMode" AS ENUM ('none', 'stripe', 'manual');

-- CreateEnum
CREATE TYPE "StatementOutcome" AS ENUM ('matched', 'wrong_amount', 'unknown_reference', 'duplicate', 'resolved', 'ignored');

-- AlterTable
ALTER TABLE "ExpertProfile" ADD COLUMN     "stripeAccountId" TEXT,
ADD COLUMN     "stripePayoutsEnabled" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Payment" ADD COLUMN     "checkoutUrl" TEXT,
ADD COLUMN     "creditAmount" BIGINT,
ADD COLUMN     "creditCurrency" TEXT,
ADD COLUMN     "expiresAt" TIMESTAMP(3),
ADD COLUMN     "feeBasisPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ifUnfunded" TEXT NOT NULL DEFAULT 'refund',
ADD COLUMN     "payerUserId" TEXT,
ADD COLUMN     "payoutAccountId" TEXT,
ADD COLUMN     "payoutMode" "PayoutMode" NOT NULL DEFAULT 'none',
ADD COLUMN     "payoutPaidAt" TIMESTAMP(3),
ADD COLUMN     "payoutPaidById" TEXT,
ADD COLUMN     "purpose" "PaymentPurpose",
ADD COLUMN     "refundReason" TEXT,
ADD COLUMN     "refundedAt" TIMESTAMP(3),
ADD COLUMN     "stripeRefundId" TEXT;

-- Payments recorded before purposes existed: an agreement's is an expert contract.
UPDATE "Payment" SET "purpose" = (CASE WHEN "agreementId" IS NULL THEN 'sponsorship' ELSE 'expert_contract' END)::"PaymentPurpose";
ALTER TABLE "Payment" ALTER COLUMN "purpose" SET NOT NULL;

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "journal" TEXT NOT NULL,
    "paymentId" TEXT,
    "account" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "memo" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "created" TIMESTAMP(3) NOT NULL,
    "paymentId" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankStatement" (
    "id" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankStatement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BankStatementLine" (
    "id" TEXT NOT NULL,
    "statementId" TEXT NOT NULL,
    "lineNo" INTEGER NOT NULL,
    "bookedOn" DATE NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "reference" TEXT,
    "fingerprint" TEXT NOT NULL,
    "outcome" "StatementOutcome" NOT NULL,
    "paymentId" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BankStatementLine_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LedgerEntry_journal_idx" ON "LedgerEntry"("journal");

-- CreateIndex
CREATE INDEX "LedgerEntry_paymentId_idx" ON "LedgerEntry"("paymentId");

-- CreateIndex
CREATE INDEX "LedgerEntry_account_currency_idx" ON "LedgerEntry"("account", "currency");

-- CreateIndex
CREATE INDEX "BankStatementLine_fingerprint_idx" ON "BankStatementLine"("fingerprint");

-- CreateIndex
CREATE INDEX "BankStatementLine_outcome_idx" ON "BankStatementLine"("outcome");

-- CreateIndex
CREATE UNIQUE INDEX "BankStatementLine_statementId_lineNo_key" ON "BankStatementLine"("statementId", "lineNo");

-- CreateIndex
CREATE UNIQUE INDEX "ExpertProfile_stripeAccountId_key" ON "ExpertProfile"("stripeAccountId");

-- CreateIndex
CREATE INDEX "Payment_agreementId_idx" ON "Payment"("agreementId");

-- CreateIndex
CREATE INDEX "Payment_status_expiresAt_idx" ON "Payment"("status", "expiresAt");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatementLine" ADD CONSTRAINT "BankStatementLine_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "BankStatement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BankStatementLine" ADD CONSTRAINT "BankStatementLine_paymentId_fkey" FOREIGN KEY ("paymentId") REFERENCES "Payment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The ledger is append-only: a correction is a new journal, never an edit.
CREATE FUNCTION "ledger_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'LedgerEntry is append-only (% refused)', TG_OP;
END;
$$;
CREATE TRIGGER "LedgerEntry_append_only" BEFORE UPDATE OR DELETE ON "LedgerEntry"
  FOR EACH ROW EXECUTE FUNCTION "ledger_entry_append_only"();
