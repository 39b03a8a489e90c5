import type { MultiSearchQuery } from 'meilisearch'
import type { NeedKind, OfferKind } from '~/generated/prisma/enums'
import type { Language } from '~/modules/i18n/i18n'
import { getTFor } from '~/modules/i18n/i18n.server'
import { readySearch } from '~/modules/search/readiness.server'
import {
  listedDocument,
  listedDocuments,
  listingVersions,
  type DocumentOf,
  type NeedDocument,
  type OfferDocument,
} from '~/modules/search/documents.server'
import { outsideBox, withinBox, type GeoPoint } from '~/modules/search/geo'
import { indexName } from '~/modules/search/indexes.server'
import { and, inList } from '~/modules/search/filters'
import { NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED, PRIMARY_OFFER_KIND } from '~/modules/listings/vocabulary'
import { needFilterForOffer, offerFilterForNeed, violatedRules } from './constraints'
import { loadRates } from '~/modules/money/exchange-rates.server'
import { matchReasons } from './reasons.server'
import { matchFeatures, scoreMatch, type MatchFeatures } from './scoring'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import type { Rates } from '~/modules/money/units'
import type { ListingType } from '~/modules/listings/view'
import { searchDeadline } from '~/modules/search/client.server'
import { cachedMatches } from './match-cache.server'
import { searchForm } from '~/modules/text/text'

// Matches for a need (compatible offers) and for an offer (needs it could serve).
//
// Retrieval: one multi-search request of a few small, filtered queries — the hard
// constraints are the filter of every query (constraints.ts); the queries differ in what
// they look for: the same occupation family with shared skills, the same family, related
// families, shared skills in another field, sponsorship for the field, and the need's own
// words as full text (synonyms, typos, no diacritics). For on-site work, candidates within
// NEAR_KM are asked for apart from the rest. A need's other compatible kinds (an internship
// need's training orders) get field queries of their own, so they neither crowd out the
// primary kind's candidates nor depend on the text query alone.
// Ranking: the union (a couple of hundred documents at most) is scored in the app
// (scoring.ts). The best are checked against the database before they are returned, so
// a listing closed or hidden a moment ago never shows while its index update is queued.

/** `listing` is the search document (as retrieved: without description and taxonomyTerms). */
export type Match<T> = { listing: T; score: number; reasons: string[]; features: MatchFeatures }
export type NeedMatches = { need: NeedDocument; matches: Match<OfferDocument>[] }
export type OfferMatches = { offer: OfferDocument; matches: Match<NeedDocument>[] }
export type MatchOptions = { limit?: number; lng?: Language }

/** A listing found by a key that cannot be matched: unknown, not public, or not open. */
export class NotMatchable extends Error {
  override name = 'NotMatchable'
}

const PER_QUERY = { sameFieldSkills: 40, sameField: 40, related: 20, skillsElsewhere: 10, sponsorship: 20, text: 20, secondary: 20 }
/** At most this many words of the listing's own text go to the full-text query (Meilisearch reads ten). */
const TEXT_QUERY_WORDS = 10
const VERIFY_EXTRA = 10
/** Half-side of the square "near" means for on-site work (corners ~17 km; scoring.ts halves the distance score at 16 km). */
const NEAR_KM = 12

const DOCUMENT_FIELDS = [
  'id', 'key', 'type', 'kind', 'status', 'title', 'occupations', 'skills', 'occupationKeys', 'occupationFamilies', 'skillKeys',
  'ownerType', 'ownerKey', 'ownerName', 'ownerNameVi', 'district', 'verified', 'languages', 'languageSet', 'startDate', 'endDate',
  'startTs', 'endTs', 'geo', 'createdAt', 'updatedAt', 'version', 'quantity', 'days', 'onSite', 'hasBudget', 'budgetCurrency',
  'budgetAmount', 'budgetPer', 'budgetPerDay', 'budgetTotal', 'budgetVndPerDay', 'capacity', 'remote', 'equipmentTerms', 'hasPrice',
  'priceCurrency', 'priceAmount', 'pricePer', 'pricePerDay', 'priceTotal', 'priceVndPerDay',
]

type Candidate<T> = { doc: T; text: number }

/** The listing's occupations and skills as the search text (folded, short forms written out), first words first. */
function textQuery(doc: { occupations: string[]; skills: string[] }): string {
  const words = [...doc.occupations, ...doc.skills].flatMap((text) => searchForm(text).split(' ')).filter(Boolean)
  return [...new Set(words)].slice(0, TEXT_QUERY_WORDS).join(' ')
}

type Intent = { filter: string; limit: number; q?: string }

/**
 * The queries, each with the hard constraints as (part of) its filter. With a `place`
 * (on-site work), each query of the listing's own field is asked twice: within NEAR_KM of
 * it, and beyond with a quarter of the limit, so nearby candidates are not crowded out.
 */
function intents(
  hard: (kinds: readonly string[] | null) => string,
  primaryKinds: readonly string[],
  sponsorshipKinds: readonly string[],
  source: { occupationFamilies: string[]; skillKeys: string[]; occupations: string[]; skills: string[] },
  taxonomy: Taxonomy,
  place: GeoPoint | null,
  secondaryKinds: readonly string[] = [],
): Intent[] {
  const families = source.occupationFamilies
  const related = taxonomy.relatedFamilies(families)
  const skills = source.skillKeys
  const primary = hard(primaryKinds)
  const out: Intent[] = []
  const byPlace = (filter: string, limit: number) => {
    if (!place) return void out.push({ filter, limit })
    out.push({ filter: and(filter, withinBox(place, NEAR_KM)), limit })
    out.push({ filter: and(filter, outsideBox(place, NEAR_KM)), limit: Math.ceil(limit / 4) })
  }
  if (families.length && skills.length) {
    byPlace(and(primary, inList('occupationFamilies', families), inList('skillKeys', skills)), PER_QUERY.sameFieldSkills)
  }
  if (families.length) byPlace(and(primary, inList('occupationFamilies', families)), PER_QUERY.sameField)
  if (related.length) byPlace(and(primary, inList('occupationFamilies', related)), PER_QUERY.related)
  if (skills.length) {
    const elsewhere = families.length ? `NOT ${inList('occupationFamilies', families)}` : null
    out.push({ filter: and(primary, inList('skillKeys', skills), elsewhere), limit: PER_QUERY.skillsElsewhere })
  }
  if (secondaryKinds.length) {
    const secondary = hard(secondaryKinds)
    if (families.length) out.push({ filter: and(secondary, inList('occupationFamilies', [...families, ...related])), limit: PER_QUERY.secondary })
    if (skills.length) out.push({ filter: and(secondary, inList('skillKeys', skills)), limit: PER_QUERY.secondary })
  }
  if (sponsorshipKinds.length) {
    const field = [families.length ? inList('occupationFamilies', [...families, ...related]) : null, skills.length ? inList('skillKeys', skills) : null]
      .filter(Boolean)
      .join(' OR ')
    if (field) out.push({ filter: and(hard(sponsorshipKinds), field), limit: PER_QUERY.sponsorship })
  }
  const q = textQuery(source)
  if (q) out.push({ filter: hard(null), limit: PER_QUERY.text, q })
  return out
}

function toQueries(index: string, wanted: Intent[]): MultiSearchQuery[] {
  return wanted.map((intent) => ({
    indexUid: index,
    q: intent.q ?? '',
    filter: intent.filter,
    limit: intent.limit,
    attributesToRetrieve: DOCUMENT_FIELDS,
    ...(intent.q ? { showRankingScore: true } : {}),
  }))
}

/** The Meilisearch queries that retrieve a need's candidate offers (exported for benchmarks). */
export function offerQueriesForNeed(need: NeedDocument, taxonomy: Taxonomy, rates: Rates): MultiSearchQuery[] {
  const kinds = OFFER_KINDS_FOR_NEED[need.kind]
  const primary: OfferKind = PRIMARY_OFFER_KIND[need.kind]
  const hard = (only: readonly string[] | null) => offerFilterForNeed(need, rates, (only ?? kinds) as OfferKind[])
  const placesMatter = need.onSite && need.kind !== 'expert'
  const secondary = kinds.filter((kind) => kind !== primary && kind !== 'sponsorship')
  return toQueries(indexName('offers'), intents(hard, [primary], ['sponsorship'], need, taxonomy, placesMatter ? (need.geo ?? null) : null, secondary))
}

/** The Meilisearch queries that retrieve an offer's candidate needs (exported for benchmarks). */
export function needQueriesForOffer(offer: OfferDocument, taxonomy: Taxonomy, rates: Rates): MultiSearchQuery[] {
  const kinds: readonly NeedKind[] = NEED_KINDS_FOR_OFFER[offer.kind]
  const base = needFilterForOffer(offer, rates)
  const hard = (only: readonly string[] | null) => (only ? and(base, inList('kind', only)) : base)
  return toQueries(indexName('needs'), intents(hard, kinds, [], offer, taxonomy, offer.kind === 'placement' && !offer.remote ? (offer.geo ?? null) : null))
}

async function retrieve<T extends { id: string }>(queries: MultiSearchQuery[]): Promise<Map<string, Candidate<T>>> {
  const { results } = await (await readySearch()).multiSearch<{ queries: MultiSearchQuery[] }, T>({ queries }, { signal: searchDeadline() })
  const candidates = new Map<string, Candidate<T>>()
  results.forEach((result, i) => {
    const isText = Boolean(queries[i]!.q)
    for (const hit of result.hits) {
      const doc = hit as unknown as T & { _rankingScore?: number }
      const text = isText ? (doc._rankingScore ?? 0) : 0
      const known = candidates.get(doc.id)
      if (!known) candidates.set(doc.id, { doc, text })
      else known.text = Math.max(known.text, text)
    }
  })
  return candidates
}

type Ranked<T> = { doc: T; score: number; features: MatchFeatures }

function rank<T extends { key: string; verified: boolean }>(list: Ranked<T>[]): Ranked<T>[] {
  return list.sort(
    (a, b) =>
      b.score - a.score ||
      Number(b.doc.verified) - Number(a.doc.verified) ||
      (a.features.distanceKm ?? Infinity) - (b.features.distanceKm ?? Infinity) ||
      a.doc.key.localeCompare(b.doc.key),
  )
}

function score(need: NeedDocument, offer: OfferDocument, text: number, taxonomy: Taxonomy, rates: Rates) {
  const features = matchFeatures(need, offer, { taxonomy, rates, textScore: text })
  return scoreMatch(offer.kind, features)
}

/**
 * The best `wanted` of `ranked`, checked against the database (one query): listings gone
 * or no longer public are dropped; listings changed since they were indexed are rebuilt
 * from their rows and judged again.
 */
async function checkedAgainstDatabase<T extends OfferDocument | NeedDocument>(
  ranked: Ranked<T>[],
  wanted: number,
  type: 'need' | 'offer',
  rebuild: (ids: string[]) => Promise<T[]>,
  rejudge: (doc: T) => Ranked<T> | null,
): Promise<Ranked<T>[]> {
  const head = ranked.slice(0, wanted + VERIFY_EXTRA)
  const versions = await listingVersions(type, head.map((r) => r.doc.id))
  const current = head.filter((r) => versions.get(r.doc.id) === r.doc.version)
  const changed = head.filter((r) => versions.has(r.doc.id) && versions.get(r.doc.id) !== r.doc.version)
  const again = changed.length ? (await rebuild(changed.map((r) => r.doc.id))).flatMap((doc) => rejudge(doc) ?? []) : []
  return rank([...current, ...again]).slice(0, wanted)
}

/** What each listing type is matched with. */
type OtherType = { need: 'offer'; offer: 'need' }

type Side<T extends ListingType> = {
  other: OtherType[T]
  /** the Meilisearch queries that retrieve the other side's candidates */
  queries: (own: DocumentOf<T>, taxonomy: Taxonomy, rates: Rates) => MultiSearchQuery[]
  /** the pair the way round the rules, the score and the reasons take it */
  pair: (own: DocumentOf<T>, other: DocumentOf<OtherType[T]>) => { need: NeedDocument; offer: OfferDocument }
}

// A mapped type, so that SIDES[type] keeps its document types tied to `type`.
const SIDES: { [T in ListingType]: Side<T> } = {
  need: { other: 'offer', queries: offerQueriesForNeed, pair: (need, offer) => ({ need, offer }) },
  offer: { other: 'need', queries: needQueriesForOffer, pair: (offer, need) => ({ need, offer }) },
}

/**
 * The listings that match the open listing `key` of `type`, best first: offers for a need,
 * needs for an offer; computed once per change of what they depend on (match-cache.server.ts).
 * Throws NotMatchable for an unknown, hidden or closed key.
 */
async function matchesFor<T extends ListingType>(
  type: T,
  key: string,
  options: MatchOptions,
): Promise<{ own: DocumentOf<T>; matches: Match<DocumentOf<OtherType[T]>>[] }> {
  const limit = options.limit ?? 10
  const lng = options.lng ?? 'vi'
  const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
  // A cached answer is given only while search is ready, as a computed one would be.
  const context = { taxonomy, rates, ready: readySearch }
  const result = await cachedMatches(type, key, lng, limit, context, (wanted) => computeMatches(type, key, wanted, lng, taxonomy, rates))
  return { own: result.own, matches: result.matches.slice(0, limit) }
}

async function computeMatches<T extends ListingType>(
  type: T,
  key: string,
  limit: number,
  lng: Language,
  taxonomy: Taxonomy,
  rates: Rates,
): Promise<{ own: DocumentOf<T>; matches: Match<DocumentOf<OtherType[T]>>[] }> {
  const side: Side<T> = SIDES[type]
  const own = await listedDocument(type, key, taxonomy, rates)
  if (!own) throw new NotMatchable(key)
  const found = await retrieve<DocumentOf<OtherType[T]>>(side.queries(own, taxonomy, rates))

  const judge = (other: DocumentOf<OtherType[T]>, text: number): Ranked<DocumentOf<OtherType[T]>> | null => {
    const { need, offer } = side.pair(own, other)
    if (violatedRules(need, offer, rates).length) return null
    const scored = score(need, offer, text, taxonomy, rates)
    return scored.relevant ? { doc: other, score: scored.score, features: scored.features } : null
  }
  const ranked = rank([...found.values()].flatMap(({ doc, text }) => judge(doc, text) ?? []))
  const texts = new Map([...found.values()].map(({ doc, text }) => [doc.id, text]))
  const best = await checkedAgainstDatabase(
    ranked,
    limit,
    side.other,
    (ids) => listedDocuments(side.other, ids, taxonomy, rates),
    (doc) => judge(doc, texts.get(doc.id) ?? 0),
  )
  const t = await getTFor(lng)
  return {
    own,
    matches: best.map(({ doc, score: value, features }) => ({
      listing: doc,
      score: value,
      features,
      reasons: matchReasons({ ...side.pair(own, doc), features, taxonomy, lng, t, viewer: type }),
    })),
  }
}

/** The offers that match an open need, best first. Throws NotMatchable for an unknown, hidden or closed key. */
export async function matchesForNeed(key: string, options: MatchOptions = {}): Promise<NeedMatches> {
  const { own: need, matches } = await matchesFor('need', key, options)
  return { need, matches }
}

/** The needs an open offer could serve, best first. Throws NotMatchable for an unknown, hidden or closed key. */
export async function matchesForOffer(key: string, options: MatchOptions = {}): Promise<OfferMatches> {
  const { own: offer, matches } = await matchesFor('offer', key, options)
  return { offer, matches }
}
