import { Prisma } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { listedSql } from '~/modules/listings/listed-sql.server'
import type { ListingType } from '~/modules/listings/view'
import { LISTING_VERSION_SQL } from './documents.server'

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
  const { from, version } = LISTING_VERSION_SQL[type]
  const otherIndex = Prisma.raw(type === 'need' ? 'offers' : 'needs')
  const [row] = await prisma.$queryRaw<{ generation: bigint; version: Date }[]>`
    SELECT COALESCE((SELECT ${otherIndex} FROM "SearchGeneration" WHERE id = 1), 0) AS generation, ${version} AS version
    FROM ${from} WHERE l.key = ${key} AND ${listedSql('l')}`
  return row ? { generation: BigInt(row.generation), version: new Date(row.version).getTime() } : null
}
