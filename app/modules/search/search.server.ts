import { redirect } from '@remix-run/node'
import type { MultiSearchQuery, SearchResponse } from 'meilisearch'
import { getCurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { NEED_KINDS, OFFER_KINDS } from '~/modules/import/format'
import { listPublicNeeds, listPublicOffers, type Page } from '~/modules/listings/browse.server'
import type { ListingSummary } from '~/modules/listings/view'
import { and, inList } from './filters'
import { loadRates, ratesStamp } from '~/modules/money/exchange-rates.server'
import { documentSummary } from './summaries.server'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { convert, MONEY_EPSILON, perDay, type Rates } from '~/modules/money/units'
import { log } from '~/modules/runtime/logger.server'
import { isSearchConfigured, isSearchUnavailable, searchDeadline, SearchUnavailable } from './client.server'
import type { NeedDocument, OfferDocument } from './documents.server'
import { distanceRings, haversineKm, type GeoPoint } from './geo'
import { indexName } from './indexes.server'
import { readySearch } from './readiness.server'
import { searchGeneration } from '~/modules/outbox/search-index.server'
import { StampedCache } from '~/modules/runtime/stamped-cache.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import {
  formParams,
  isBandSelected,
  MAX_HITS,
  MAX_PAGE,
  PAGE_SIZE,
  PRICE_BANDS,
  typesInScope,
  type SearchErrors,
  type SearchSort,
  type SearchState,
} from './search-params'
import { parseSearchParams } from './search-params.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'

// The search page: full text over the public, open needs and offers in Meilisearch, with
// facet counts, three orders and pages; a plain database listing when Meilisearch is down
// or not configured. One multi-search request per page view holds every query: each index's
// page of hits (with the counts of the facets not in use), and for each facet in use the
// same search without that facet's own filter, so its counts say what choosing another
// value would give (values of one facet combine with OR, facets with AND).
//
// Orders: relevance merges the two indexes by Meilisearch's ranking score. "Newest" and
// "nearest" are strict: with words to match, Meilisearch ranks text relevance before its
// sort rule, so the whole hit set (at most MAX_HITS per index) is ordered here. Without
// words, "newest" is Meilisearch's sort and only the pages up to this one are read, and
// "nearest" reads ring by ring around the point (geo.ts): counts first, then only the
// rings this page falls in — a ring of up to SMALL_RING listings in order of exact
// distance, a larger one in Meilisearch's order (verified, then newest).
// Words: every query word must match (with typos, synonyms, with or without diacritics), so
// the counts describe one clear set; when nothing has them all, listings with some are shown.

export type FacetOption = { value: string; count: number; selected: boolean; label?: string }
export type PriceBandOption = { min: number | null; max: number | null; count: number; selected: boolean }
export type SearchFacets = {
  need: FacetOption[]
  offer: FacetOption[]
  occupation: FacetOption[]
  district: FacetOption[]
  language: FacetOption[]
  verified: FacetOption
  price: PriceBandOption[]
}
export type SearchHit = { listing: ListingSummary; distanceKm: number | null }
export type SearchResults = { items: SearchHit[]; total: number; page: number; pages: number }
export type SearchOutcome = { results: SearchResults; facets: SearchFacets; partialMatch: boolean }
export type SearchOptions = {
  lng: Language
  point: GeoPoint | null
  /** rings of up to this many listings are ordered by exact distance (default SMALL_RING; tests lower it) */
  exactRingSize?: number
}

type IndexType = 'need' | 'offer'
type CardDocument = NeedDocument | OfferDocument
type Facet = 'kind' | 'occupation' | 'district' | 'language' | 'verified' | 'price'

const FACET_ATTRIBUTE: Record<Exclude<Facet, 'price'>, string> = {
  kind: 'kind',
  occupation: 'occupationKeys',
  district: 'district',
  language: 'languages',
  verified: 'verified',
}
/** The normalised money of each index: VND per working day (a need's budget, an offer's price). */
const MONEY_ATTRIBUTE: Record<IndexType, string> = { need: 'budgetVndPerDay', offer: 'priceVndPerDay' }
/** The rings "nearest" reads without words (half-sides, km), nearest first; then the rest. */
const NEAREST_RINGS_KM = [1, 2, 5, 10, 20, 50]
const SMALL_RING = 200
const CARD_FIELDS = [
  'id', 'key', 'type', 'kind', 'status', 'title', 'occupations', 'languages', 'startDate', 'endDate', 'quantity', 'capacity', 'onSite',
  'remote', 'budgetAmount', 'budgetCurrency', 'budgetPer', 'priceAmount', 'priceCurrency', 'pricePer', 'ownerType', 'ownerKey',
  'ownerName', 'ownerNameVi', 'district', 'verified', 'createdAt', 'geo',
]

const indexOf = (type: IndexType) => indexName(type === 'need' ? 'needs' : 'offers')

// ───────────────────────────── filters ─────────────────────────────

const decimal = (value: number) => value.toFixed(6)

/** VND per working day of an amount in the range's currency and unit (null: a currency without a rate). */
function vndPerDay(amount: number, state: SearchState, rates: Rates): number | null {
  const daily = perDay(amount, state.per)
  return daily === null ? null : convert(daily, state.currency, 'VND', rates)
}

type VndRange = { min: number | null; max: number | null }

/** The range's bounds in VND per day, widened by float noise so an exact price still fits. */
function rangeClause(type: IndexType, range: VndRange): string | null {
  const field = MONEY_ATTRIBUTE[type]
  const parts = [
    range.min !== null ? `${field} >= ${decimal(range.min * (1 - MONEY_EPSILON))}` : null,
    range.max !== null ? `${field} <= ${decimal(range.max * (1 + MONEY_EPSILON))}` : null,
  ]
  return parts.some(Boolean) ? and(...parts) : null
}

/** Everything the state asks of one index, except the facets in `omit`. */
function filterFor(type: IndexType, state: SearchState, range: VndRange | null, omit: Facet | null = null): string {
  const kinds = type === 'need' ? state.need : state.offer
  return and(
    'status = "open"',
    omit !== 'kind' && kinds.length ? inList('kind', kinds) : null,
    omit !== 'occupation' && state.occupation.length ? inList('occupationKeys', state.occupation) : null,
    omit !== 'district' && state.district.length ? inList('district', state.district) : null,
    omit !== 'language' && state.language.length ? inList('languages', state.language) : null,
    omit !== 'verified' && state.verified ? 'verified = true' : null,
    omit !== 'price' && range ? rangeClause(type, range) : null,
  )
}

function activeFacets(state: SearchState, range: VndRange | null): Facet[] {
  const active: Facet[] = []
  if (state.need.length || state.offer.length) active.push('kind')
  if (state.occupation.length) active.push('occupation')
  if (state.district.length) active.push('district')
  if (state.language.length) active.push('language')
  if (state.verified) active.push('verified')
  if (range) active.push('price')
  return active
}

// ───────────────────────────── cards ─────────────────────────────

/** Of these ids, the listings still public and open: a change may be a moment from the index. */
async function stillListed(type: IndexType, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set()
  const where = { id: { in: ids }, ...LISTED_WHERE }
  const rows = type === 'need' ? await prisma.need.findMany({ where, select: { id: true } }) : await prisma.offer.findMany({ where, select: { id: true } })
  return new Set(rows.map((row) => row.id))
}

// ───────────────────────────── ordering ─────────────────────────────

type Ranked = { type: IndexType; doc: CardDocument; score: number; distance: number | null }

const amongEquals = (a: Ranked, b: Ranked) =>
  Number(b.doc.verified) - Number(a.doc.verified) || b.doc.createdAt - a.doc.createdAt || a.doc.key.localeCompare(b.doc.key)

const ORDER: Record<SearchSort, (a: Ranked, b: Ranked) => number> = {
  relevance: (a, b) => b.score - a.score || amongEquals(a, b),
  newest: (a, b) => b.doc.createdAt - a.doc.createdAt || amongEquals(a, b),
  // Listings without a place go last.
  nearest: (a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || amongEquals(a, b),
}

/** Two lists, each in its own order, merged at their heads (so reading more of either keeps the merged prefix). */
function mergeOrdered<T>(a: readonly T[], b: readonly T[], compare: (x: T, y: T) => number): T[] {
  const out: T[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && compare(a[i]!, b[j]!) <= 0) ? a[i++]! : b[j++]!)
  return out
}

const distanceFrom = (point: GeoPoint | null, doc: CardDocument) => (point && doc.geo ? haversineKm(point, doc.geo) : null)

// ───────────────────────────── facets ─────────────────────────────

type Distribution = Record<string, number>

function addInto(target: Distribution, source: Distribution | undefined) {
  for (const [value, count] of Object.entries(source ?? {})) target[value] = (target[value] ?? 0) + count
}

/** Values by count (then label), selected values always present. */
function options(distribution: Distribution, selected: readonly string[], label?: (value: string) => string | null): FacetOption[] {
  const values = new Set([...Object.keys(distribution), ...selected])
  const out: FacetOption[] = []
  for (const value of values) {
    const text = label ? label(value) : undefined
    if (text === null) continue
    out.push({ value, count: distribution[value] ?? 0, selected: selected.includes(value), ...(text ? { label: text } : {}) })
  }
  return out.sort((a, b) => b.count - a.count || (a.label ?? a.value).localeCompare(b.label ?? b.value, 'vi'))
}

// ───────────────────────────── the search ─────────────────────────────

/**
 * One page of public, open listings for the state, with facet counts. `point` is where
 * "nearest" measures from (without one, relevance decides). Throws what isSearchUnavailable
 * recognises when Meilisearch cannot answer (see loadSearchPage for the fallback).
 */
export async function searchListings(state: SearchState, options: SearchOptions): Promise<SearchOutcome> {
  // Not ready (starting, rebuilding): say so before any cached answer, as an uncached one would.
  await readySearch()
  const [rates, taxonomy, generation] = await Promise.all([loadRates(), loadTaxonomy(), searchGeneration()])
  const { lng, point, exactRingSize = SMALL_RING } = options
  const key = JSON.stringify([state, lng, point, exactRingSize])
  const stamp = [generation.needs, generation.offers, taxonomy, ratesStamp(rates)]
  const cached = searchCache().get(key, stamp)
  if (cached) return cached
  const outcome = await computeSearch(state, { lng, point, exactRingSize }, rates, taxonomy)
  searchCache().set(key, stamp, outcome)
  return outcome
}

// Search outcomes per query, language and place, kept while the search generation of both
// indexes, the taxonomy and the rates stand still (stamped-cache.server.ts): a repeated search
// costs one small query until a listing changes.
const SEARCH_CACHE_ENTRIES = 2_000
const globalForSearchCache = globalThis as unknown as { __searchCache?: StampedCache<SearchOutcome> }
function searchCache(): StampedCache<SearchOutcome> {
  globalForSearchCache.__searchCache ??= new StampedCache(SEARCH_CACHE_ENTRIES)
  return globalForSearchCache.__searchCache
}

/** Forget every cached search outcome (tests about searches that must ask Meilisearch now). */
export function forgetCachedSearches(): void {
  searchCache().clear()
}

async function computeSearch(
  state: SearchState,
  { lng, point, exactRingSize }: Required<SearchOptions>,
  rates: Rates,
  taxonomy: Taxonomy,
): Promise<SearchOutcome> {
  const range = priceRange(state, rates)
  const sort: SearchSort = state.sort === 'nearest' && !point ? 'relevance' : state.sort
  const allWords = await run(state, range, sort, point, exactRingSize, 'all')
  const wordCount = state.q.split(/\s+/).filter(Boolean).length
  const partialMatch = allWords.total === 0 && wordCount > 1
  const raw = partialMatch ? await run(state, range, sort, point, exactRingSize, 'last') : allWords

  const idsOf = (type: IndexType) => raw.page.filter((hit) => hit.type === type).map((hit) => hit.doc.id)
  const [needs, offers] = await Promise.all([stillListed('need', idsOf('need')), stillListed('offer', idsOf('offer'))])
  const items = raw.page
    .filter((hit) => (hit.type === 'need' ? needs : offers).has(hit.doc.id))
    .map((hit) => ({ listing: documentSummary(hit.doc), distanceKm: hit.distance }))

  const kindOptions = (kinds: readonly string[], counts: Distribution, selected: readonly string[]) =>
    kinds.map((kind) => ({ value: kind, count: counts[kind] ?? 0, selected: selected.includes(kind) }))
  return {
    results: { items, total: raw.total, page: raw.pageNumber, pages: raw.pages },
    facets: {
      need: kindOptions(NEED_KINDS, raw.counts.needKind, state.need),
      offer: kindOptions(OFFER_KINDS, raw.counts.offerKind, state.offer),
      occupation: options(raw.counts.occupation, state.occupation, (key) => taxonomy.occupationName(key, lng)),
      district: options(raw.counts.district, state.district),
      language: options(raw.counts.language, state.language),
      verified: { value: 'true', count: raw.counts.verified.true ?? 0, selected: state.verified },
      price: PRICE_BANDS.map((band, i) => ({ ...band, count: raw.counts.bands[i] ?? 0, selected: isBandSelected(state, band) })),
    },
    partialMatch,
  }
}

function priceRange(state: SearchState, rates: Rates): VndRange | null {
  if (state.min === null && state.max === null) return null
  return {
    min: state.min === null ? null : vndPerDay(state.min, state, rates),
    max: state.max === null ? null : vndPerDay(state.max, state, rates),
  }
}

type RawSearch = {
  page: Ranked[]
  total: number
  pageNumber: number
  pages: number
  counts: {
    needKind: Distribution
    offerKind: Distribution
    occupation: Distribution
    district: Distribution
    language: Distribution
    verified: Distribution
    bands: number[]
  }
}

async function run(
  state: SearchState,
  range: VndRange | null,
  sort: SearchSort,
  point: GeoPoint | null,
  exactRingSize: number,
  matchingStrategy: 'all' | 'last',
): Promise<RawSearch> {
  const scope = typesInScope(state)
  const active = activeFacets(state, range)
  const strict = sort !== 'relevance' && state.q !== ''
  const wanted = strict ? MAX_HITS : Math.min(MAX_HITS, state.page * PAGE_SIZE)
  const base = { q: state.q, matchingStrategy, page: 1 }
  const ringCentre = sort === 'nearest' && !state.q ? point : null
  const rings = ringCentre ? distanceRings(ringCentre, NEAREST_RINGS_KM) : []
  const queries: MultiSearchQuery[] = []
  const add = (query: MultiSearchQuery) => queries.push(query) - 1

  // Each index's hits, with the counts of the facets not in use.
  const unused = (Object.keys(FACET_ATTRIBUTE) as (keyof typeof FACET_ATTRIBUTE)[]).filter((facet) => !active.includes(facet))
  const main = new Map<IndexType, number>()
  for (const type of scope) {
    main.set(
      type,
      add({
        ...base,
        indexUid: indexOf(type),
        filter: filterFor(type, state, range),
        // Nearest without words reads its hits ring by ring (ringPage).
        hitsPerPage: ringCentre ? 0 : wanted,
        attributesToRetrieve: CARD_FIELDS,
        facets: unused.map((facet) => FACET_ATTRIBUTE[facet]),
        ...(sort === 'relevance' ? { showRankingScore: true } : {}),
        ...(sort === 'newest' ? { sort: ['createdAt:desc'] } : {}),
      }),
    )
  }
  // The facets in use: the same search without the facet's own filter. Counting kinds asks
  // both indexes, even when the kind filter leaves only one.
  const facetCounts = new Map<Facet, Map<IndexType, number>>()
  for (const facet of active.filter((f) => f !== 'price')) {
    const attribute = FACET_ATTRIBUTE[facet as keyof typeof FACET_ATTRIBUTE]
    const slots = new Map<IndexType, number>()
    for (const type of facet === 'kind' ? (['need', 'offer'] as const) : scope) {
      slots.set(type, add({ ...base, indexUid: indexOf(type), filter: filterFor(type, state, range, facet), hitsPerPage: 0, facets: [attribute] }))
    }
    facetCounts.set(facet, slots)
  }
  const ringSlots = rings.map((ring) =>
    scope.map((type) => ({ type, slot: add({ ...base, indexUid: indexOf(type), filter: and(filterFor(type, state, range), ring), hitsPerPage: 0 }) })),
  )
  const bandSlots = PRICE_BANDS.map((band) =>
    scope.map((type) => add({ ...base, indexUid: indexOf(type), filter: and(filterFor(type, state, range, 'price'), rangeClause(type, band)), hitsPerPage: 0 })),
  )

  const { results } = await (await readySearch()).multiSearch<{ queries: MultiSearchQuery[] }, CardDocument>(
    { queries },
    { signal: searchDeadline() },
  )
  const answer = (slot: number) => results[slot] as SearchResponse<CardDocument> & { totalHits?: number }
  const distribution = (slot: number | undefined, attribute: string): Distribution =>
    slot === undefined ? {} : (answer(slot).facetDistribution?.[attribute] ?? {})

  // Hits and totals.
  let total = 0
  const ranked: Ranked[] = []
  for (const [type, slot] of main) {
    const response = answer(slot)
    total += response.totalHits ?? 0
    for (const hit of response.hits) {
      ranked.push({ type, doc: hit, score: hit._rankingScore ?? 0, distance: sort === 'nearest' ? distanceFrom(point, hit) : null })
    }
  }
  ranked.sort(ORDER[sort])
  const pages = Math.max(1, Math.min(Math.ceil(total / PAGE_SIZE), MAX_PAGE))
  // An old link past the last page (listings closed since) shows the last one: its hits were read.
  const pageNumber = Math.min(state.page, pages)
  const [start, end] = [(pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE]
  const ringCounts = ringSlots.map((slots) => slots.map(({ type, slot }) => ({ type, count: answer(slot).totalHits ?? 0 })))
  const pageHits = ringCentre ? await ringPage(state, range, ringCentre, rings, ringCounts, { start, end, exactRingSize }) : ranked.slice(start, end)

  // Facet counts: from the facet's own query when it is in use, else from the main queries.
  const merged = (facet: Exclude<Facet, 'price'>, types: readonly IndexType[]): Distribution => {
    const out: Distribution = {}
    const own = facetCounts.get(facet)
    for (const type of types) addInto(out, distribution(own ? own.get(type) : main.get(type), FACET_ATTRIBUTE[facet]))
    return out
  }
  // Without a kind filter both indexes are in scope, so their main queries count the kinds.
  const kindOf = (type: IndexType) => merged('kind', [type])

  return {
    page: pageHits,
    total,
    pageNumber,
    pages,
    counts: {
      needKind: kindOf('need'),
      offerKind: kindOf('offer'),
      occupation: merged('occupation', scope),
      district: merged('district', scope),
      language: merged('language', scope),
      verified: merged('verified', scope),
      bands: bandSlots.map((slots) => slots.reduce((sum, slot) => sum + (answer(slot).totalHits ?? 0), 0)),
    },
  }
}

/**
 * Positions [start, end) of "nearest" without words, read from the rings they fall in,
 * given each ring's count per index (`counts` in the order of `rings`).
 */
async function ringPage(
  state: SearchState,
  range: VndRange | null,
  point: GeoPoint,
  rings: readonly string[],
  counts: { type: IndexType; count: number }[][],
  { start, end, exactRingSize }: { start: number; end: number; exactRingSize: number },
): Promise<Ranked[]> {
  const queries: MultiSearchQuery[] = []
  const reads: { ring: number; type: IndexType }[] = []
  const windows: { ring: number; from: number; to: number; small: boolean }[] = []
  let before = 0
  counts.forEach((byType, ring) => {
    const size = byType.reduce((sum, { count }) => sum + count, 0)
    const [from, to] = [Math.max(0, start - before), Math.min(size, end - before)]
    before += size
    if (to <= from) return
    const small = size <= exactRingSize
    windows.push({ ring, from, to, small })
    for (const { type, count } of byType.filter((read) => read.count > 0)) {
      reads.push({ ring, type })
      const filter = and(filterFor(type, state, range), rings[ring]!)
      queries.push({ indexUid: indexOf(type), q: '', filter, limit: small ? count : Math.min(count, to), attributesToRetrieve: CARD_FIELDS })
    }
  })
  if (!queries.length) return []
  const { results } = await (await readySearch()).multiSearch<{ queries: MultiSearchQuery[] }, CardDocument>(
    { queries },
    { signal: searchDeadline() },
  )
  return windows.flatMap(({ ring, from, to, small }) => {
    const lists = reads.flatMap((read, i) =>
      read.ring === ring ? [results[i]!.hits.map((doc): Ranked => ({ type: read.type, doc, score: 0, distance: distanceFrom(point, doc) }))] : [],
    )
    const ordered = small ? lists.flat().sort(ORDER.nearest) : lists.reduce<Ranked[]>((merged, list) => mergeOrdered(merged, list, amongEquals), [])
    return ordered.slice(from, to)
  })
}

// ───────────────────────────── new since ─────────────────────────────

export type NewListing = { type: IndexType; id: string; key: string; title: string; createdAt: Date }

/**
 * Public, open listings created in (since, until] that the search page would show for the
 * state: every word matched, the same facets and price range, then the same database check
 * (LISTED_WHERE). Newest first, at most `limit`, with how many there are (up to MAX_HITS per
 * index). Saved searches' daily emails. Throws when Meilisearch cannot answer.
 */
export async function newListingsMatching(state: SearchState, { since, until, limit = 20 }: { since: Date; until: Date; limit?: number }): Promise<{ items: NewListing[]; total: number }> {
  if (!isSearchConfigured()) throw new SearchUnavailable('not-connected', 'search is not configured')
  const range = priceRange(state, await loadRates())
  const window = and(`createdAt > ${since.getTime()}`, `createdAt <= ${until.getTime()}`)
  const scope = typesInScope(state)
  const queries: MultiSearchQuery[] = scope.map((type) => ({
    indexUid: indexOf(type),
    q: state.q,
    matchingStrategy: 'all',
    filter: and(filterFor(type, state, range), window),
    limit: MAX_HITS,
    attributesToRetrieve: ['id'],
  }))
  const { results } = await (await readySearch()).multiSearch<{ queries: MultiSearchQuery[] }, { id: string }>({ queries }, { signal: searchDeadline() })
  const where = (ids: string[]) => ({ id: { in: ids }, ...LISTED_WHERE, createdAt: { gt: since, lte: until } })
  const select = { id: true, key: true, title: true, createdAt: true } as const
  const found: NewListing[] = []
  for (const [i, type] of scope.entries()) {
    const ids = results[i]!.hits.map((hit) => hit.id)
    if (!ids.length) continue
    const rows = type === 'need' ? await prisma.need.findMany({ where: where(ids), select }) : await prisma.offer.findMany({ where: where(ids), select })
    found.push(...rows.map((row) => ({ type, ...row })))
  }
  found.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.key.localeCompare(b.key))
  return { items: found.slice(0, limit), total: found.length }
}

// ───────────────────────────── the page ─────────────────────────────

/**
 * A point for each district: the mean of its organisations' coordinates (the demo data and
 * real sign-ups place every organisation; the districts a visitor can choose are those).
 */
export async function districtCentres(): Promise<Map<string, GeoPoint>> {
  const rows = await prisma.organization.groupBy({
    by: ['district'],
    where: { district: { not: null }, lat: { not: null }, lng: { not: null } },
    _avg: { lat: true, lng: true },
  })
  const centres = new Map<string, GeoPoint>()
  for (const row of rows) {
    if (row.district && row._avg.lat !== null && row._avg.lng !== null) centres.set(row.district, { lat: row._avg.lat, lng: row._avg.lng })
  }
  return new Map([...centres].sort(([a], [b]) => a.localeCompare(b, 'vi')))
}

/** Where the signed-in member works: their (first) organisation's place, else their expert profile's. */
async function memberPlace(request: Request): Promise<GeoPoint | null> {
  const user = await getCurrentUser(request)
  if (!user) return null
  const orgIds = user.memberships.map((membership) => membership.org.id)
  const orgs = orgIds.length ? await prisma.organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, lat: true, lng: true } }) : []
  for (const id of orgIds) {
    const org = orgs.find((row) => row.id === id)
    if (org?.lat != null && org.lng != null) return { lat: org.lat, lng: org.lng }
  }
  if (user.expertProfile) {
    const expert = await prisma.expertProfile.findUnique({ where: { id: user.expertProfile.id }, select: { lat: true, lng: true } })
    if (expert?.lat != null && expert.lng != null) return { lat: expert.lat, lng: expert.lng }
  }
  return null
}

/** Why the page shows the database listing instead of search results. */
export type DegradedReason = 'notConfigured' | 'unavailable' | 'preparing'

export type SearchPageData = {
  state: SearchState
  errors: SearchErrors
  degraded: DegradedReason | null
  results: SearchResults
  /** null in degraded mode */
  facets: SearchFacets | null
  partialMatch: boolean
  nearest: {
    /** districts "nearest" can measure from */
    districts: string[]
    /** the member's own place is known (used when no district is chosen) */
    ownPlace: boolean
    /** sort=nearest was asked for without a place: relevance was used */
    missingPlace: boolean
  }
}

/**
 * The database listing (app/modules/listings/browse.server.ts) for the state's simple
 * filters: the first kind of each type, occupation, district and language; words, price,
 * "verified", the order and further values cannot apply there.
 */
async function databaseListing(state: SearchState): Promise<SearchResults> {
  const taxonomy = await loadTaxonomy()
  const occupation = state.occupation.length ? (taxonomy.occupationName(state.occupation[0]!, 'vi') ?? undefined) : undefined
  const shared = { occupation, district: state.district[0], language: state.language[0], page: state.page }
  const scope = typesInScope(state)
  const lists: Page<ListingSummary>[] = await Promise.all([
    scope.includes('need') ? listPublicNeeds({ ...shared, kind: state.need[0] }) : null,
    scope.includes('offer') ? listPublicOffers({ ...shared, kind: state.offer[0] }) : null,
  ]).then((pages) => pages.filter((page): page is Page<ListingSummary> => page !== null))
  const pages = Math.max(1, ...lists.map((list) => list.pages))
  const page = Math.min(state.page, pages)
  return {
    // A list shorter than the others has nothing on the later pages (it would repeat its last one).
    items: lists.flatMap((list) => (list.page === page ? list.items : [])).map((listing) => ({ listing, distanceKm: null })),
    total: lists.reduce((sum, list) => sum + list.total, 0),
    page,
    pages,
  }
}

/**
 * Everything /search shows; never throws for Meilisearch being down or absent. A URL that is
 * not in its canonical form (a form submitted before the page's scripts ran, a hand-edited
 * link) is redirected to it.
 */
export async function loadSearchPage(request: Request): Promise<SearchPageData> {
  const { searchParams } = new URL(request.url)
  const canonical = formParams(searchParams).toString()
  if (canonical !== searchParams.toString()) throw redirect(canonical ? `/search?${canonical}` : '/search')
  const { state, errors } = parseSearchParams(searchParams)
  // Places matter only to "nearest" (the canonical URL carries `near` only with it).
  const byDistance = state.sort === 'nearest'
  const [lng, taxonomy, centres, ownPlace] = await Promise.all([
    getLanguage(request),
    loadTaxonomy(),
    byDistance ? districtCentres() : new Map<string, GeoPoint>(),
    byDistance ? memberPlace(request) : null,
  ])
  const known = state.occupation.filter((key) => taxonomy.occupationName(key, lng) !== null)
  if (known.length < state.occupation.length) {
    errors.occupation = 'search.errors.occupation'
    state.occupation = known
  }
  if (state.near && !centres.has(state.near)) {
    errors.near = 'search.errors.near'
    state.near = ''
  }
  const point = (state.near ? centres.get(state.near) : ownPlace) ?? null
  const nearest = { districts: [...centres.keys()], ownPlace: ownPlace !== null, missingPlace: byDistance && !point }
  const degraded = (reason: DegradedReason) => databaseListing(state).then((results) => ({ state, errors, degraded: reason, results, facets: null, partialMatch: false, nearest }))

  if (!isSearchConfigured()) return degraded('notConfigured')
  try {
    const outcome = await searchListings(state, { lng, point })
    return { state, errors, degraded: null, ...outcome, nearest }
  } catch (error) {
    if (!isSearchUnavailable(error)) throw error
    if (error instanceof SearchUnavailable && error.reason === 'preparing') return degraded('preparing')
    log.warn('search page: Meilisearch unavailable, showing the database listing', { error })
    return degraded('unavailable')
  }
}
