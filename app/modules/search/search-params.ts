import type { NEED_KINDS, OFFER_KINDS } from '~/modules/import/format'
import type { Currency } from '~/utils/money'

// The search page's state, all of it in the URL (?q=&need=&offer=&occupation=&district=
// &language=&verified=&min=&max=&currency=&per=&sort=&near=&page=), so a search can be shared
// and the back button works. Shared by the loader that parses it and the form and links that
// write it. A bad value never fails the page: that value is dropped and its message (a
// translation key) is shown next to its field. Free of Zod, so the search page's browser code
// does not load it: the parser is search-params.server.ts.

export const PAGE_SIZE = 20
/** Meilisearch answers at most this many hits per query (indexes.server.ts: pagination.maxTotalHits). */
export const MAX_HITS = 1000
export const MAX_PAGE = MAX_HITS / PAGE_SIZE

export const SORTS = ['relevance', 'newest', 'nearest'] as const
export type SearchSort = (typeof SORTS)[number]
/** Units a price range is given in; it is compared per working day (8 h a day, 22 days a month). */
export const PRICE_UNITS = ['hour', 'day', 'month'] as const
export type PriceRangeUnit = (typeof PRICE_UNITS)[number]

/**
 * "1.000.000" and "1,000,000" (thousands separators), "12,5" and "12.5" (decimals), "2 500 000".
 * A group of exactly three digits after one separator is read as thousands ("1.500" = 1500).
 */
export function parseAmount(raw: string): number | null {
  const compact = raw.replace(/[\s\u00a0]/g, '')
  if (/^\d{1,3}([.,]\d{3})+$/.test(compact)) return Number(compact.replace(/[.,]/g, ''))
  if (/^\d+([.,]\d+)?$/.test(compact)) return Number(compact.replace(',', '.'))
  return null
}

/** The URL parameters (their schema: search-params.server.ts). */
export const SEARCH_FIELDS = ['q', 'need', 'offer', 'occupation', 'district', 'language', 'verified', 'min', 'max', 'currency', 'per', 'sort', 'near', 'page'] as const
export type SearchField = (typeof SEARCH_FIELDS)[number]
export const MULTI = ['need', 'offer', 'occupation', 'district', 'language'] as const
export type MultiField = (typeof MULTI)[number]

export type SearchState = {
  q: string
  need: (typeof NEED_KINDS)[number][]
  offer: (typeof OFFER_KINDS)[number][]
  /** taxonomy keys */
  occupation: string[]
  district: string[]
  language: string[]
  verified: boolean
  /** a price/budget range in `currency` per `per` (null: open-ended) */
  min: number | null
  max: number | null
  currency: Currency
  per: PriceRangeUnit
  sort: SearchSort
  /** a district whose centre "nearest" measures from ('' : the member's own place) */
  near: string
  page: number
}

/** Translation keys of the messages for values that were dropped. */
export type SearchErrors = Partial<Record<SearchField, string>>

export const DEFAULT_STATE: SearchState = {
  q: '',
  need: [],
  offer: [],
  occupation: [],
  district: [],
  language: [],
  verified: false,
  min: null,
  max: null,
  currency: 'VND',
  per: 'day',
  sort: 'relevance',
  near: '',
  page: 1,
}

const FIELD_ORDER: readonly SearchField[] = ['q', ...MULTI, 'verified', 'min', 'max', 'currency', 'per', 'sort', 'near', 'page']

/** The state as URL parameters, defaults left out, in a stable order (FIELD_ORDER). */
export function toSearchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams()
  if (state.q) params.set('q', state.q)
  for (const field of MULTI) for (const value of state[field]) params.append(field, value)
  if (state.verified) params.set('verified', '1')
  if (state.min !== null) params.set('min', String(state.min))
  if (state.max !== null) params.set('max', String(state.max))
  if (state.min !== null || state.max !== null) {
    if (state.currency !== DEFAULT_STATE.currency) params.set('currency', state.currency)
    if (state.per !== DEFAULT_STATE.per) params.set('per', state.per)
  }
  if (state.sort !== DEFAULT_STATE.sort) params.set('sort', state.sort)
  if (state.near) params.set('near', state.near)
  if (state.page > 1) params.set('page', String(state.page))
  return params
}

/** "/search?…" for the state with `changes`; any change other than the page goes back to page 1. */
export function searchHref(state: SearchState, changes: Partial<SearchState> = {}): string {
  const next = { ...state, page: 1, ...changes }
  const query = toSearchParams(next).toString()
  return query ? `/search?${query}` : '/search'
}

/** The state with `value` added to or removed from a multi-valued filter. */
export function toggled<F extends MultiField>(state: SearchState, field: F, value: SearchState[F][number]): Partial<SearchState> {
  const current = state[field] as string[]
  return { [field]: current.includes(value) ? current.filter((v) => v !== value) : [...current, value] }
}

/** Listing types the kind filter leaves: only needs, only offers, or both. */
export function typesInScope(state: Pick<SearchState, 'need' | 'offer'>): ('need' | 'offer')[] {
  if (state.need.length && !state.offer.length) return ['need']
  if (state.offer.length && !state.need.length) return ['offer']
  return ['need', 'offer']
}

/** Preset ranges in VND per working day, as a training officer compares rates and budgets. */
export const PRICE_BANDS: readonly { min: number | null; max: number | null }[] = [
  { min: null, max: 1_000_000 },
  { min: 1_000_000, max: 5_000_000 },
  { min: 5_000_000, max: 15_000_000 },
  { min: 15_000_000, max: null },
]

/** Does the state's range say exactly `band` (in VND per day)? */
export function isBandSelected(state: SearchState, band: { min: number | null; max: number | null }): boolean {
  return state.currency === 'VND' && state.per === 'day' && state.min === band.min && state.max === band.max
}

/**
 * The canonical form of submitted or linked parameters: known fields only, in the links'
 * order, without empty fields and defaults, so the address bar shows only the state that
 * matters and one search has one URL. Values are kept as typed: the loader validates them
 * and shows its messages next to the fields.
 */
export function formParams(entries: Iterable<[string, FormDataEntryValue]>): URLSearchParams {
  const given = [...entries].filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
  // In the order links write (toSearchParams), whatever the order of the fields on the page.
  const params = new URLSearchParams()
  for (const field of FIELD_ORDER) for (const [name, value] of given) if (name === field) params.append(name, value.trim())
  // The place only matters to "nearest".
  if (params.get('sort') !== 'nearest') params.delete('near')
  if (params.get('sort') === DEFAULT_STATE.sort) params.delete('sort')
  if (!params.has('min') && !params.has('max')) {
    params.delete('currency')
    params.delete('per')
  }
  if (params.get('currency') === DEFAULT_STATE.currency) params.delete('currency')
  if (params.get('per') === DEFAULT_STATE.per) params.delete('per')
  if (params.get('page') === '1') params.delete('page')
  return params
}
