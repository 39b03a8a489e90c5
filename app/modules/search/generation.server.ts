import { prisma } from '~/modules/db/db.server'
import { listedSql } from '~/modules/listings/listed-sql.server'
import type { ListingType } from '~/modules/listings/view'

// The search generation (table SearchGeneration, one row): a counter per index that moves
// whenever what a search of that index may return could change —
//   1. when a write that records a `search_index` outbox entry commits (a database trigger on
//      the entry: see the migration `search_generation`), so a listing closed a moment ago is
//      already out of every cached result while its index update waits in the outbox;
//   2. once the search sync has made such a change searchable (`countSearchable`, below), so
//      a result computed from the index before the change had landed is not kept.
// Anything derived from an index may be cached under the counter it was read with; every app
// instance reads the same row, so a cache in one process never outlives a change made by another.

/**
 * What a listing's matches depend on, read in one query: the counter of the index its matches
 * come from (offers for a need, needs for an offer) and the listing's own version (the later
 * of its own and its owner's last change). Null when the listing is unknown or not listed.
 */
export type MatchStamp = { generation: bigint; version: number }

export async function matchStamp(type: ListingType, key: string): Promise<MatchStamp | null> {
  const rows =
    type === 'need'
      ? await prisma.$queryRaw<{ generation: bigint; version: Date }[]>`
          SELECT COALESCE((SELECT offers FROM "SearchGeneration" WHERE id = 1), 0) AS generation, GREATEST(n."updatedAt", o."updatedAt") AS version
          FROM "Need" n JOIN "Organization" o ON o.id = n."orgId"
          WHERE n.key = ${key} AND ${listedSql('n')}`
      : await prisma.$queryRaw<{ generation: bigint; version: Date }[]>`
          SELECT COALESCE((SELECT needs FROM "SearchGeneration" WHERE id = 1), 0) AS generation, GREATEST(f."updatedAt", o."updatedAt", e."updatedAt") AS version
          FROM "Offer" f LEFT JOIN "Organization" o ON o.id = f."orgId" LEFT JOIN "ExpertProfile" e ON e.id = f."expertId"
          WHERE f.key = ${key} AND ${listedSql('f')}`
  const row = rows[0]
  return row ? { generation: BigInt(row.generation), version: new Date(row.version).getTime() } : null
}
