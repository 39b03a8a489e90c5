import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { languageCookie } from '~/modules/i18n/i18n.server'
import type { ImportOfferInput } from '~/modules/import/format'
import { violatedRules } from '~/modules/matching/constraints'
import { loadRates } from '~/modules/money/exchange-rates.server'
import { DASHBOARD_LISTINGS, DASHBOARD_MATCHES, PAGE_MATCHES, previousDashboardVisit, recordDashboardVisit, VISIT_SITTING_MS } from '~/modules/matching/listing-matches.server'
import { forgetCachedMatches } from '~/modules/matching/match-cache.server'
import type { DashboardMatches, ListingMatches } from '~/modules/matching/match-view'
import { loadTaxonomy } from '~/modules/taxonomy/load.server'
import { needDocument, needRowInclude, offerDocument, offerRowInclude } from '~/modules/search/documents.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import * as listingPage from '~/routes/$listings.$key._index'
import * as dashboard from '~/routes/dashboard'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'
import { load, makeUser, memberOf } from '../support/listing-fixtures'
import { args, BASE, run } from '../support/routes'

// Matches in the product: on a need's and an offer's page (ranked, with reasons in the
// viewer's language), on dashboards (bounded, new ones marked), and in degraded mode (search
// hung or down: 200 with a flag and database candidates that keep every hard rule).

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const DAY_MS = 86_400_000

const college = buildCollege({ location: { lat: 21.0285, lng: 105.8542 } })
const otherCollege = buildCollege()
const business = buildBusiness({ location: { lat: 21.035, lng: 105.85 } })
const expert = buildExpert({ languages: ['de', 'en'] })

const weldingNeed = buildNeed({
  org: college, kind: 'internship', title: 'Thực tập hàn cho 5 sinh viên', occupations: ['Hàn'], skills: ['hàn TIG'], quantity: 5, ...WINDOW,
})
const expertNeed = buildNeed({
  org: college, kind: 'expert', title: 'Chuyên gia hàn nói tiếng Đức', occupations: ['Hàn'], skills: ['hàn TIG'], languages: ['de'],
  onSite: true, budget: { amount: 500, currency: 'USD', per: 'day' }, ...WINDOW,
})
/** More open needs than a dashboard shows, older than the two above. */
const olderNeeds = Array.from({ length: DASHBOARD_LISTINGS }, (_, i) =>
  buildNeed({ org: college, kind: 'internship', title: `Nhu cầu cũ ${i}`, occupations: ['Hàn'], skills: ['hàn MIG'], ...WINDOW }),
)
const closedNeed = buildNeed({ org: college, kind: 'internship', occupations: ['Hàn'], status: 'closed', ...WINDOW })

const placement = (overrides: Partial<ImportOfferInput>) =>
  buildOffer({ org: business, kind: 'placement', occupations: ['Welding'], skills: ['TIG welding'], capacity: 5, ...WINDOW, ...overrides })
const service = (overrides: Partial<ImportOfferInput>) =>
  buildOffer({
    expert, kind: 'expert_service', title: 'Welding trainer', occupations: ['Welding'], skills: ['TIG welding'], languages: ['de', 'en'],
    remote: false, price: { amount: 450, currency: 'USD', per: 'day' }, ...WINDOW, ...overrides,
  })

const placements = {
  recent: placement({ title: 'TIG welding internships' }),
  /** created 30 days ago (beforeAll) */
  old: placement({ title: 'Welding internships since last month' }),
  closed: placement({ status: 'closed' }),
  late: placement({ startDate: '2027-08-01', endDate: '2027-12-31' }),
  unrelated: placement({ title: 'Accounting internships', occupations: ['Kế toán doanh nghiệp'], skills: ['MISA'] }),
}
/** Enough further matches (the same field, no shared skill: ranked lower) to fill an owner's page. */
const morePlacements = Array.from({ length: PAGE_MATCHES.owner }, (_, i) => placement({ title: `MIG welding placement ${i}`, skills: ['MIG welding'] }))
const services = {
  fits: service({}),
  englishOnly: service({ languages: ['en'] }),
  overBudget: service({ price: { amount: 600, currency: 'USD', per: 'day' } }),
  remote: service({ remote: true }),
}
const FORBIDDEN_FOR_EXPERT_NEED = [services.englishOnly.key, services.overBudget.key, services.remote.key]
const FORBIDDEN_FOR_WELDING_NEED = [placements.closed.key, placements.late.key, placements.unrelated.key]

async function lngCookie(lng: 'vi' | 'en') {
  return (await languageCookie.serialize(lng)).split(';')[0]!
}

function request(path: string, cookies: string[]) {
  return new Request(`${BASE}${path}`, { headers: { cookie: cookies.join('; ') } })
}

type PageData = { matches: ListingMatches | null; access: { canManage: boolean } }

async function needPageData(key: string, cookies: string[] = []): Promise<PageData> {
  const outcome = await run(() => listingPage.loader(args(request(`/needs/${key}`, cookies), { listings: 'needs', key })))
  expect(outcome.status).toBe(200)
  return outcome.data as PageData
}

async function offerPageData(key: string, cookies: string[] = []): Promise<PageData> {
  const outcome = await run(() => listingPage.loader(args(request(`/offers/${key}`, cookies), { listings: 'offers', key })))
  expect(outcome.status).toBe(200)
  return outcome.data as PageData
}

type DashboardData = { orgs: { key: string; matches: DashboardMatches }[] }

async function dashboardOf(cookies: string[]) {
  const outcome = await run(() => dashboard.loader(args(request('/dashboard', cookies))))
  expect(outcome.status).toBe(200)
  const org = (outcome.data as DashboardData).orgs.find((o) => o.key === college.key)!
  return { matches: org.matches, setCookie: outcome.headers.get('set-cookie') }
}

/** Every pair shown keeps every hard rule, judged from the database rows. */
async function expectNoViolations(needKey: string, offerKeys: string[]) {
  const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
  const need = needDocument(await prisma.need.findUniqueOrThrow({ where: { key: needKey }, include: needRowInclude }), taxonomy, rates)
  const offers = await prisma.offer.findMany({ where: { key: { in: offerKeys } }, include: offerRowInclude })
  expect(offers).toHaveLength(offerKeys.length)
  for (const row of offers) expect(violatedRules(need, offerDocument(row, taxonomy, rates), rates), row.key).toEqual([])
}

let owner: { cookie: string; user: { id: string } }

beforeAll(async () => {
  search = await startTestSearch()
  await load(
    buildDocument({
      organizations: [college, otherCollege, business],
      experts: [expert],
      needs: [weldingNeed, expertNeed, ...olderNeeds, closedNeed],
      offers: [...Object.values(placements), ...Object.values(services), ...morePlacements],
    }),
  )
  const monthAgo = new Date(Date.now() - 30 * DAY_MS)
  await prisma.$transaction(async (tx) => {
    const old = await tx.offer.update({ where: { key: placements.old.key }, data: { createdAt: monthAgo } })
    await recordListingIndexChange(tx, 'offer', old.id)
    for (const need of olderNeeds) {
      const row = await tx.need.update({ where: { key: need.key }, data: { createdAt: new Date(Date.now() - 10 * DAY_MS) } })
      await recordListingIndexChange(tx, 'need', row.id)
    }
  })
  await drainOutbox()
  owner = await memberOf(college.key, 'owner')
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

describe('a need’s page', () => {
  it('shows ranked matching offers with reasons in the viewer’s language', async () => {
    const vi = (await needPageData(weldingNeed.key, [await lngCookie('vi')])).matches!
    expect(vi.degraded).toBe(false)
    const keys = vi.matches.map((m) => m.listing.key)
    expect(keys).toEqual(expect.arrayContaining([placements.recent.key, placements.old.key]))
    for (const forbidden of FORBIDDEN_FOR_WELDING_NEED) expect(keys).not.toContain(forbidden)
    const scores = vi.matches.map((m) => m.fit!.score)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
    const best = vi.matches[0]!
    expect(best.fit!.level).toBe('strong')
    expect(best.reasons).toContain('Cùng ngành Hàn')
    expect(best.reasons).toContain('Kỹ năng chung: hàn TIG')
    // The card: the offer's own page, its owner with the verified badge, dates, places.
    expect(best.listing).toMatchObject({ type: 'offer', kind: 'placement', quantity: 5, startDate: WINDOW.startDate, endDate: WINDOW.endDate })
    expect(best.listing.owner).toMatchObject({ type: 'org', key: business.key, verified: true })

    const en = (await needPageData(weldingNeed.key, [await lngCookie('en')])).matches!
    expect(en.matches.map((m) => m.listing.key)).toEqual(keys)
    expect(en.matches[0]!.reasons).toContain('Same occupation: Welding')
    expect(en.matches[0]!.reasons).toContain('Shared skills: hàn TIG')
  })

  it('shows an expert need’s offers with prices in minor units and only those that keep the hard rules', async () => {
    const { matches } = await needPageData(expertNeed.key, [await lngCookie('en')])
    const keys = matches!.matches.map((m) => m.listing.key)
    expect(keys).toContain(services.fits.key)
    for (const forbidden of FORBIDDEN_FOR_EXPERT_NEED) expect(keys).not.toContain(forbidden)
    const fits = matches!.matches.find((m) => m.listing.key === services.fits.key)!
    expect(fits.listing.money).toEqual({ amount: 45_000, currency: 'USD', per: 'day' })
    expect(fits.listing.owner).toMatchObject({ type: 'expert', key: expert.key, verified: true })
    expect(fits.reasons).toContain('Price US$450.00/day is within the budget of US$500.00/day')
  })

  it('gives the owner more matches than a visitor, and none for a closed listing', async () => {
    const visitor = await needPageData(weldingNeed.key)
    const own = await needPageData(weldingNeed.key, [owner.cookie])
    expect(visitor.access.canManage).toBe(false)
    expect(own.access.canManage).toBe(true)
    expect(own.matches!.matches[0]!.listing.key).toBe(visitor.matches!.matches[0]!.listing.key)
    expect(visitor.matches!.matches).toHaveLength(PAGE_MATCHES.visitor)
    expect(own.matches!.matches).toHaveLength(PAGE_MATCHES.owner)

    const closed = await needPageData(closedNeed.key, [owner.cookie])
    expect(closed.matches).toBeNull()
  })
})

describe('an offer’s page', () => {
  it('shows the needs it could serve, with reasons in the viewer’s language', async () => {
    const en = (await offerPageData(placements.recent.key, [await lngCookie('en')])).matches!
    const keys = en.matches.map((m) => m.listing.key)
    expect(keys).toContain(weldingNeed.key)
    expect(keys).not.toContain(closedNeed.key)
    expect(keys).not.toContain(expertNeed.key) // an expert need is not served by a placement
    const need = en.matches.find((m) => m.listing.key === weldingNeed.key)!
    expect(need.listing).toMatchObject({ type: 'need', kind: 'internship', quantity: 5 })
    expect(need.listing.owner).toMatchObject({ key: college.key, verified: true })
    expect(need.reasons).toContain('Same occupation: Welding')
    expect(need.reasons).toContain('Shared skills: TIG welding')

    const vi = (await offerPageData(placements.recent.key, [await lngCookie('vi')])).matches!
    expect(vi.matches.find((m) => m.listing.key === weldingNeed.key)!.reasons).toContain('Cùng ngành Hàn')
  })
})

describe('the dashboard', () => {
  it('shows a college the best matches of its newest open needs, bounded, with new ones marked', async () => {
    const { matches, setCookie } = await dashboardOf([owner.cookie, await lngCookie('en')])
    expect(matches.type).toBe('need')
    expect(matches.degraded).toBe(false)
    expect(matches.listings).toHaveLength(DASHBOARD_LISTINGS)
    const shown = matches.listings.map((l) => l.listing.key)
    expect(shown).toEqual(expect.arrayContaining([weldingNeed.key, expertNeed.key]))
    expect(shown).not.toContain(closedNeed.key)
    for (const { matches: found } of matches.listings) expect(found.length).toBeLessThanOrEqual(DASHBOARD_MATCHES)

    const welding = matches.listings.find((l) => l.listing.key === weldingNeed.key)!.matches
    expect(welding[0]!.reasons.some((r) => r.startsWith('Same occupation'))).toBe(true)
    // A first visit (none recorded): nothing is new, not even this week's offers.
    expect(welding.map((m) => m.isNew)).toEqual(welding.map(() => false))
    expect(welding.map((m) => m.listing.key)).toContain(placements.recent.key)
    // The visit is recorded for next time.
    expect(setCookie).toMatch(/^cn_dashboard_visit=/)
  })

  it('marks what appeared since the previous visit, and keeps the marks through one sitting', async () => {
    const isNew = (found: DashboardMatches, key: string) =>
      found.listings.find((l) => l.listing.key === weldingNeed.key)!.matches.find((m) => m.listing.key === key)?.isNew
    // The previous visit two weeks ago: this week's offer is new, last month's is not.
    const twoWeeksAgo = new Date(Date.now() - 14 * DAY_MS)
    const visit = (await recordDashboardVisit(owner.user.id, twoWeeksAgo)).split(';')[0]!
    const first = await dashboardOf([owner.cookie, visit])
    expect(isNew(first.matches, placements.recent.key)).toBe(true)
    expect(isNew(first.matches, placements.old.key)).toBe(false)
    // Back on the dashboard minutes later (the cookie this visit set): still counted from two weeks ago.
    const sitting = first.setCookie!.split(';')[0]!
    const again = await dashboardOf([owner.cookie, sitting])
    expect(isNew(again.matches, placements.recent.key)).toBe(true)
    // A sitting counts from the visit before it; once over, from its own last visit.
    const lastVisit = new Date(Date.now() - VISIT_SITTING_MS - 60_000)
    const cookie = (await recordDashboardVisit(owner.user.id, lastVisit, twoWeeksAgo)).split(';')[0]!
    const at = (now: Date) => previousDashboardVisit(new Request('http://localhost/dashboard', { headers: { cookie } }), owner.user.id, now)
    expect(await at(new Date(lastVisit.getTime() + 60_000))).toEqual(twoWeeksAgo)
    expect(await at(new Date())).toEqual(lastVisit)
  })

  it('marks what appeared since a previous visit longer ago than a week', async () => {
    const twoMonthsAgo = new Date(Date.now() - 60 * DAY_MS)
    const visit = (await recordDashboardVisit(owner.user.id, twoMonthsAgo)).split(';')[0]!
    const { matches } = await dashboardOf([owner.cookie, visit])
    const welding = matches.listings.find((l) => l.listing.key === weldingNeed.key)!.matches
    expect(welding.find((m) => m.listing.key === placements.old.key)?.isNew).toBe(true)

    // Another account's visit recorded in this browser does not count for this member.
    const stranger = await makeUser()
    const theirs = (await recordDashboardVisit(stranger.id, twoMonthsAgo)).split(';')[0]!
    const again = (await dashboardOf([owner.cookie, theirs])).matches.listings.find((l) => l.listing.key === weldingNeed.key)!.matches
    expect(again.find((m) => m.listing.key === placements.old.key)?.isNew).toBe(false)
  })

  it('shows a member only their own organisation’s listings', async () => {
    const other = await memberOf(otherCollege.key, 'owner')
    const outcome = await run(() => dashboard.loader(args(request('/dashboard', [other.cookie]))))
    const orgs = (outcome.data as DashboardData).orgs
    expect(orgs.map((o) => o.key)).toEqual([otherCollege.key])
    expect(orgs[0]!.matches.listings).toEqual([])
  })
})

describe('when search is unavailable', () => {
  // Matches already computed stay valid while nothing changes (match-cache.server.ts): these
  // tests are about listings that must be computed now, so the cache starts empty.
  beforeEach(() => forgetCachedMatches())

  it('answers within the deadline when Meilisearch hangs, from the database', async () => {
    process.kill(search.handle.pid, 'SIGSTOP')
    try {
      const started = Date.now()
      const { matches } = await needPageData(expertNeed.key, [await lngCookie('en')])
      expect(Date.now() - started).toBeLessThan(6_000)
      expect(matches!.degraded).toBe(true)
      expect(matches!.matches.map((m) => m.listing.key)).toContain(services.fits.key)
    } finally {
      process.kill(search.handle.pid, 'SIGCONT')
    }
  })

  it('still renders pages and dashboards when Meilisearch is down, with candidates that keep every hard rule', async () => {
    process.kill(search.handle.pid, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
    try {
      await expectDegradedPages()
    } finally {
      await search.restart()
    }
    // Back up: ranked matches again.
    expect((await needPageData(weldingNeed.key)).matches!.degraded).toBe(false)
  })
})

/** What pages and dashboards show while Meilisearch is down. */
async function expectDegradedPages() {
  const expertPage = (await needPageData(expertNeed.key, [await lngCookie('vi')])).matches!
  expect(expertPage.degraded).toBe(true)
  const expertKeys = expertPage.matches.map((m) => m.listing.key)
  expect(expertKeys).toContain(services.fits.key)
  for (const forbidden of FORBIDDEN_FOR_EXPERT_NEED) expect(expertKeys).not.toContain(forbidden)
  await expectNoViolations(expertNeed.key, expertKeys)
  for (const match of expertPage.matches) expect(match).toMatchObject({ fit: null, reasons: [] })

  const weldingPage = (await needPageData(weldingNeed.key, [owner.cookie])).matches!
  expect(weldingPage.degraded).toBe(true)
  const weldingKeys = weldingPage.matches.map((m) => m.listing.key)
  // Offers written "Welding" for a need written "Hàn": the taxonomy, not the spelling, decides.
  expect(weldingKeys).toHaveLength(PAGE_MATCHES.owner)
  for (const match of weldingPage.matches) expect(match.listing.occupations).toEqual(['Welding'])
  for (const forbidden of FORBIDDEN_FOR_WELDING_NEED) expect(weldingKeys).not.toContain(forbidden)
  await expectNoViolations(weldingNeed.key, weldingKeys)

  const offerSide = (await offerPageData(services.fits.key)).matches!
  expect(offerSide.degraded).toBe(true)
  expect(offerSide.matches.map((m) => m.listing.key)).toEqual([expertNeed.key])
  // The remote service cannot serve the on-site need, in degraded mode too.
  expect((await offerPageData(services.remote.key)).matches!.matches).toEqual([])

  const { matches } = await dashboardOf([owner.cookie])
  expect(matches.degraded).toBe(true)
  expect(matches.listings).toHaveLength(DASHBOARD_LISTINGS)
  const welding = matches.listings.find((l) => l.listing.key === weldingNeed.key)!.matches
  expect(welding.length).toBeGreaterThan(0)
  expect(welding.length).toBeLessThanOrEqual(DASHBOARD_MATCHES)
  // No visit recorded: none is new.
  for (const match of welding) expect(match.isNew, match.listing.key).toBe(false)
}

