import { prisma } from '~/modules/db/db.server'
import {
  needDocument,
  needRowInclude,
  offerDocument,
  offerRowInclude,
  type NeedDocument,
  type OfferDocument,
} from '~/modules/search/documents.server'
import { NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED, violatedRules } from './constraints'
import { loadRates } from '~/modules/money/exchange-rates.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { isListed, LISTED_WHERE } from '~/modules/listings/visibility'
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
export async function fallbackCandidates(type: 'need' | 'offer', key: string, limit: number): Promise<(NeedDocument | OfferDocument)[]> {
  const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
  const read = { orderBy: [...NEWEST_FIRST], take: limit * READ_FACTOR }

  if (type === 'need') {
    const row = await prisma.need.findUnique({ where: { key }, include: needRowInclude })
    if (!row || !isListed(row)) return []
    const need = needDocument(row, taxonomy, rates)
    const occupations = await occupationsOfFamilies('Offer', need.occupationFamilies, taxonomy)
    if (!occupations.length) return []
    const offers = await prisma.offer.findMany({
      where: {
        ...LISTED_WHERE,
        kind: { in: [...OFFER_KINDS_FOR_NEED[need.kind]] },
        occupations: { hasSome: occupations },
        startDate: { lte: row.endDate },
        endDate: { gte: row.startDate },
      },
      include: offerRowInclude,
      ...read,
    })
    return offers
      .map((offer) => offerDocument(offer, taxonomy, rates))
      .filter((offer) => violatedRules(need, offer, rates).length === 0)
      .slice(0, limit)
  }

  const row = await prisma.offer.findUnique({ where: { key }, include: offerRowInclude })
  if (!row || !isListed(row)) return []
  const offer = offerDocument(row, taxonomy, rates)
  const occupations = await occupationsOfFamilies('Need', offer.occupationFamilies, taxonomy)
  if (!occupations.length) return []
  const needs = await prisma.need.findMany({
    where: {
      ...LISTED_WHERE,
      kind: { in: [...NEED_KINDS_FOR_OFFER[offer.kind]] },
      occupations: { hasSome: occupations },
      startDate: { lte: row.endDate },
      endDate: { gte: row.startDate },
    },
    include: needRowInclude,
    ...read,
  })
  return needs
    .map((need) => needDocument(need, taxonomy, rates))
    .filter((need) => violatedRules(need, offer, rates).length === 0)
    .slice(0, limit)
}
