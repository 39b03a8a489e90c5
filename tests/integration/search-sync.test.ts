import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decideVerification } from '~/modules/accounts/accounts.server'
import { updateOrgProfile } from '~/modules/accounts/profiles.server'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { matchesForNeed } from '~/modules/matching/matching.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { searchAdmin, searchQuery } from '~/modules/search/client.server'
import type { OfferDocument } from '~/modules/search/documents.server'
import { indexName } from '~/modules/search/indexes.server'
import { searchParity } from '~/modules/search/parity.server'
import { prepareSearch, reindexAll, startSearchSync, syncListings } from '~/modules/search/sync.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import * as needMatchesRoute from '~/routes/api.v1.needs.$key.matches'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Keeping the index in step with the database: every write reaches search through the
// outbox, a killed Meilisearch loses nothing, a rebuild swaps indexes without a gap, and
// the parity check sees drift.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const college = buildCollege()
const business = buildBusiness()
const need = buildNeed({ org: college, kind: 'internship', occupations: ['Cơ điện tử'], skills: ['PLC', 'cảm biến'], ...WINDOW })
const existing = Array.from({ length: 12 }, () =>
  buildOffer({ org: business, kind: 'placement', occupations: ['Mechatronics'], skills: ['sensors'], capacity: 5, ...WINDOW }),
)

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(buildDocument({ organizations: [college, business], needs: [need], offers: existing }))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

/** A new placement written as the listing forms will: row and outbox entry in one transaction. */
async function writeOffer(title: string) {
  const org = await prisma.organization.findUniqueOrThrow({ where: { key: business.key } })
  return prisma.$transaction(async (tx) => {
    const offer = await tx.offer.create({
      data: {
        key: `offer-${title.toLowerCase().replace(/\W+/g, '-')}`, orgId: org.id, kind: 'placement', title, occupations: ['Cơ điện tử'],
        skills: ['PLC'], capacity: 3, startDate: new Date('2027-03-01'), endDate: new Date('2027-06-30'), languages: ['vi'],
      },
    })
    await recordListingIndexChange(tx, 'offer', offer.id)
    return offer
  })
}

async function offerDocument(id: string): Promise<OfferDocument | null> {
  try {
    return (await searchAdmin().index(indexName('offers')).getDocument(id)) as OfferDocument
  } catch {
    return null
  }
}

const matched = async () => (await matchesForNeed(need.key, { limit: 50 })).matches.map((m) => m.listing.key)

describe('outbox sync', () => {
  it('makes a write searchable, and a closed or hidden listing leave the index', async () => {
    const offer = await writeOffer('Robot cell internship')
    const started = Date.now()
    await drainOutbox()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await matched()).toContain(offer.key)
    expect((await offerDocument(offer.id))?.occupationKeys).toEqual(['co-dien-tu'])

    await prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id: offer.id }, data: { status: 'closed' } })
      await recordListingIndexChange(tx, 'offer', offer.id)
    })
    await drainOutbox()
    expect(await matched()).not.toContain(offer.key)
    expect(await offerDocument(offer.id)).toBeNull()

    await prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id: offer.id }, data: { status: 'open' } })
      await recordListingIndexChange(tx, 'offer', offer.id)
    })
    await drainOutbox()
    expect((await offerDocument(offer.id))?.status).toBe('open')
    await prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id: offer.id }, data: { hiddenAt: new Date(), hiddenReason: 'spam' } })
      await recordListingIndexChange(tx, 'offer', offer.id)
    })
    await drainOutbox()
    expect(await offerDocument(offer.id)).toBeNull()
  })

  it('converges whatever order entries arrive in: each push reads the current row', async () => {
    const offer = await writeOffer('Sensor lab internship')
    await prisma.$transaction(async (tx) => {
      await tx.offer.update({ where: { id: offer.id }, data: { title: 'Sensor lab internship (updated)' } })
      await recordListingIndexChange(tx, 'offer', offer.id)
    })
    // The newer entry first, then the older one again (as a retry would).
    const entries = await prisma.outboxEntry.findMany({ where: { kind: 'search_index', status: 'pending' }, orderBy: { createdAt: 'desc' } })
    expect(entries).toHaveLength(2)
    await prisma.outboxEntry.update({ where: { id: entries[1]!.id }, data: { nextAttemptAt: new Date(Date.now() + 60_000) } })
    await drainOutbox()
    await prisma.outboxEntry.update({ where: { id: entries[1]!.id }, data: { nextAttemptAt: new Date() } })
    await drainOutbox()
    expect((await offerDocument(offer.id))?.title).toBe('Sensor lab internship (updated)')
  })

  it('carries an owner’s verification and profile changes to its listings’ documents', async () => {
    const org = await prisma.organization.findUniqueOrThrow({ where: { key: business.key } })
    const admin = await prisma.user.create({ data: { email: 'admin-sync@example.test', name: 'Admin', passwordHash: 'x', platformRole: 'admin' } })
    const [first] = existing
    const id = (await prisma.offer.findUniqueOrThrow({ where: { key: first!.key } })).id

    expect(await decideVerification(admin.id, 'org', org.id, 'rejected', 'Thiếu giấy phép')).toBe(true)
    await drainOutbox()
    expect((await offerDocument(id))?.verified).toBe(false)
    expect(await decideVerification(admin.id, 'org', org.id, 'verified', 'Giấy phép hợp lệ')).toBe(true)
    await drainOutbox()
    expect((await offerDocument(id))?.verified).toBe(true)

    const owner = await prisma.user.create({ data: { email: 'owner-sync@example.test', name: 'Owner', passwordHash: 'x' } })
    await prisma.membership.create({ data: { userId: owner.id, orgId: org.id, role: 'owner' } })
    const profile = { name: 'Renamed Robotics Co.', nameVi: 'Công ty Robot Đổi Tên', district: 'Long Biên', address: null, website: null, description: null, lat: 21.05, lng: 105.89 }
    expect(await updateOrgProfile(owner.id, org.id, profile)).toBe(true)
    await drainOutbox()
    expect(await offerDocument(id)).toMatchObject({ ownerName: profile.name, ownerNameVi: profile.nameVi, district: 'Long Biên' })
  })

  it('notices drift in the parity check and repairs it from the database', async () => {
    expect((await searchParity()).ok).toBe(true)
    const [first] = existing
    const row = await prisma.offer.findUniqueOrThrow({ where: { key: first!.key } })
    await searchAdmin().index(indexName('offers')).deleteDocument(row.id).waitTask()
    const drifted = await searchParity({ sample: 100 })
    expect(drifted.ok).toBe(false)
    expect(drifted.offers.index).toBe(drifted.offers.database - 1)
    expect(drifted.offers.missing).toEqual([row.id])
    await syncListings({ offers: [row.id] })
    expect((await searchParity({ sample: 100 })).ok).toBe(true)
  })
})

describe('rebuilding the indexes', () => {
  it('swaps in a fresh index built from the database while search keeps answering', async () => {
    // A change the index never heard of: the rebuild reads the database.
    const [first] = existing
    await prisma.offer.update({ where: { key: first!.key }, data: { title: 'Rebuilt from the database' } })

    const answers: number[] = []
    let rebuilding = true
    const searching = (async () => {
      while (rebuilding) {
        const result = await searchQuery().index(indexName('offers')).search('', { limit: 1 })
        answers.push(result.estimatedTotalHits ?? 0)
      }
    })()
    const result = await reindexAll()
    rebuilding = false
    await searching

    expect(result.offers).toBe(await prisma.offer.count({ where: { status: 'open', hiddenAt: null, pendingReview: false } }))
    expect(answers.length).toBeGreaterThan(0)
    expect(Math.min(...answers)).toBeGreaterThan(0)
    const row = await prisma.offer.findUniqueOrThrow({ where: { key: first!.key } })
    expect((await offerDocument(row.id))?.title).toBe('Rebuilt from the database')
    const { results } = await searchAdmin().getIndexes({ limit: 1000 })
    expect(results.map((index) => index.uid).filter((uid) => uid.includes('_rebuild_'))).toEqual([])
    expect((await searchParity({ sample: 100 })).ok).toBe(true)
  })
})

describe('at start', () => {
  it('rebuilds an index that lost its documents while the database has listings', async () => {
    await searchAdmin().deleteIndex(indexName('offers')).waitTask()
    await searchAdmin().deleteIndex(indexName('needs')).waitTask()
    const stop = startSearchSync({ intervalMs: 100 })
    try {
      const deadline = Date.now() + 20_000
      while (!(await searchParity()).ok && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100))
    } finally {
      await stop()
    }
    const parity = await searchParity({ sample: 100 })
    expect(parity.ok).toBe(true)
    expect(parity.offers.index).toBeGreaterThan(0)
    expect(await matched()).toEqual(expect.arrayContaining(existing.map((offer) => offer.key)))
  })
})

describe('a killed Meilisearch', () => {
  it('loses no write: writes queue, search says it is unavailable, and the outbox drains once it is back', async () => {
    const { pid } = search.handle
    process.kill(pid, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))

    // The write itself succeeds; its index update waits in the outbox.
    const offer = await writeOffer('Written during the outage')
    expect(await processOutbox()).toBe(1)
    const waiting = await prisma.outboxEntry.findFirstOrThrow({ where: { kind: 'search_index', status: 'pending' } })
    expect(waiting.attempts).toBe(1)
    expect(waiting.lastError).toBeTruthy()

    // The match API says so instead of failing.
    const response = await needMatchesRoute.loader({
      request: new Request(`http://localhost/api/v1/needs/${need.key}/matches`),
      params: { key: need.key },
      context: {},
    })
    expect(response.status).toBe(503)
    expect(response.headers.get('Retry-After')).toBeTruthy()

    // Back on the same data: queued entries are woken and delivered, parity is restored.
    await search.restart()
    const prepared = await prepareSearch()
    expect(prepared.woken).toBe(1)
    await drainOutbox()
    expect(await prisma.outboxEntry.count({ where: { kind: 'search_index', status: { not: 'done' } } })).toBe(0)
    expect(await matched()).toContain(offer.key)
    expect((await searchParity({ sample: 100 })).ok).toBe(true)
  })
})
