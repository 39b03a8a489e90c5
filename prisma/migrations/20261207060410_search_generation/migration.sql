-- CreateTable
CREATE TABLE "SearchGeneration" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "needs" BIGINT NOT NULL DEFAULT 0,
    "offers" BIGINT NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SearchGeneration_pkey" PRIMARY KEY ("id")
);

-- A committed search_index outbox entry counts a change of the indexes it names: needs,
-- offers, or both (an owner's entry reaches its needs and offers; a rebuild, everything).
-- DEFERRABLE INITIALLY DEFERRED: the trigger runs at commit, so the row is locked only while
-- the writer commits, after all its other locks are taken (no deadlock between writers).
CREATE FUNCTION search_generation_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  all_indexes boolean := NEW.payload ? 'organizations' OR NEW.payload ? 'experts' OR coalesce(NEW.payload->>'reindex', '') = 'true';
  add_needs int := (all_indexes OR jsonb_array_length(coalesce(NEW.payload->'needs', '[]'::jsonb)) > 0)::int;
  add_offers int := (all_indexes OR jsonb_array_length(coalesce(NEW.payload->'offers', '[]'::jsonb)) > 0)::int;
BEGIN
  -- The row is created by the first change (an empty database has none: generation 0).
  IF add_needs + add_offers > 0 THEN
    INSERT INTO "SearchGeneration" ("id", "needs", "offers", "updatedAt") VALUES (1, add_needs, add_offers, now())
    ON CONFLICT ("id") DO UPDATE SET
      "needs" = "SearchGeneration"."needs" + add_needs,
      "offers" = "SearchGeneration"."offers" + add_offers,
      "updatedAt" = now();
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER "OutboxEntry_search_generation"
  AFTER INSERT ON "OutboxEntry"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.kind = 'search_index')
  EXECUTE FUNCTION search_generation_count();
