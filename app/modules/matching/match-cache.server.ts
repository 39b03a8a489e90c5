import type { Language } from '~/modules/i18n/i18n'
import type { ListingType } from '~/modules/listings/view'
import type { Rates } from '~/modules/money/units'
import { matchStamp } from '~/modules/search/generation.server'
import { ratesStamp } from '~/modules/money/exchange-rates.server'
import { StampedCache } from '~/modules/runtime/stamped-cache.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'

// Match results per listing and language, kept in this process while nothing they depend on
// has changed (docs/decisions/024-caching-and-load.md): the search generation of the index
// the matches come from and the listing's own version (search/generation.server.ts, one
// query per request), the taxonomy and the exchange rates. A change counts the generation
// when it commits and again once it is searchable, so a cached result never outlives a
// change, whichever app instance made it. A hit costs that one query instead of a
// multi-search, the candidate check and the reasons.

/** Results are computed for at least this many matches, so the API, pages and dashboards share one entry. */
export const CACHED_MATCHES = 10
/** Entries per process (a listing's result is a few kB: ten documents and their reasons). */
const MAX_ENTRIES = 20_000

type Cached = { limit: number; result: unknown }
const globalForCache = globalThis as unknown as { __matchCache?: StampedCache<Cached> }
function cache(): StampedCache<Cached> {
  globalForCache.__matchCache ??= new StampedCache(MAX_ENTRIES)
  return globalForCache.__matchCache
}

/**
 * The matches of listing `key` for at least `limit` results: the cached ones when still
 * valid, otherwise `compute(n)` (n ≥ CACHED_MATCHES) stored under the stamp read before it
 * ran — so a change that lands while it runs makes the next request compute again. The
 * caller slices the result to `limit`. A listing that is not listed is never cached:
 * `compute` says what to do with it (NotMatchable). `context.ready` throws when search may
 * not answer now (starting, rebuilding): a hit is served only after it.
 */
export async function cachedMatches<R>(
  type: ListingType,
  key: string,
  lng: Language,
  limit: number,
  context: { taxonomy: Taxonomy; rates: Rates; ready: () => Promise<unknown> },
  compute: (limit: number) => Promise<R>,
): Promise<R> {
  const found = await matchStamp(type, key)
  if (!found) return compute(limit)
  const id = `${type}:${lng}:${key}`
  const stamp = [found.generation, found.version, context.taxonomy, ratesStamp(context.rates)]
  const entry = cache().get(id, stamp)
  if (entry && entry.limit >= limit) {
    await context.ready()
    return entry.result as R
  }
  const wanted = Math.max(limit, CACHED_MATCHES)
  const result = await compute(wanted)
  cache().set(id, stamp, { limit: wanted, result })
  return result
}

/** Forget every cached match (tests that compare cached and computed results). */
export function forgetCachedMatches(): void {
  cache().clear()
}
