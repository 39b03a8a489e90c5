import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma, type Tx } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { startOutboxWorker } from '~/modules/outbox/outbox.server'
import { searchAdmin } from '~/modules/search/client.server'
import { indexName } from '~/modules/search/indexes.server'
import { readySearch, searchReadiness } from '~/modules/search/readiness.server'
import { prepareSearch, reindexAll, startSearchSync } from '~/modules/search/sync.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import * as healthz from '~/routes/healthz'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { asPeer, LOCAL_PEER } from '../support/http'
import { drainOutbox, loadSearchPage, startTestSearch, type TestSearch } from '../support/search'

// A first start as `npm start` makes it (issue 17): the demo import has recorded its search
// entries, the indexes do not exist yet, and the outbox worker and the start-up rebuild run
// side by side. Search must answer from a complete index or not at all: a facet's count and
// the total after ticking it agree, and /healthz says "indexing N of M" until they can.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const colleges = Array.from({ length: 4 }, () => buildCollege())
const businesses = Array.from({ length: 12 }, () => buildBusiness())
const PLACEMENTS = 120
const placements = Array.from({ length: PLACEMENTS }, (_, i) =>
  buildOffer({ org: businesses[i % businesses.length]!, kind: 'placement', title: `Thực tập xưởng số ${i + 1}`, capacity: 3, ...WINDOW }),
)
const loans = Array.from({ length: 80 }, (_, i) =>
  buildOffer({ org: businesses[i % businesses.length]!, kind: 'equipment', title: `Cho mượn máy số ${i + 1}`, equipmentTerms: 'lend', ...WINDOW }),
)
const needs = Array.from({ length: 40 }, (_, i) => buildNeed({ org: colleges[i % colleges.length]!, kind: 'equipment', title: `Cần máy số ${i + 1}`, ...WINDOW }))

beforeAll(async () => {
  search = await startTestSearch({ prepare: false })
  const result = await importDocument(buildDocument({ organizations: [...colleges, ...businesses], needs, offers: [...placements, ...loans] }))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

const healthAsLocal = () => asPeer(LOCAL_PEER, () => healthz.loader({ request: new Request('http://localhost/healthz'), params: {}, context: {} }))

type Read = { degraded: string | null; facet: number | null; filtered: number | null; health: number; message?: string }

const placementFacet = (data: Awaited<ReturnType<typeof loadSearchPage>>) => data.facets?.offer.find((o) => o.value === 'placement')?.count ?? null

async function readOnce(): Promise<Read> {
  const all = await loadSearchPage('?q=thuc+tap')
  const filtered = await loadSearchPage('?q=thuc+tap&offer=placement')
  const health = await healthAsLocal()
  const body = (await health.json()) as { message?: string }
  return {
    degraded: all.degraded ?? filtered.degraded,
    facet: all.degraded ? null : placementFacet(all),
    filtered: filtered.degraded ? null : filtered.results.total,
    health: health.status,
    ...(body.message ? { message: body.message } : {}),
  }
}

describe('a first start', () => {
  it('never answers from a half-built index: facet count = filtered total, and /healthz waits for it', async () => {
    expect(await prisma.outboxEntry.count({ where: { kind: 'search_index', status: 'pending' } })).toBeGreaterThan(0)
    const stopWorker = startOutboxWorker()
    const stopSync = startSearchSync({ intervalMs: 50 })
    const reads: Read[] = []
    try {
      const deadline = Date.now() + 60_000
      while (Date.now() < deadline) {
        const read = await readOnce()
        reads.push(read)
        if (read.health === 200) break
      }
      // A few more after the start: nothing moves any more.
      for (let i = 0; i < 3; i++) reads.push(await readOnce())
    } finally {
      await stopSync()
      await stopWorker()
    }

    // The start was seen: first the database listing and a 503 saying how far indexing is…
    // (a page and /healthz are read one after the other, so one read may straddle the switch)
    const served = reads.filter((read) => read.degraded === null)
    const waiting = reads.filter((read) => read.health === 503)
    expect(waiting.length).toBeGreaterThan(0)
    for (const read of waiting) expect(read.message).toMatch(/^indexing \d+ of 240$/)
    for (const read of reads.filter((r) => r.degraded !== null)) expect(read.degraded).toBe('preparing')
    // …then every search answer comes from the whole index.
    expect(served.length).toBeGreaterThan(0)
    for (const read of served) expect(read).toMatchObject({ facet: PLACEMENTS, filtered: PLACEMENTS, health: 200 })
    expect(reads.at(-1)).toMatchObject({ degraded: null, health: 200 })
  }, 90_000)
})

describe('after the start', () => {
  /** Renames a placement offer (recording its search entry) once nothing else waits; `also` runs in the same transaction. */
  async function renamePlacement(title: string, also?: (tx: Tx) => Promise<unknown>) {
    await drainOutbox()
    const offer = await prisma.offer.findFirstOrThrow({ where: { kind: 'placement' } })
    await prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id: offer.id }, data: { title } })
      await recordListingIndexChange(tx, 'offer', offer.id)
      await also?.(tx)
    })
    return offer
  }

  it('a rebuild settles the listing entries it covered; an entry for a rebuild stays', async () => {
    const offer = await renamePlacement('Thực tập đã đổi tên', (tx) =>
      tx.outboxEntry.create({ data: { kind: 'search_index', payload: { reindex: true }, idempotencyKey: 'search:reindex:test' } }),
    )
    await reindexAll()
    const entries = await prisma.outboxEntry.findMany({ where: { kind: 'search_index', processedAt: null } })
    expect(entries.map((entry) => entry.payload)).toEqual([{ reindex: true }])
    const { hits } = await searchAdmin().index(indexName('offers')).search('đã đổi tên')
    expect(hits.map((hit) => hit.id)).toEqual([offer.id])
    await drainOutbox()
  })

  it('a restart with changes waiting in the outbox answers only once each was tried', async () => {
    const offer = await renamePlacement('Thực tập trong lúc khởi động lại')
    const prepared = await prepareSearch()
    expect(prepared.rebuilt).toBe(false)
    expect((await searchReadiness()).phase).toBe('catching-up')
    await expect(readySearch()).rejects.toMatchObject({ name: 'SearchUnavailable', reason: 'preparing' })
    expect((await loadSearchPage('?q=thuc+tap')).degraded).toBe('preparing')
    expect((await healthAsLocal()).status).toBe(503)

    await drainOutbox()
    // The "still catching up" answer is reused for a moment (BACKLOG_CHECK_MS).
    await new Promise((resolve) => setTimeout(resolve, 250))
    expect((await searchReadiness()).phase).toBe('ready')
    const page = await loadSearchPage('?q=khoi+dong+lai')
    expect(page.degraded).toBeNull()
    expect(page.results.items.map((hit) => hit.listing.key)).toEqual([offer.key])
    expect((await healthAsLocal()).status).toBe(200)
  })
})
