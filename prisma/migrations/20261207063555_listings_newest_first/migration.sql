-- CreateIndex
CREATE INDEX "Need_createdAt_id_idx" ON "Need"("createdAt" DESC, "id");

-- CreateIndex
CREATE INDEX "Offer_createdAt_id_idx" ON "Offer"("createdAt" DESC, "id");
