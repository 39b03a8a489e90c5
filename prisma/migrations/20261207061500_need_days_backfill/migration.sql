-- Backfill: expert needs saved before Need.days kept the days wanted in details.daysNeeded.
UPDATE "Need"
SET "days" = ("details"->>'daysNeeded')::integer,
    "details" = "details" - 'daysNeeded'
WHERE "kind" = 'expert'
  AND "days" IS NULL
  AND jsonb_typeof("details"->'daysNeeded') = 'number'
  AND ("details"->>'daysNeeded') ~ '^[1-9][0-9]{0,3}$';
