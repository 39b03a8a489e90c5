import { prisma } from '~/modules/db/db.server'
import { listedSql } from '~/modules/listings/listed-sql.server'
import type { ListingType } from '~/modules/listings/view'

// What a listing's cached matches are stamped with (matching/match-cache.server.ts): the
// search generation of the other side's index (outbox/search-index.server.ts says when it
// moves) and the listing's own version, in one query.

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
