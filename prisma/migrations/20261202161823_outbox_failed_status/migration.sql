-- AlterEnum
ALTER TYPE "OutboxStatus" ADD VALUE 'failed';
