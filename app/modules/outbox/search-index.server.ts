import { randomUUID } from 'node:crypto'
import type { Tx } from '~/modules/db/db.server'
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

