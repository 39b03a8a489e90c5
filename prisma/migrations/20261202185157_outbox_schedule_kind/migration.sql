-- AlterEnum
ALTER TYPE "OutboxKind" ADD VALUE 'schedule';
