import type { Meilisearch } from 'meilisearch'
import type { OutboxEntry, Prisma } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { loadRates } from '~/modules/money/exchange-rates.server'
import type { Taxonomy } from '~/modules/taxonomy/taxonomy'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { registerOutboxHandler } from '~/modules/outbox/outbox.server'
import type { SearchIndexPayload } from '~/modules/outbox/search-index.server'
import { log } from '~/modules/runtime/logger.server'
import { isSearchConfigured, searchAdmin, searchHealth } from './client.server'
import {
  DOCUMENT_FORMAT,
  listedDocuments,
  listingVersions,
  needDocument,
  needRowInclude,
  offerDocument,
  offerRowInclude,
  type ListingDocument,
} from './documents.server'
import { ensureIndex, ensureIndexes, indexName, INDEX_KINDS, TASK_TIMEOUT_MS, type IndexKind } from './indexes.server'
import { countSearchable } from '~/modules/outbox/search-index.server'
import { markCatchingUp, markIndexing, markPreparing } from './readiness.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'

// Keeping Meilisearch in step with the database, without losing a write:
// - every listing write records a `search_index` outbox entry in its own transaction
//   (app/modules/outbox/search-index.server.ts: recordListingIndexChange; recordOwnerIndexChange
//   for an owner's name, place or verification; recordSearchIndexChanges for whole files);
// - the outbox worker hands entries to `syncListings`, which reads the CURRENT rows and
//   upserts their documents (or deletes them: gone, not open, waiting for review, hidden). An
//   entry says which listings, never what they contain, so retries and out-of-order
//   deliveries converge on the database's state;
// - `reindexAll` rebuilds each index from the database into a fresh index and swaps it in,
//   so search never goes empty; `startSearchSync` applies settings at start, rebuilds an
//   empty index, and wakes queued entries when Meilisearch comes back.

const WRITE_BATCH = 2_000
const WAIT = { timeout: TASK_TIMEOUT_MS, interval: 10 }

function parsePayload(payload: Prisma.JsonValue): SearchIndexPayload {
  const value = (payload ?? {}) as Record<string, unknown>
  const ids = (field: string) => (Array.isArray(value[field]) ? (value[field] as unknown[]).filter((id): id is string => typeof id === 'string') : [])
  return { needs: ids('needs'), offers: ids('offers'), organizations: ids('organizations'), experts: ids('experts'), reindex: value.reindex === true }
}

// ───────────────────────────── index state ─────────────────────────────

const globalForSync = globalThis as unknown as {
  __searchSync?: { ensuredFor: Taxonomy | null; reindexing: Promise<ReindexResult> | null; recheck: (() => void) | null }
}
function state() {
  globalForSync.__searchSync ??= { ensuredFor: null, reindexing: null, recheck: null }
  return globalForSync.__searchSync
}

/**
 * Indexes exist with their settings before any document is written: Meilisearch would
 * otherwise create a bare index on the first write (no filters, no synonyms). Checked once
 * per taxonomy, and again after any failure (the server may have been replaced).
 */
async function prepareIndexes(taxonomy: Taxonomy): Promise<void> {
  if (state().ensuredFor === taxonomy) return
  await ensureIndexes(taxonomy)
  state().ensuredFor = taxonomy
}

function forgetPrepared() {
  state().ensuredFor = null
}

async function waitAll(client: Meilisearch, taskUids: number[]) {
  if (!taskUids.length) return
  const tasks = await client.tasks.waitForTasks(taskUids, WAIT)
  const failed = tasks.find((task) => task.status !== 'succeeded')
  if (failed) throw new Error(`Meilisearch task ${failed.uid} ${failed.status}: ${failed.error?.message ?? ''}`)
}

// ───────────────────────────── syncing listings ─────────────────────────────

type ListingIds = { needs: string[]; offers: string[] }

async function idsOfOwners(organizations: string[], experts: string[]): Promise<ListingIds> {
  if (!organizations.length && !experts.length) return { needs: [], offers: [] }
  const [needs, offers] = await Promise.all([
    organizations.length ? prisma.need.findMany({ where: { orgId: { in: organizations } }, select: { id: true } }) : [],
    prisma.offer.findMany({
      where: { OR: [{ orgId: { in: organizations } }, { expertId: { in: experts } }] },
      select: { id: true },
    }),
  ])
  return { needs: needs.map((n) => n.id), offers: offers.map((o) => o.id) }
}

const typeOf = (kind: IndexKind) => (kind === 'needs' ? 'need' : 'offer')

async function currentDocuments(kind: IndexKind, ids: string[], taxonomy: Taxonomy): Promise<Map<string, ListingDocument>> {
  const docs: ListingDocument[] = await listedDocuments(typeOf(kind), ids, taxonomy, await loadRates())
  return new Map(docs.map((doc) => [doc.id, doc]))
}

/** Writes the current state of these listings to their index and waits until it is searchable. */
async function pushListings(kind: IndexKind, ids: string[], taxonomy: Taxonomy, uid = indexName(kind)): Promise<Map<string, number>> {
  const client = searchAdmin()
  const index = client.index<ListingDocument>(uid)
  const versions = new Map<string, number>()
  const tasks: number[] = []
  for (let start = 0; start < ids.length; start += WRITE_BATCH) {
    const part = [...new Set(ids.slice(start, start + WRITE_BATCH))]
    const docs = await currentDocuments(kind, part, taxonomy)
    const gone = part.filter((id) => !docs.has(id))
    if (docs.size) tasks.push((await index.addDocuments([...docs.values()])).taskUid)
    if (gone.length) tasks.push((await index.deleteDocuments(gone)).taskUid)
    for (const [id, doc] of docs) versions.set(id, doc.version)
    for (const id of gone) versions.set(id, -1)
  }
  await waitAll(client, tasks)
  return versions
}

const MAX_PASSES = 3

/**
 * Brings these listings' documents in line with the database. Two workers may push the
 * same listing at once, the older read landing last: after writing, the versions are read
 * again and anything that moved meanwhile is pushed once more.
 */
export async function syncListings(ids: Partial<ListingIds>): Promise<void> {
  const taxonomy = await loadTaxonomy()
  try {
    await prepareIndexes(taxonomy)
    for (const kind of INDEX_KINDS) {
      let pending = [...new Set(ids[kind] ?? [])]
      for (let pass = 0; pending.length && pass < MAX_PASSES; pass++) {
        const pushed = await pushListings(kind, pending, taxonomy)
        const now = await listingVersions(typeOf(kind), pending)
        pending = pending.filter((id) => (now.get(id) ?? -1) !== pushed.get(id))
      }
    }
    await countSearchable(INDEX_KINDS.filter((kind) => ids[kind]?.length))
  } catch (error) {
    forgetPrepared()
    throw error
  }
}

async function handleSearchIndexEntry(entry: OutboxEntry): Promise<void> {
  const payload = parsePayload(entry.payload)
  if (payload.reindex) {
    await reindexAll()
    return
  }
  const owned = await idsOfOwners(payload.organizations ?? [], payload.experts ?? [])
  await syncListings({ needs: [...(payload.needs ?? []), ...owned.needs], offers: [...(payload.offers ?? []), ...owned.offers] })
}

// One entry at a time keeps index writes in order; a full rebuild of 100k listings takes about a minute.
registerOutboxHandler('search_index', handleSearchIndexEntry, { concurrency: 1, timeoutMs: 10 * 60_000 })

// ───────────────────────────── full rebuild ─────────────────────────────

export type ReindexResult = { needs: number; offers: number; ms: number }
export type ReindexProgress = (done: number, total: number) => void


export async function countIndexable(): Promise<{ needs: number; offers: number }> {
  const [needs, offers] = await Promise.all([prisma.need.count({ where: LISTED_WHERE }), prisma.offer.count({ where: LISTED_WHERE })])
  return { needs, offers }
}

async function dropLeftovers(client: Meilisearch, live: string) {
  const { results } = await client.getIndexes({ limit: 1000 })
  for (const index of results) {
    if (index.uid.startsWith(`${live}_rebuild_`)) await client.deleteIndex(index.uid).waitTask(WAIT)
  }
}

async function rebuildIndex(kind: IndexKind, taxonomy: Taxonomy, onBatch: (documents: number) => void) {
  const client = searchAdmin()
  const live = indexName(kind)
  await ensureIndex(live, kind, taxonomy)
  await dropLeftovers(client, live)
  const fresh = `${live}_rebuild_${Date.now()}`
  await ensureIndex(fresh, kind, taxonomy)
  const index = client.index<ListingDocument>(fresh)
  const rates = await loadRates()
  const tasks: number[] = []
  let count = 0
  let cursor: string | undefined
  for (;;) {
    const page = { where: LISTED_WHERE, orderBy: { id: 'asc' as const }, take: WRITE_BATCH, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) }
    const docs: ListingDocument[] =
      kind === 'needs'
        ? (await prisma.need.findMany({ ...page, include: needRowInclude })).map((row) => needDocument(row, taxonomy, rates))
        : (await prisma.offer.findMany({ ...page, include: offerRowInclude })).map((row) => offerDocument(row, taxonomy, rates))
    if (!docs.length) break
    tasks.push((await index.addDocuments(docs)).taskUid)
    count += docs.length
    cursor = docs.at(-1)!.id
    onBatch(docs.length)
  }
  await waitAll(client, tasks)
  await client.swapIndexes([{ indexes: [live, fresh], rename: false }]).waitTask(WAIT)
  await countSearchable([kind])
  await client.deleteIndex(fresh).waitTask(WAIT)
  return count
}

/**
 * Pending search entries; with `listingsOnly`, those that name listings or owners (a rebuild
 * entry may carry a taxonomy change the rebuild running now has not seen).
 */
async function pendingSearchEntries(listingsOnly = false): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    SELECT id FROM "OutboxEntry"
    WHERE kind = 'search_index' AND status = 'pending' AND (NOT ${listingsOnly} OR payload->'reindex' IS DISTINCT FROM 'true'::jsonb)`
  return rows.map((row) => row.id)
}

/** Entries whose changes a rebuild wrote: done, unless a worker holds one right now (it will finish it). */
async function markSuperseded(ids: string[]): Promise<void> {
  if (!ids.length) return
  await prisma.outboxEntry.updateMany({
    where: { id: { in: ids }, status: 'pending', OR: [{ lockedUntil: null }, { lockedUntil: { lt: new Date() } }] },
    data: { status: 'done', processedAt: new Date(), lastError: null },
  })
}

/**
 * Rebuilds both indexes from the database, each into a fresh index swapped in at the end
 * (search keeps answering from the old one meanwhile). Listings written during the rebuild
 * went to the old index; they are pushed again after the swap. One rebuild at a time per process.
 */
export async function reindexAll(options: { onProgress?: ReindexProgress } = {}): Promise<ReindexResult> {
  const running = state().reindexing
  if (running) return running
  const job = (async () => {
    const started = Date.now()
    const since = new Date(started - 1000)
    // Listing changes already committed: the rebuild reads them, so their entries need not run again.
    const covered = await pendingSearchEntries(true)
    const taxonomy = await loadTaxonomy()
    try {
      await prepareIndexes(taxonomy)
      const totals = await countIndexable()
      const total = totals.needs + totals.offers
      let done = 0
      const onBatch = (documents: number) => {
        done += documents
        options.onProgress?.(done, total)
      }
      options.onProgress?.(0, total)
      const needs = await rebuildIndex('needs', taxonomy, onBatch)
      const offers = await rebuildIndex('offers', taxonomy, onBatch)
      const [changedNeeds, changedOffers] = await Promise.all([
        prisma.need.findMany({ where: { OR: [{ updatedAt: { gte: since } }, { org: { updatedAt: { gte: since } } }] }, select: { id: true } }),
        prisma.offer.findMany({
          where: { OR: [{ updatedAt: { gte: since } }, { org: { updatedAt: { gte: since } } }, { expert: { updatedAt: { gte: since } } }] },
          select: { id: true },
        }),
      ])
      await syncListings({ needs: changedNeeds.map((n) => n.id), offers: changedOffers.map((o) => o.id) })
      await markSuperseded(covered)
      return { needs, offers, ms: Date.now() - started }
    } catch (error) {
      forgetPrepared()
      throw error
    }
  })()
  state().reindexing = job
  try {
    return await job
  } finally {
    state().reindexing = null
  }
}

// ───────────────────────────── at start, and after an outage ─────────────────────────────

/** Search entries that were waiting out a backoff (or gave up) are due now. */
export async function wakeQueuedSearchEntries(): Promise<number> {
  const { count } = await prisma.outboxEntry.updateMany({
    where: { kind: 'search_index', status: { in: ['pending', 'dead'] } },
    data: { status: 'pending', nextAttemptAt: new Date(), attempts: 0 },
  })
  return count
}

/** Empty, or holding documents of an older format (DOCUMENT_FORMAT): a rebuild is due. */
async function needsRebuild(kind: IndexKind): Promise<boolean> {
  const { results } = await searchAdmin().index(indexName(kind)).getDocuments<{ format?: number }>({ limit: 1, fields: ['format'] })
  return results.length === 0 || results[0]!.format !== DOCUMENT_FORMAT
}

/**
 * Settings applied; queued entries woken; an index rebuilt when the database has listings
 * and the index has none (first start, or a Meilisearch that lost its data) or documents of
 * an older format. Meanwhile searches wait (readiness.server.ts); afterwards they wait only
 * for the entries still pending to be tried once.
 */
export async function prepareSearch(): Promise<{ rebuilt: boolean; woken: number }> {
  markPreparing()
  const taxonomy = await loadTaxonomy()
  forgetPrepared()
  await prepareIndexes(taxonomy)
  const woken = await wakeQueuedSearchEntries()
  const counts = await countIndexable()
  const rebuild = (counts.needs > 0 && (await needsRebuild('needs'))) || (counts.offers > 0 && (await needsRebuild('offers')))
  if (rebuild) await reindexAll({ onProgress: markIndexing })
  markCatchingUp(await pendingSearchEntries())
  return { rebuilt: rebuild, woken }
}

/**
 * Runs `prepareSearch` now and whenever Meilisearch becomes healthy again after being
 * unreachable. Returns a stop function.
 */
export function startSearchSync(options: { intervalMs?: number } = {}): () => Promise<void> {
  let stopped = false
  let ready = false
  let busy = false
  let running: Promise<void> = Promise.resolve()
  const check = () => {
    // A rebuild at start can outlast the interval: one check at a time.
    if (busy) return
    busy = true
    running = (async () => {
      if (stopped || !isSearchConfigured()) return
      const health = await searchHealth()
      if (!health.ok) {
        if (ready) log.warn('search unreachable: writes queue in the outbox', { status: health.status })
        ready = false
        markPreparing()
        return
      }
      if (ready) return
      try {
        const result = await prepareSearch()
        ready = true
        log.info('search ready', result)
      } catch (error) {
        log.warn('search preparation failed; retrying', { error: error instanceof Error ? error.message : String(error) })
      }
    })().finally(() => {
      busy = false
    })
  }
  check()
  const timer = setInterval(check, options.intervalMs ?? 5_000)
  timer.unref()
  state().recheck = () => {
    // A server restarted between two polls looks healthy to the next one: prepare again.
    ready = false
    markPreparing()
    if (busy) void running.then(check)
    else check()
  }
  return async () => {
    stopped = true
    state().recheck = null
    clearInterval(timer)
    await running
  }
}

/** The Meilisearch server was replaced (a supervised restart): prepare search again now. */
export function recheckSearchNow(): void {
  state().recheck?.()
}
