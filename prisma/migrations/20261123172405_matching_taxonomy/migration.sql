-- AlterTable
ALTER TABLE "Occupation" ADD COLUMN     "family" TEXT,
ADD COLUMN     "related" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "skillGroups" JSONB NOT NULL DEFAULT '[]';

