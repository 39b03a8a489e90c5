import { prisma } from '~/modules/db/db.server'
import {
  listedDocument,
  needDocument,
  needRowInclude,
  offerDocument,
  offerRowInclude,
  type ListingDocument,
} from '~/modules/search/documents.server'
import { NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED } from '~/modules/listings/vocabulary'
import { violatedRules } from './constraints'
import { loadRates } from '~/modules/money/exchange-rates.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'
import type { ListingType } from '~/modules/listings/view'
import { listedSql } from '~/modules/listings/listed-sql.server'

// Degraded mode (search unavailable): compatible listings straight from the database,
// newest first, without ranking or reasons. Candidates are open, public listings of a
// compatible kind whose dates overlap and that name an occupation of the same field
// (free text resolved through the taxonomy, so "Dien cong nghiep" meets "Industrial
// electrician"); each one is checked against the same hard rules as real matches
// (constraints.ts), so the fallback never shows a forbidden pair.

/** Rows read per listing shown: some break a rule the query does not express (language, budget). */
const READ_FACTOR = 4
const NEWEST_FIRST = [{ createdAt: 'desc' }, { id: 'asc' }] as const

/** The occupation strings that open listings of `table` use for one of `families`. */
async function occupationsOfFamilies(table: 'Need' | 'Offer', families: readonly string[], taxonomy: Taxonomy): Promise<string[]> {
  const used =
    table === 'Need'
      ? await prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT unnest(occupations) AS value FROM "Need" WHERE ${listedSql()}`
      : await prisma.$queryRaw<{ value: string }[]>`
          SELECT DISTINCT unnest(occupations) AS value FROM "Offer" WHERE ${listedSql()}`
  return used.map((row) => row.value).filter((value) => families.includes(taxonomy.resolveOccupation(value)?.family ?? ''))
}

/**
 * Up to `limit` listings (as search documents, built from their rows) compatible with the
 * open, public need or offer `key`; empty when it is not matchable.
 */
export async function fallbackCandidates(type: ListingType, key: string, limit: number): Promise<ListingDocument[]> {
  const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
  const own = await listedDocument(type, key, taxonomy, rates)
  if (!own) return []
  const occupations = await occupationsOfFamilies(own.type === 'need' ? 'Offer' : 'Need', own.occupationFamilies, taxonomy)
  if (!occupations.length) return []
  // Document dates are the rows' calendar days (UTC midnight), so this compares what the rows hold.
  const overlapping = { startDate: { lte: new Date(own.endDate) }, endDate: { gte: new Date(own.startDate) } }
  const where = { ...LISTED_WHERE, occupations: { hasSome: occupations }, ...overlapping }
  const read = { orderBy: [...NEWEST_FIRST], take: limit * READ_FACTOR }

  const compatible =
    own.type === 'need'
      ? (await prisma.offer.findMany({ where: { ...where, kind: { in: [...OFFER_KINDS_FOR_NEED[own.kind]] } }, include: offerRowInclude, ...read }))
          .map((row) => offerDocument(row, taxonomy, rates))
          .filter((offer) => violatedRules(own, offer, rates).length === 0)
      : (await prisma.need.findMany({ where: { ...where, kind: { in: [...NEED_KINDS_FOR_OFFER[own.kind]] } }, include: needRowInclude, ...read }))
          .map((row) => needDocument(row, taxonomy, rates))
          .filter((need) => violatedRules(need, own, rates).length === 0)
  return compatible.slice(0, limit)
}
