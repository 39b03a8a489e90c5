import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importDocument } from '~/modules/import/import.server'
import { matchesForNeed, matchesForOffer } from '~/modules/matching/matching.server'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Matching outside the taxonomy, with text as people type it (issue 16), against a real
// Meilisearch: an occupation the taxonomy does not know still ranks its own field first,
// through short forms, half-diacritic text and a slipped key.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const HANOI = { lat: 21.0285, lng: 105.8542 }
const NEAR = { lat: 21.03, lng: 105.85 }

const college = buildCollege({ location: HANOI })
const business = buildBusiness({ location: NEAR })
const placement = (key: string, occupation: string, skills: string[], title = `Thực tập ${occupation}`) =>
  buildOffer({ key, org: business, kind: 'placement', title, occupations: [occupation], skills, capacity: 20, location: NEAR, ...WINDOW })

// Boilers: the need writes "KTV" for "kỹ thuật viên".
const boilerNeed = buildNeed({
  key: 'need-boiler', org: college, kind: 'internship', title: 'Cần chỗ TT cho SV CĐ', occupations: ['KTV lò hơi'], skills: ['xử lý nước'],
  quantity: 10, ...WINDOW,
})
// Crane drivers: the need's occupation has a slipped key in a word too short for the search engine's own typos before.
const craneDriverNeed = buildNeed({
  key: 'need-crane-driver', org: college, kind: 'internship', title: 'Trainees', occupations: ['Crane drvier'], skills: [], quantity: 10, ...WINDOW,
})
// Cranes: half the diacritics missing, the title in capitals.
const craneNeed = buildNeed({
  key: 'need-crane', org: college, kind: 'internship', title: 'CẦN CHỖ THỰC TẬP VẬN HÀNH CẦN TRỤC', occupations: ['Vận hanh cần truc'],
  skills: ['tín hieu móc cap'], quantity: 10, ...WINDOW,
})

const offers = {
  // Keys sort the other way from the expected order, so a tie would fail the tests.
  boilerTechnician: placement('off-b2', 'Kỹ thuật viên lò hơi', ['xử lý nước']),
  boilerOther: placement('off-b1', 'Thợ lò hơi', ['xử lý nước']),
  craneDriver: placement('off-l2', 'Crane driver', [], 'Placements'),
  craneRigger: placement('off-l1', 'Crane rigger', [], 'Placements'),
  crane: placement('off-c2', 'Vận hành cần trục', ['tín hiệu móc cáp']),
  otherField: placement('off-c1', 'Nuôi trồng thủy sản', ['quản lý ao nuôi'], 'Nhận sinh viên thực tập'),
}

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(
    buildDocument({ organizations: [college, business], needs: [boilerNeed, craneDriverNeed, craneNeed], offers: Object.values(offers) }),
  )
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

const keysFor = async (needKey: string) => (await matchesForNeed(needKey, { limit: 10, lng: 'en' })).matches.map((m) => m.listing.key)

describe('an occupation outside the taxonomy', () => {
  it('meets its short forms written out: "KTV lò hơi" is "kỹ thuật viên lò hơi"', async () => {
    const keys = await keysFor(boilerNeed.key)
    expect(keys.slice(0, 2)).toEqual([offers.boilerTechnician.key, offers.boilerOther.key])
  })

  it('forgives a slipped key in an English word of five letters or more', async () => {
    const keys = await keysFor(craneDriverNeed.key)
    expect(keys[0]).toBe(offers.craneDriver.key)
  })

  it('ranks its own field first when typed with half its diacritics, and other fields not at all', async () => {
    const keys = await keysFor(craneNeed.key)
    expect(keys[0]).toBe(offers.crane.key)
    expect(keys).not.toContain(offers.otherField.key)
    const [first] = (await matchesForNeed(craneNeed.key, { limit: 1, lng: 'en' })).matches
    // Folded, both name the same occupation: one key, the spelling written out in full's (the
    // national list now knows crane operation; outside a taxonomy the folded words would be the key).
    const written = (await loadTaxonomy()).resolveOccupations(['Vận hành cần trục'])[0]!.key
    expect(first!.features.occupation).toMatchObject({ level: 'same', needKey: written })
    expect(first!.features.sharedSkills).toHaveLength(1)
  })

  it('works the other way round: the offer finds the needs typed with short forms', async () => {
    const needs = (await matchesForOffer(offers.boilerTechnician.key, { limit: 10, lng: 'en' })).matches.map((m) => m.listing.key)
    expect(needs[0]).toBe(boilerNeed.key)
  })
})
