import { Meilisearch, MeilisearchError } from 'meilisearch'

// The one Meilisearch client. Writes (index settings, documents) use the master/admin key;
// queries use the search-only key where the server has one. State lives on globalThis for
// the same reason as the Prisma client (module copies in the server bundle, Vite reloads).

type SearchConnection = { host: string; adminKey: string | undefined; searchKey: string | undefined }
const globalForSearch = globalThis as unknown as { __search?: { connection: SearchConnection; admin: Meilisearch; query: Meilisearch } }

// Loopback responses are much faster uncompressed (~2 ms instead of ~44 ms for 1 KB+).
const requestInit = { headers: { 'accept-encoding': 'identity' } }

export async function connectSearch(host: string, adminKey: string | undefined) {
  const admin = new Meilisearch({ host, apiKey: adminKey, requestInit })
  let searchKey = adminKey
  if (adminKey) {
    try {
      const { results } = await admin.getKeys({ limit: 50 })
      const searchOnly = results.find((k) => k.actions.length === 1 && k.actions[0] === 'search' && k.indexes.includes('*') && !k.expiresAt)
      if (searchOnly) searchKey = searchOnly.key
    } catch {
      // The key may not be allowed to list keys (an admin key without keys.get): search with it.
    }
  }
  const connection = { host, adminKey, searchKey }
  globalForSearch.__search = { connection, admin, query: new Meilisearch({ host, apiKey: searchKey, requestInit }) }
}

/** Why search cannot answer: not connected in this process, or its index is not in step yet (readiness.server.ts). */
export type SearchUnavailableReason = 'not-connected' | 'preparing'

/** Search cannot answer now; callers fall back to the database (pages) or answer 503 (the API). */
export class SearchUnavailable extends Error {
  override name = 'SearchUnavailable'
  constructor(
    readonly reason: SearchUnavailableReason,
    message: string,
  ) {
    super(message)
  }
}

/**
 * How long a page or the match API waits for Meilisearch: past it the request is aborted
 * (a MeilisearchError, so isSearchUnavailable) and pages fall back to the database.
 */
export const SEARCH_DEADLINE_MS = 3_000

/** The abort signal every query carries. */
export function searchDeadline(): AbortSignal {
  return AbortSignal.timeout(SEARCH_DEADLINE_MS)
}

/** The one test for "search is down, slow or not ready": our own error, or the client's (network, HTTP, timeout). */
export function isSearchUnavailable(error: unknown): boolean {
  return error instanceof SearchUnavailable || error instanceof MeilisearchError
}

export function isSearchConfigured(): boolean {
  return Boolean(globalForSearch.__search)
}

const notConnected = () => new SearchUnavailable('not-connected', 'Search is not connected: startServices({ search: true }) first.')

/** The client for index settings and documents. */
export function searchAdmin(): Meilisearch {
  if (!globalForSearch.__search) throw notConnected()
  return globalForSearch.__search.admin
}

/** The client for queries (search-only key). */
export function searchQuery(): Meilisearch {
  if (!globalForSearch.__search) throw notConnected()
  return globalForSearch.__search.query
}

export async function searchHealth(): Promise<{ ok: boolean; status: string; latencyMs?: number; error?: string }> {
  const search = globalForSearch.__search
  if (!search) return { ok: false, status: 'not-connected' }
  const started = Date.now()
  try {
    const health = await search.admin.health()
    return { ok: health.status === 'available', status: health.status, latencyMs: Date.now() - started }
  } catch (error) {
    return { ok: false, status: 'unreachable', error: error instanceof Error ? error.message : String(error) }
  }
}
