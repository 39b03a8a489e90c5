-- CreateEnum
CREATE TYPE "UnknownTermStatus" AS ENUM ('open', 'mapped', 'dismissed');

-- AlterTable
ALTER TABLE "Need" ADD COLUMN     "occupationsOther" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "Offer" ADD COLUMN     "occupationsOther" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- CreateTable
CREATE TABLE "TaxonomyEdition" (
    "edition" TEXT NOT NULL,
    "keys" TEXT[],
    "added" INTEGER NOT NULL,
    "appliedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaxonomyEdition_pkey" PRIMARY KEY ("edition")
);

-- CreateTable
CREATE TABLE "UnknownOccupationTerm" (
    "id" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    "examples" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "context" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "count" INTEGER NOT NULL DEFAULT 0,
    "needIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "offerIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "status" "UnknownTermStatus" NOT NULL DEFAULT 'open',
    "occupationKey" TEXT,
    "resolvedById" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "UnknownOccupationTerm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "UnknownOccupationTerm_term_key" ON "UnknownOccupationTerm"("term");

-- CreateIndex
CREATE INDEX "UnknownOccupationTerm_status_count_idx" ON "UnknownOccupationTerm"("status", "count");
