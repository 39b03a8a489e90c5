import type { Meilisearch, Settings } from 'meilisearch'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { SEARCH_DEADLINE_MS, searchAdmin } from './client.server'

// The two search indexes and their settings, in code and applied at start (idempotently:
// only what differs is sent, and the call waits for Meilisearch to finish). Index names
// carry a prefix so tests and benchmarks can share a server without meeting.
// Design notes: docs/decisions/007-matching.md.

export type IndexKind = 'needs' | 'offers'
export const INDEX_KINDS: readonly IndexKind[] = ['needs', 'offers']

const globalForIndexes = globalThis as unknown as { __searchIndexPrefix?: string }

export function setIndexPrefix(prefix: string) {
  if (!/^[a-zA-Z0-9_-]*$/.test(prefix)) throw new Error(`index prefix "${prefix}": letters, digits, "_" and "-" only`)
  globalForIndexes.__searchIndexPrefix = prefix
}

export function indexName(kind: IndexKind): string {
  return `${globalForIndexes.__searchIndexPrefix ?? 'caunoi_'}${kind}`
}

/** Settings tasks can take a while on a large index (re-indexing after a filterable attribute change). */
export const TASK_TIMEOUT_MS = 120_000

// Only what filters use (each filterable attribute costs indexing time): the hard
// constraints of matching, the fields matching retrieves by, the search page's facets, and
// the creation time saved searches' daily emails ask for (listings new since the last one).
const SHARED_FILTERABLE = [
  'kind', 'status', 'occupationKeys', 'occupationFamilies', 'skillKeys', 'languages', 'district', 'verified', 'startTs', 'endTs',
  'geo.lat', 'geo.lng', 'createdAt',
]

const FILTERABLE: Record<IndexKind, string[]> = {
  needs: [...SHARED_FILTERABLE, 'languageSet', 'onSite', 'hasBudget', 'budgetCurrency', 'budgetPerDay', 'budgetTotal', 'budgetVndPerDay'],
  offers: [...SHARED_FILTERABLE, 'remote', 'hasPrice', 'priceCurrency', 'pricePerDay', 'priceTotal', 'priceVndPerDay'],
}

/** The search page's "newest" ("nearest" uses rings of filters, geo.ts). */
const SORTABLE = ['createdAt']

/** Own words first (as typed, then folded with short forms written out), then the taxonomy's other names for them, then the rest. */
const SEARCHABLE = ['title', 'occupations', 'skills', 'searchText', 'taxonomyTerms', 'description', 'ownerName', 'ownerNameVi', 'district']

export function indexSettings(kind: IndexKind, taxonomy: Taxonomy): Settings {
  return {
    searchableAttributes: SEARCHABLE,
    filterableAttributes: FILTERABLE[kind],
    sortableAttributes: SORTABLE,
    // Text relevance first; then verified owners and newer listings among equals.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'verified:desc', 'createdAt:desc'],
    synonyms: taxonomy.searchSynonyms(),
    // Typos are forgiven in what names a listing's field: its own words (title, occupations,
    // skills and their folded search text, where an occupation outside the taxonomy has
    // nothing else to be found by: a slipped key in "Crane opeartor" still finds "crane
    // operator") and the taxonomy's other names for them ("mechatronis"); not in the
    // description, owner names or district (decision 023). From 5 letters: a folded
    // Vietnamese syllable of 5–7 letters may then meet a neighbour ("truong"/"thuong"), but
    // an exact match still ranks first (the "typo" rule) and a text-only candidate must
    // match most of the listing's words to count (scoring.ts).
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
      disableOnNumbers: true,
      disableOnAttributes: ['description', 'ownerName', 'ownerNameVi', 'district'],
    },
    pagination: { maxTotalHits: 1000 },
    // Meilisearch answers a search that runs past its cutoff (1.5 s by default) with whatever
    // it found so far, counts included, and says so only in a header nobody reads. Never cut
    // short before the app's own deadline, which falls back to the database openly.
    searchCutoffMs: SEARCH_DEADLINE_MS,
    // Indexing speed (a 100k rebuild within a minute): word proximity by attribute, and no
    // search inside facet values (facet counts still work).
    proximityPrecision: 'byAttribute',
    facetSearch: false,
  }
}

type ComparableSettings = Record<string, unknown>

const ORDERLESS = new Set(['filterableAttributes', 'sortableAttributes', 'disableOnAttributes'])

const sortedJson = (items: unknown[]) => items.map((item) => JSON.stringify(item)).sort()

/**
 * Does the index's `current` value already say what `desired` says? Objects are compared on
 * the keys `desired` names (Meilisearch returns every sub-setting); synonyms as a whole map
 * of unordered lists; attribute lists in order where order matters (searchable, ranking).
 */
function satisfies(current: unknown, desired: unknown, key = ''): boolean {
  if (Array.isArray(desired)) {
    if (!Array.isArray(current) || current.length !== desired.length) return false
    return ORDERLESS.has(key)
      ? JSON.stringify(sortedJson(current)) === JSON.stringify(sortedJson(desired))
      : JSON.stringify(current) === JSON.stringify(desired)
  }
  if (desired && typeof desired === 'object') {
    if (!current || typeof current !== 'object') return false
    const have = current as Record<string, unknown>
    const want = desired as Record<string, unknown>
    if (key === 'synonyms') {
      const keys = Object.keys(want)
      return (
        keys.length === Object.keys(have).length &&
        keys.every((k) => Array.isArray(have[k]) && JSON.stringify(sortedJson(have[k] as unknown[])) === JSON.stringify(sortedJson(want[k] as unknown[])))
      )
    }
    return Object.keys(want).every((k) => satisfies(have[k], want[k], k))
  }
  return current === desired
}

/** The settings of `desired` that the index does not have yet. */
export function settingsDiff(current: ComparableSettings, desired: Settings): Settings {
  return Object.fromEntries(Object.entries(desired).filter(([key, value]) => !satisfies(current[key], value, key))) as Settings
}

async function indexExists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getIndex(uid)
    return true
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'index_not_found') return false
    throw error
  }
}

/** Creates the index if needed and brings its settings to `indexSettings`, waiting for both. */
export async function ensureIndex(uid: string, kind: IndexKind, taxonomy: Taxonomy): Promise<void> {
  const client = searchAdmin()
  if (!(await indexExists(client, uid))) {
    await client.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS })
  }
  const index = client.index(uid)
  const diff = settingsDiff((await index.getSettings()) as ComparableSettings, indexSettings(kind, taxonomy))
  if (Object.keys(diff).length === 0) return
  const task = await index.updateSettings(diff).waitTask({ timeout: TASK_TIMEOUT_MS })
  if (task.status !== 'succeeded') throw new Error(`settings of ${uid}: ${task.error?.message ?? task.status}`)
}

export async function ensureIndexes(taxonomy: Taxonomy): Promise<void> {
  for (const kind of INDEX_KINDS) await ensureIndex(indexName(kind), kind, taxonomy)
}
