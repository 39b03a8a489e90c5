-- AlterTable
ALTER TABLE "Need" ADD COLUMN     "days" INTEGER;
