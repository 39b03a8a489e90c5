-- AlterEnum
ALTER TYPE "OfferKind" ADD VALUE 'training_order';
