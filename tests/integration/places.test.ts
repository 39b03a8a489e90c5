import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import type { ImportOfferInput } from '~/modules/import/format'
import { importDocument } from '~/modules/import/import.server'
import { matchesForNeed } from '~/modules/matching/matching.server'
import { searchAdmin } from '~/modules/search/client.server'
import { DOCUMENT_FORMAT } from '~/modules/search/documents.server'
import { distanceRings, haversineKm, withinBox } from '~/modules/search/geo'
import { indexName } from '~/modules/search/indexes.server'
import { searchListings } from '~/modules/search/search.server'
import { PAGE_SIZE } from '~/modules/search/search-params'
import { parseSearchParams } from '~/modules/search/search-params.server'
import { prepareSearch } from '~/modules/search/sync.server'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Places without Meilisearch's geo index (geo.ts): bounding boxes and rings as filters on
// plain numbers, nearest-first matching for on-site work, "nearest" pages read ring by
// ring, and indexes of an older document format rebuilt at start.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const DONG_ANH = { lat: 21.1367, lng: 105.8497 }
const CAU_GIAY = { lat: 21.0362, lng: 105.7906 } // ~12.5 km from Đông Anh
const BA_VI = { lat: 21.08, lng: 105.42 } // ~45 km

const college = buildCollege({ district: 'Đông Anh', location: DONG_ANH })
const business = buildBusiness({ location: CAU_GIAY })
const unverifiedBusiness = buildBusiness({ location: DONG_ANH, verified: false })
const expert = buildExpert()

const weldingNeed = buildNeed({
  org: college, kind: 'internship', title: 'Thực tập hàn', occupations: ['Hàn'], skills: ['hàn TIG'], quantity: 2, onSite: true, ...WINDOW,
})
const placement = (location: { lat: number; lng: number } | null, org = business, extra: Partial<ImportOfferInput> = {}) =>
  buildOffer({ org, kind: 'placement', occupations: ['Hàn'], skills: ['hàn TIG'], capacity: 2, ...WINDOW, location, ...extra })
const jitter = (point: { lat: number; lng: number }, i: number) => ({ lat: point.lat + ((i % 5) - 2) * 0.001, lng: point.lng + ((i % 7) - 3) * 0.001 })

// Verified placements far away outnumber the per-query limits; the one nearby is unverified.
const farAway = Array.from({ length: 60 }, (_, i) => placement(jitter(BA_VI, i)))
const nextDoor = placement(jitter(DONG_ANH, 1), unverifiedBusiness)
// For "nearest": 30 within a kilometre, 8 about 12 km away, the far ones, and listings without a place.
const close = Array.from({ length: 30 }, (_, i) => placement(jitter(DONG_ANH, i), i % 3 ? business : unverifiedBusiness))
const middle = Array.from({ length: 8 }, (_, i) => placement(jitter(CAU_GIAY, i)))
const nowhere = Array.from({ length: 2 }, () => buildOffer({ expert, kind: 'expert_service', occupations: ['Welding'], ...WINDOW, location: null }))

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(
    buildDocument({
      organizations: [college, business, unverifiedBusiness],
      experts: [expert],
      needs: [weldingNeed],
      offers: [...farAway, nextDoor, ...close, ...middle, ...nowhere],
    }),
  )
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

describe('boxes and rings', () => {
  it('finds what lies within a box and nothing outside it', async () => {
    const { hits } = await searchAdmin()
      .index(indexName('offers'))
      .search('', { filter: withinBox(DONG_ANH, 5), limit: 200, attributesToRetrieve: ['key', 'geo'] })
    const keys = hits.map((hit) => hit.key as string).sort()
    expect(keys).toEqual([nextDoor, ...close].map((offer) => offer.key).sort())
  })

  it('splits every listing into disjoint rings, those without a place in the last', async () => {
    const rings = distanceRings(DONG_ANH, [1, 20])
    const found = await Promise.all(
      rings.map(async (filter) => {
        const { hits } = await searchAdmin().index(indexName('offers')).search('', { filter, limit: 500, attributesToRetrieve: ['key'] })
        return hits.map((hit) => hit.key as string)
      }),
    )
    expect(found.map((keys) => keys.length)).toEqual([31, 8, 62])
    expect(new Set(found.flat()).size).toBe(101)
    expect(found[2]).toEqual(expect.arrayContaining(nowhere.map((offer) => offer.key)))
  })
})

describe('matching on-site work', () => {
  it('finds the placements nearby even when more of the same lie far away', async () => {
    // Imported first (Meilisearch's order among equals), the 60 far ones fill any query without the near/far split.
    const { matches } = await matchesForNeed(weldingNeed.key, { limit: 10 })
    expect(matches).toHaveLength(10)
    const far = new Set(farAway.map((offer) => offer.key))
    expect(matches.filter((match) => far.has(match.listing.key))).toEqual([])
    expect(matches[0]!.features.distanceKm).toBeLessThan(1.5)
    const { matches: more } = await matchesForNeed(weldingNeed.key, { limit: 50 })
    expect(more.map((match) => match.listing.key)).toContain(nextDoor.key)
  })
})

describe('"nearest" on the search page', () => {
  const state = parseSearchParams(new URLSearchParams('sort=nearest&offer=placement')).state

  async function everyPage(exactRingSize: number) {
    const out = []
    for (let page = 1; ; page++) {
      const { results } = await searchListings({ ...state, page }, { lng: 'vi', point: DONG_ANH, exactRingSize })
      out.push(...results.items)
      if (page >= results.pages) return { items: out, total: results.total }
    }
  }

  it('orders by exact distance when the rings are small', async () => {
    const { items, total } = await everyPage(1000)
    expect(total).toBe(99)
    expect(items).toHaveLength(99)
    const distances = items.map((item) => item.distanceKm!)
    expect(distances).toEqual([...distances].sort((a, b) => a - b))
  })

  it('pages through a crowded ring in a stable order, ring by ring, without repeats or gaps', async () => {
    const { items } = await everyPage(10)
    const keys = items.map((item) => item.listing.key)
    expect(new Set(keys).size).toBe(99)
    expect(items.length).toBeGreaterThan(PAGE_SIZE)
    // The 31 within a kilometre first (a crowded ring: verified first), then farther rings.
    const nearby = new Set([nextDoor, ...close].map((offer) => offer.key))
    expect(keys.slice(0, 31).every((key) => nearby.has(key))).toBe(true)
    const verified = items.slice(0, 31).map((item) => item.listing.owner.verified)
    expect(verified).toEqual([...verified].sort((a, b) => Number(b) - Number(a)))
    const rest = items.slice(31).map((item) => item.distanceKm!)
    expect(rest.every((km) => km > 1)).toBe(true)
    // Small rings (the 8 about 12 km away) are in exact order.
    expect(rest.slice(0, 8)).toEqual([...rest.slice(0, 8)].sort((a, b) => a - b))
    expect(haversineKm(DONG_ANH, CAU_GIAY)).toBeGreaterThan(10)
  })
})

describe('document format', () => {
  it('rebuilds at start an index whose documents carry an older format', async () => {
    const index = searchAdmin().index(indexName('needs'))
    const [doc] = (await index.getDocuments({ limit: 1 })).results
    await index.updateDocuments([{ id: doc!.id, format: DOCUMENT_FORMAT - 1 }]).waitTask()
    const { rebuilt } = await prepareSearch()
    expect(rebuilt).toBe(true)
    const after = await index.getDocument(doc!.id as string)
    expect(after.format).toBe(DOCUMENT_FORMAT)
    expect(await prisma.need.count()).toBe((await index.getStats()).numberOfDocuments)
    expect((await prepareSearch()).rebuilt).toBe(false)
  })
})
