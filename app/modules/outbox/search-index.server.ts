import { randomUUID } from 'node:crypto'
import { prisma, type Tx } from '~/modules/db/db.server'
import { enqueue } from './outbox.server'

// What the search index must learn, recorded in the transaction of the write that causes it
// (an outbox entry of kind `search_index`). Writers name what changed; the search module's
// handler (app/modules/search/sync.server.ts, registered when the composition root loads it) reads the
// current rows and brings the index in line. Writers therefore never import search.

export type SearchIndexPayload = {
  needs?: string[]
  offers?: string[]
  organizations?: string[]
  experts?: string[]
  /** rebuild everything (the taxonomy or exchange rates changed, or the index was empty) */
  reindex?: boolean
}

/** A record an import (or any batch) created or changed. */
export type IndexChange = { type: 'organization' | 'expert' | 'need' | 'offer'; id: string }

const IDS_PER_ENTRY = 500

function uniqueKey(scope: string): string {
  return `search:${scope}:${randomUUID()}`
}

/** The payload field that names each type's ids. */
const PAYLOAD_FIELD = { organization: 'organizations', expert: 'experts', need: 'needs', offer: 'offers' } as const
type IndexedType = keyof typeof PAYLOAD_FIELD

async function recordIndexChange(tx: Tx, type: IndexedType, id: string): Promise<void> {
  await enqueue(tx, 'search_index', { [PAYLOAD_FIELD[type]]: [id] } satisfies SearchIndexPayload, uniqueKey(`${type}:${id}`))
}

/** Records (in `tx`) that a need or offer changed and its search document must follow. */
export async function recordListingIndexChange(tx: Tx, type: 'need' | 'offer', id: string): Promise<void> {
  await recordIndexChange(tx, type, id)
}

/** Records (in `tx`) that an organisation or expert changed (name, place, verification): its listings' documents must follow. */
export async function recordOwnerIndexChange(tx: Tx, type: 'organization' | 'expert', id: string): Promise<void> {
  await recordIndexChange(tx, type, id)
}

/**
 * The importer's hook, inside the import's transaction: everything a file created or changed,
 * in entries of a few hundred ids (an organisation's or expert's entry reaches its listings).
 */
export async function recordSearchIndexChanges(tx: Tx, changes: readonly IndexChange[]): Promise<void> {
  const byType: Record<IndexedType, string[]> = { organization: [], expert: [], need: [], offer: [] }
  for (const change of changes) byType[change.type].push(change.id)
  const batch = randomUUID()
  for (const type of Object.keys(byType) as IndexedType[]) {
    const ids = byType[type]
    for (let start = 0; start < ids.length; start += IDS_PER_ENTRY) {
      const payload: SearchIndexPayload = { [PAYLOAD_FIELD[type]]: ids.slice(start, start + IDS_PER_ENTRY) }
      await enqueue(tx, 'search_index', payload, `search:import:${batch}:${type}:${start}`)
    }
  }
}

/** After an admin changes the taxonomy or the exchange rates: settings and every document follow. */
export async function recordSearchRebuild(tx: Tx, reason: string): Promise<void> {
  await enqueue(tx, 'search_index', { reindex: true } satisfies SearchIndexPayload, uniqueKey(`reindex:${reason}`))
}


// ───────────────────────────── the search generation ─────────────────────────────
//
// A counter per index (table SearchGeneration, one row, created by the first change) that
// moves whenever what a search of that index may return could change:
//   1. when a write that records a `search_index` entry commits (a database trigger on the
//      entry: the migration `search_generation`), so a listing closed a moment ago is out of
//      every cached result while its index update waits here;
//   2. once the search sync has made such a change searchable (`countSearchable`), so a result
//      computed from the index before the change had landed is not kept.
// Anything derived from the indexes or the listed rows may be cached under the counters it
// was read with (runtime/stamped-cache.server.ts); every app instance reads the same row, so a
// cache in one process never outlives a change made by another.

export type IndexedKind = 'needs' | 'offers'

/** The counters of both indexes (for caches of searches over either); 0 before the first change. */
export async function searchGeneration(): Promise<{ needs: bigint; offers: bigint }> {
  const row = await prisma.searchGeneration.findUnique({ where: { id: 1 }, select: { needs: true, offers: true } })
  return row ?? { needs: 0n, offers: 0n }
}

/** The search sync made changes of these indexes searchable: results read before are outdated. */
export async function countSearchable(indexes: readonly IndexedKind[]): Promise<void> {
  if (!indexes.length) return
  const needs = indexes.includes('needs') ? 1 : 0
  const offers = indexes.includes('offers') ? 1 : 0
  await prisma.$executeRaw`
    INSERT INTO "SearchGeneration" ("id", "needs", "offers", "updatedAt") VALUES (1, ${needs}, ${offers}, now())
    ON CONFLICT ("id") DO UPDATE SET "needs" = "SearchGeneration"."needs" + ${needs}, "offers" = "SearchGeneration"."offers" + ${offers}, "updatedAt" = now()`
}
