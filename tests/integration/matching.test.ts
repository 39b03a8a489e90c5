import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { block } from '~/modules/accounts/rate-limit.server'
import { prisma } from '~/modules/db/db.server'
import { languageCookie } from '~/modules/i18n/i18n.server'
import { importDocument } from '~/modules/import/import.server'
import type { ImportNeedInput, ImportOfferInput } from '~/modules/import/format'
import { offerFilterForNeed } from '~/modules/matching/constraints'
import { forgetRates, loadRates } from '~/modules/money/exchange-rates.server'
import { matchesForNeed, matchesForOffer, NotMatchable } from '~/modules/matching/matching.server'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { searchQuery } from '~/modules/search/client.server'
import { needDocument, needRowInclude } from '~/modules/search/documents.server'
import { indexName } from '~/modules/search/indexes.server'
import { getEnv } from '~/modules/runtime/env.server'
import * as needMatchesRoute from '~/routes/api.v1.needs.$key.matches'
import * as offerMatchesRoute from '~/routes/api.v1.offers.$key.matches'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'
import { asPeer } from '../support/http'

// Matching against a real Meilisearch: the hard constraints (one test per rule), languages
// and spelling, reasons in the viewer's language, the reverse direction and the match API.
// Index sync, outages and rebuilds: search-sync.test.ts.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const HANOI = { lat: 21.0285, lng: 105.8542 }
const NEAR = { lat: 21.035, lng: 105.85 }

const college = buildCollege({ location: HANOI })
const business = buildBusiness({ location: NEAR })
const expert = buildExpert({ languages: ['de', 'en'] })

// ── an expert need and its candidates, one pair per rule ──

const expertNeed = buildNeed({
  org: college, kind: 'expert', title: 'Chuyên gia đào tạo giáo viên hàn', occupations: ['Hàn'], skills: ['hàn TIG', 'kiểm tra mối hàn'],
  languages: ['de', 'en'], onSite: true, budget: { amount: 500, currency: 'USD', per: 'day' }, ...WINDOW,
})
const service = (overrides: Partial<ImportOfferInput>) =>
  buildOffer({
    expert, kind: 'expert_service', title: 'Welding trainer', occupations: ['Welding'], skills: ['TIG welding', 'weld inspection'],
    languages: ['de', 'en'], remote: false, price: { amount: 450, currency: 'USD', per: 'day' }, ...WINDOW, ...overrides,
  })
const offers = {
  good: service({}),
  placement: buildOffer({ org: business, kind: 'placement', occupations: ['Hàn'], skills: ['hàn TIG'], capacity: 5, ...WINDOW }),
  equipment: buildOffer({ org: business, kind: 'equipment', occupations: ['Hàn'], skills: ['hàn TIG'], capacity: 2, ...WINDOW }),
  closed: service({ status: 'closed' }),
  hidden: service({}),
  pending: service({}),
  endsTheDayBefore: service({ startDate: '2027-01-01', endDate: '2027-02-28' }),
  endsOnTheFirstDay: service({ startDate: '2027-01-01', endDate: '2027-03-01' }),
  englishOnly: service({ languages: ['en'] }),
  germanOnly: service({ languages: ['de'] }),
  frenchOnly: service({ languages: ['fr'] }),
  moreLanguages: service({ languages: ['fr', 'en', 'de'] }),
  remote: service({ remote: true }),
  hourlyWithin: service({ price: { amount: 60, currency: 'USD', per: 'hour' } }), // 480 USD a day
  hourlyOver: service({ price: { amount: 65, currency: 'USD', per: 'hour' } }), // 520 USD a day
  vndWithin: service({ price: { amount: 12_000_000, currency: 'VND', per: 'day' } }), // ≈ 456 USD
  eurWithin: service({ price: { amount: 420, currency: 'EUR', per: 'day' } }), // ≈ 489 USD
  eurOver: service({ price: { amount: 450, currency: 'EUR', per: 'day' } }), // ≈ 524 USD
  programmeWithin: service({ price: { amount: 40_000, currency: 'USD', per: 'total' } }), // 88 working days × 500 = 44,000
  programmeOver: service({ price: { amount: 45_000, currency: 'USD', per: 'total' } }),
  sponsorship: buildOffer({
    org: business, kind: 'sponsorship', occupations: ['Hàn'], skills: ['hàn TIG'], languages: ['vi'],
    price: { amount: 100_000_000, currency: 'VND', per: 'total' }, ...WINDOW,
  }),
  lateSponsorship: buildOffer({
    org: business, kind: 'sponsorship', occupations: ['Hàn'], skills: ['hàn TIG'], price: { amount: 100_000_000, currency: 'VND', per: 'total' },
    startDate: '2027-07-01', endDate: '2027-12-31',
  }),
}
const remoteNeed = buildNeed({ ...expertNeed, key: 'need-remote-ok', onSite: false } as ImportNeedInput)
// A total budget for 10 stated days: up to 500 USD a day, though its window has 88 working days.
const tenDaysNeed = buildNeed({
  ...expertNeed, key: 'need-ten-days', languages: ['en'], budget: { amount: 5_000, currency: 'USD', per: 'total' }, days: 10,
} as ImportNeedInput)
const windowNeed = buildNeed({ ...tenDaysNeed, key: 'need-no-days', days: null } as ImportNeedInput)

// ── languages and spelling ──

const plainNeed = buildNeed({
  org: college, kind: 'internship', title: 'Can cho thuc tap sua chua o to', occupations: ['Sua chua o to'], skills: ['pin xe dien'],
  quantity: 10, ...WINDOW,
})
const placements = {
  english: buildOffer({ org: business, kind: 'placement', title: 'Automotive repair internships', occupations: ['Automotive repair'], skills: ['EV battery'], capacity: 10, ...WINDOW }),
  accented: buildOffer({ org: business, kind: 'placement', title: 'Thực tập công nghệ ô tô', occupations: ['Công nghệ ô tô'], skills: ['pin xe điện'], capacity: 10, ...WINDOW }),
  typo: buildOffer({ org: business, kind: 'placement', title: 'Internships', occupations: ['Autmotive technology'], skills: ['engine diagnostics'], capacity: 10, ...WINDOW }),
  unrelated: buildOffer({ org: business, kind: 'placement', title: 'Thực tập kế toán', occupations: ['Kế toán doanh nghiệp'], skills: ['MISA'], capacity: 10, ...WINDOW }),
}

const closedNeed = buildNeed({ org: college, kind: 'internship', occupations: ['Hàn'], status: 'closed', ...WINDOW })

async function hide(key: string, data: { hiddenAt?: Date; pendingReview?: boolean }) {
  const { recordListingIndexChange } = await import('~/modules/outbox/search-index.server')
  await prisma.$transaction(async (tx) => {
    const offer = await tx.offer.update({ where: { key }, data })
    await recordListingIndexChange(tx, 'offer', offer.id)
  })
}

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(
    buildDocument({
      organizations: [college, business],
      experts: [expert],
      needs: [expertNeed, remoteNeed, tenDaysNeed, windowNeed, plainNeed, closedNeed],
      offers: [...Object.values(offers), ...Object.values(placements)],
    }),
  )
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await hide(offers.hidden.key, { hiddenAt: new Date() })
  await hide(offers.pending.key, { pendingReview: true })
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

/**
 * The offers a need gets, as two lists that must agree: the match API's (ranked, behind a
 * second check in code) and what the hard-constraint filter alone lets through in Meilisearch.
 */
async function matchedKeys(needKey: string): Promise<string[]> {
  const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
  const row = await prisma.need.findUniqueOrThrow({ where: { key: needKey }, include: needRowInclude })
  const filter = offerFilterForNeed(needDocument(row, taxonomy, rates), rates)
  const filtered = await searchQuery().index(indexName('offers')).search('', { filter, limit: 1000, attributesToRetrieve: ['key'] })
  const passed = new Set(filtered.hits.map((hit) => hit.key as string))
  const matched = (await matchesForNeed(needKey, { limit: 50, lng: 'en' })).matches.map((m) => m.listing.key)
  // Everything matched passed the filter; everything relevant that passed the filter was matched.
  for (const key of matched) expect(passed, `${key} matched without passing the filter`).toContain(key)
  const relevant = [...Object.values(offers), ...Object.values(placements)].map((o) => o.key).filter((key) => passed.has(key))
  return [...new Set([...matched, ...relevant])]
}

describe('hard constraints (each one a filter)', () => {
  it('kind: an expert need gets expert services and sponsorship, not placements or equipment', async () => {
    const keys = await matchedKeys(expertNeed.key)
    expect(keys).toContain(offers.good.key)
    expect(keys).toContain(offers.sponsorship.key)
    expect(keys).not.toContain(offers.placement.key)
    expect(keys).not.toContain(offers.equipment.key)
  })

  it('open: closed, hidden and unreviewed offers never match', async () => {
    const keys = await matchedKeys(expertNeed.key)
    expect(keys).not.toContain(offers.closed.key)
    expect(keys).not.toContain(offers.hidden.key)
    expect(keys).not.toContain(offers.pending.key)
  })

  it('dates: the windows must overlap, the last day included', async () => {
    const keys = await matchedKeys(expertNeed.key)
    expect(keys).not.toContain(offers.endsTheDayBefore.key)
    expect(keys).toContain(offers.endsOnTheFirstDay.key)
    expect(keys).not.toContain(offers.lateSponsorship.key)
  })

  it('language: the offer speaks at least one accepted language; sponsorship speaks none and still counts', async () => {
    const keys = await matchedKeys(expertNeed.key)
    expect(keys).toContain(offers.englishOnly.key)
    expect(keys).toContain(offers.germanOnly.key)
    expect(keys).not.toContain(offers.frenchOnly.key)
    expect(keys).toContain(offers.good.key)
    expect(keys).toContain(offers.moreLanguages.key)
    expect(keys).toContain(offers.sponsorship.key)
  })

  it('on site: a remote-only expert serves only a need that is not on site', async () => {
    expect(await matchedKeys(expertNeed.key)).not.toContain(offers.remote.key)
    expect(await matchedKeys(remoteNeed.key)).toContain(offers.remote.key)
  })

  it('budget: prices fit after converting unit (8 h a day, totals over the window) and currency', async () => {
    const keys = await matchedKeys(expertNeed.key)
    for (const fits of [offers.hourlyWithin, offers.vndWithin, offers.eurWithin, offers.programmeWithin]) expect(keys, fits.key).toContain(fits.key)
    for (const over of [offers.hourlyOver, offers.eurOver, offers.programmeOver]) expect(keys, over.key).not.toContain(over.key)
  })

  it('language, the other way round: an expert speaking one of two accepted languages finds the need', async () => {
    const needsFor = async (key: string) => (await matchesForOffer(key, { limit: 50, lng: 'en' })).matches.map((m) => m.listing.key)
    expect(await needsFor(offers.germanOnly.key)).toContain(expertNeed.key)
    expect(await needsFor(offers.englishOnly.key)).toContain(expertNeed.key)
    expect(await needsFor(offers.frenchOnly.key)).not.toContain(expertNeed.key)
    // The reason names the accepted language the expert speaks, not the ones they do not.
    const german = (await matchesForNeed(expertNeed.key, { limit: 50, lng: 'en' })).matches.find((m) => m.listing.key === offers.germanOnly.key)
    expect(german!.reasons).toContain('Teaches in German')
  })

  it('budget: a total budget spreads over the days a need states, else over its window', async () => {
    // 5,000 USD for 10 days: 500 a day; over the window's 88 working days: about 57 a day.
    expect(await matchedKeys(tenDaysNeed.key)).toContain(offers.good.key) // 450 USD a day
    expect(await matchedKeys(tenDaysNeed.key)).not.toContain(offers.hourlyOver.key) // 520 USD a day
    expect(await matchedKeys(windowNeed.key)).not.toContain(offers.good.key)
    // A programme priced in total is compared with the total.
    expect(await matchedKeys(tenDaysNeed.key)).not.toContain(offers.programmeWithin.key)
    // The reason names the budget with its days.
    const good = (await matchesForNeed(tenDaysNeed.key, { limit: 50, lng: 'en' })).matches.find((m) => m.listing.key === offers.good.key)
    expect(good!.reasons.some((reason) => /within the budget of .*5,000.* for 10 days/.test(reason)), good!.reasons.join(' | ')).toBe(true)
    // And from the offer's side: the days-need is found, the window-need is not.
    const needs = (await matchesForOffer(offers.good.key, { limit: 50, lng: 'en' })).matches.map((m) => m.listing.key)
    expect(needs).toContain(tenDaysNeed.key)
    expect(needs).not.toContain(windowNeed.key)
  })

  it('budget: converts with the rates an admin set, at once', async () => {
    // 12,000,000 VND a day fits 500 USD a day at the default 26,300 VND per USD, not at 20,000.
    await prisma.exchangeRate.upsert({
      where: { base_quote: { base: 'USD', quote: 'VND' } },
      create: { base: 'USD', quote: 'VND', rate: 20_000 },
      update: { rate: 20_000 },
    })
    forgetRates()
    try {
      expect(await matchedKeys(expertNeed.key)).not.toContain(offers.vndWithin.key)
    } finally {
      await prisma.exchangeRate.delete({ where: { base_quote: { base: 'USD', quote: 'VND' } } })
      forgetRates()
    }
    expect(await matchedKeys(expertNeed.key)).toContain(offers.vndWithin.key)
  })
})

describe('languages and spelling', () => {
  it('matches a need written without diacritics with English, accented and misspelled offers', async () => {
    const result = await matchesForNeed(plainNeed.key, { limit: 10, lng: 'en' })
    const keys = result.matches.map((m) => m.listing.key)
    expect(keys).toEqual(expect.arrayContaining([placements.english.key, placements.accented.key, placements.typo.key]))
    expect(keys).not.toContain(placements.unrelated.key)
    // Shared skills count across languages: both rank above the one without the skill.
    expect(keys.indexOf(placements.typo.key)).toBeGreaterThan(keys.indexOf(placements.english.key))
    expect(keys.indexOf(placements.typo.key)).toBeGreaterThan(keys.indexOf(placements.accented.key))
    const english = result.matches.find((m) => m.listing.key === placements.english.key)!
    expect(english.reasons).toContain('Same occupation: Automotive technology')
    expect(english.reasons).toContain('Shared skills: pin xe dien')
  })
})

describe('the match API', () => {
  const call = (route: typeof needMatchesRoute | typeof offerMatchesRoute, path: string, key: string, headers: Record<string, string> = {}) =>
    route.loader({ request: new Request(`http://localhost${path}`, { headers }), params: { key }, context: {} })

  it('answers the spec’s shape with reasons in the viewer’s language', async () => {
    const english = await call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches?limit=3`, plainNeed.key, { 'Accept-Language': 'en' })
    expect(english.status).toBe(200)
    const body = (await english.json()) as { need: string; matches: { offer: string; score: number; reasons: string[] }[] }
    expect(body.need).toBe(plainNeed.key)
    expect(body.matches).toHaveLength(3)
    for (const match of body.matches) {
      expect(Object.keys(match).sort()).toEqual(['offer', 'reasons', 'score'])
      expect(match.score).toBeGreaterThan(0)
      expect(match.score).toBeLessThanOrEqual(1)
    }
    expect(body.matches.map((m) => m.score)).toEqual([...body.matches.map((m) => m.score)].sort((a, b) => b - a))
    expect(body.matches[0]!.reasons.some((r) => r.startsWith('Same occupation'))).toBe(true)

    const vietnamese = await call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches?limit=3`, plainNeed.key, { 'Accept-Language': 'vi' })
    const vi = (await vietnamese.json()) as typeof body
    expect(vi.matches[0]!.reasons.some((r) => r.startsWith('Cùng ngành Công nghệ ô tô'))).toBe(true)

    // The language switcher's cookie wins over the browser's header.
    const cookie = (await languageCookie.serialize('en')).split(';')[0]!
    const chosen = await call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches`, plainNeed.key, { 'Accept-Language': 'vi', Cookie: cookie })
    const en = (await chosen.json()) as typeof body
    expect(en.matches[0]!.reasons.some((r) => r.startsWith('Same occupation'))).toBe(true)
  })

  it('works the other way round: an offer’s matching needs', async () => {
    const response = await call(offerMatchesRoute, `/api/v1/offers/${placements.english.key}/matches`, placements.english.key, { 'Accept-Language': 'en' })
    expect(response.status).toBe(200)
    const body = (await response.json()) as { offer: string; needs: { need: string; score: number; reasons: string[] }[] }
    expect(body.offer).toBe(placements.english.key)
    expect(body.needs.map((n) => n.need)).toEqual([plainNeed.key])
    expect(body.needs[0]!.reasons).toContain('Shared skills: EV battery')

    const sponsorship = await matchesForOffer(offers.sponsorship.key, { lng: 'vi' })
    const served = sponsorship.matches.map((m) => m.listing.key)
    expect(served).toEqual(expect.arrayContaining([expertNeed.key, remoteNeed.key]))
    expect(served).not.toContain(closedNeed.key)
    // A remote expert cannot serve the on-site need.
    const remote = (await matchesForOffer(offers.remote.key)).matches.map((m) => m.listing.key)
    expect(remote).toEqual([remoteNeed.key])
  })

  it('answers 304 without a body to a client holding the same answer, and 200 again once a listing changes it', async () => {
    const need = buildNeed({ org: college, kind: 'internship', occupations: ['Hàn'], skills: ['hàn TIG'] })
    const first = buildOffer({ org: business, kind: 'placement', occupations: ['Hàn'], skills: ['hàn TIG'] })
    const write = async (offers: ImportOfferInput[]) => {
      expect((await importDocument(buildDocument({ organizations: [college, business], needs: [need], offers }))).ok).toBe(true)
      await drainOutbox()
    }
    await write([first])
    const path = `/api/v1/needs/${need.key}/matches`
    const answer = await call(needMatchesRoute, path, need.key, { 'Accept-Language': 'en' })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('Cache-Control')).toBe('no-cache')
    const etag = answer.headers.get('ETag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const before = ((await answer.json()) as { matches: { offer: string }[] }).matches.map((m) => m.offer)
    expect(before).toContain(first.key)

    const again = await call(needMatchesRoute, path, need.key, { 'Accept-Language': 'en', 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // Another language is another answer.
    expect((await call(needMatchesRoute, path, need.key, { 'Accept-Language': 'vi', 'If-None-Match': etag })).status).toBe(200)

    const second = buildOffer({ org: business, kind: 'placement', occupations: ['Hàn'], skills: ['hàn TIG'] })
    await write([first, second])
    const changed = await call(needMatchesRoute, path, need.key, { 'Accept-Language': 'en', 'If-None-Match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('ETag')).not.toBe(etag)
    expect(((await changed.json()) as { matches: { offer: string }[] }).matches.map((m) => m.offer)).toEqual(expect.arrayContaining([...before, second.key]))
  })

  it('answers 404 in JSON for an unknown or closed key', async () => {
    for (const key of ['no-such-need', closedNeed.key]) {
      const response = await call(needMatchesRoute, `/api/v1/needs/${key}/matches`, key, { 'Accept-Language': 'en' })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({ error: 'not_found', message: 'There is no open need with this key.' })
    }
    const hidden = await call(offerMatchesRoute, `/api/v1/offers/${offers.hidden.key}/matches`, offers.hidden.key)
    expect(hidden.status).toBe(404)
    await expect(matchesForOffer(offers.closed.key)).rejects.toBeInstanceOf(NotMatchable)
  })

  it('answers 400 for a limit outside 1–50', async () => {
    for (const limit of ['0', '51', 'ten']) {
      const response = await call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches?limit=${limit}`, plainNeed.key)
      expect(response.status, limit).toBe(400)
      expect(((await response.json()) as { error: string }).error).toBe('bad_limit')
    }
  })

  it('answers 429 with Retry-After beyond the per-address limit', async () => {
    const address = '203.0.113.9'
    await block({ name: 'api', points: getEnv().API_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 }, address, 60)
    // The client address is the edge's decision (request context), not a header.
    const as = (peer: string) => ({ address: peer, socketAddress: peer, forwarded: false })
    const response = await asPeer(as(address), () => call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches`, plainNeed.key))
    expect(response.status).toBe(429)
    expect(Number(response.headers.get('Retry-After'))).toBeGreaterThan(0)
    // Another address is not affected.
    const other = await asPeer(as('203.0.113.10'), () => call(needMatchesRoute, `/api/v1/needs/${plainNeed.key}/matches`, plainNeed.key))
    expect(other.status).toBe(200)
  })
})
