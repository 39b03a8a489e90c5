import type { Meilisearch } from 'meilisearch'
import { prisma } from '~/modules/db/db.server'
import { searchQuery, SearchUnavailable } from './client.server'

// Whether this process may answer from the index: only once the index is in step with the
// database. Until then (starting, rebuilding an empty index, catching up with changes that
// were recorded before the start) searches throw SearchUnavailable, so pages show the
// database listing and the match API answers 503, and /healthz says "indexing N of M".
// Otherwise a visitor would see counts from a half-built index move under their feet
// (issue 17: a facet said 90, the list it opened said 94, then 60).
//
//   preparing ──prepareSearch──▶ indexing (rebuild) ──▶ catching-up ──backlog tried──▶ ready
//       ▲                                                                              │
//       └──────────────────────── Meilisearch unreachable (startSearchSync) ◀──────────┘
//
// "Catching up" ends when every search entry pending at the start has been tried
// once: an entry that keeps failing shows in /healthz as outbox lag instead of keeping
// search away for hours of backoff.

export type SearchPhase = 'preparing' | 'indexing' | 'catching-up' | 'ready'
export type SearchReadiness = { phase: SearchPhase; indexed: number; total: number }

type State = SearchReadiness & { backlog: string[]; checkedAt: number }
const globalForReadiness = globalThis as unknown as { __searchReadiness?: State }

/** How long a "still catching up" answer is reused, so a burst of searches costs one query. */
const BACKLOG_CHECK_MS = 200

function state(): State {
  globalForReadiness.__searchReadiness ??= { phase: 'preparing', indexed: 0, total: 0, backlog: [], checkedAt: 0 }
  return globalForReadiness.__searchReadiness
}

export function markPreparing(): void {
  Object.assign(state(), { phase: 'preparing', indexed: 0, total: 0 })
}

export function markIndexing(indexed: number, total: number): void {
  Object.assign(state(), { phase: 'indexing', indexed, total })
}

/** The index is built; the search entries `backlog` (pending when it was) may still wait in the outbox. */
export function markCatchingUp(backlog: string[]): void {
  Object.assign(state(), { phase: 'catching-up', backlog, checkedAt: 0 })
}

/** Of these search entries, how many are still pending and untried. */
async function untried(ids: string[]): Promise<number> {
  return ids.length ? prisma.outboxEntry.count({ where: { id: { in: ids }, status: 'pending', attempts: 0 } }) : 0
}

/** Where this process stands; a catching-up process becomes ready here once its backlog is tried. */
export async function searchReadiness(): Promise<SearchReadiness> {
  const current = state()
  if (current.phase === 'catching-up' && Date.now() - current.checkedAt >= BACKLOG_CHECK_MS) {
    current.checkedAt = Date.now()
    if ((await untried(current.backlog)) === 0 && current.phase === 'catching-up') Object.assign(current, { phase: 'ready', backlog: [] })
  }
  return { phase: current.phase, indexed: current.indexed, total: current.total }
}

/** The query client, once the index is in step; SearchUnavailable('preparing') before. */
export async function readySearch(): Promise<Meilisearch> {
  const client = searchQuery()
  const { phase } = await searchReadiness()
  if (phase !== 'ready') throw new SearchUnavailable('preparing', `Search is not ready: ${phase}`)
  return client
}
