import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OrgKind } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { languageCookie } from '~/modules/i18n/i18n.server'
import type { ImportNeedInput, ImportOfferInput } from '~/modules/import/format'
import { importDocument } from '~/modules/import/import.server'
import { listPublicNeeds, listPublicOffers } from '~/modules/listings/browse.server'
import { forgetCachedSearches, type SearchPageData } from '~/modules/search/search.server'
import { PAGE_SIZE } from '~/modules/search/search-params'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import * as searchRoute from '~/routes/search'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { drainOutbox, loadSearchPage, startTestSearch, type TestSearch } from '../support/search'
import { cookieFor, makeUser } from '../factories/users'

// The search page against a real Meilisearch, through its loader: words in either language,
// with or without diacritics and with typos; facet filters and their counts; the three
// orders; pages; only public, open listings; the database listing when search is down.

let search: TestSearch

const WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }
const CAU_GIAY = { lat: 21.0362, lng: 105.7906 }
const DONG_ANH = { lat: 21.1367, lng: 105.8497 }
const LONG_BIEN = { lat: 21.0545, lng: 105.8889 }
const HOANG_MAI = { lat: 20.9748, lng: 105.8636 }

const collegeCauGiay = buildCollege({ district: 'Cầu Giấy', location: CAU_GIAY })
const collegeDongAnh = buildCollege({ district: 'Đông Anh', location: DONG_ANH })
const business = buildBusiness({ district: 'Long Biên', location: LONG_BIEN })
const unverifiedBusiness = buildBusiness({ district: 'Hoàng Mai', location: HOANG_MAI, verified: false })
const expert = buildExpert({ languages: ['en', 'de'] })

type Owner = { key: string }
const need = (overrides: Omit<Partial<ImportNeedInput>, 'org'> & { org: Owner }) => buildNeed({ ...WINDOW, ...overrides })
const offer = (overrides: Omit<Partial<ImportOfferInput>, 'org' | 'expert'> & { org?: Owner; expert?: Owner }) => buildOffer({ ...WINDOW, ...overrides })

const listings = {
  accountingNeed: need({
    org: collegeCauGiay, kind: 'internship', title: 'Thực tập kế toán doanh nghiệp mùa quyết toán thuế', occupations: ['Kế toán doanh nghiệp'],
    skills: ['MISA'], description: 'Sinh viên năm cuối cần thực tập kế toán thuế.', languages: ['vi'],
  }),
  weldingExpertNeed: need({
    org: collegeDongAnh, kind: 'expert', title: 'Chuyên gia đào tạo giáo viên hàn', occupations: ['Hàn'], skills: ['hàn TIG'],
    description: 'Bồi dưỡng giáo viên xưởng hàn.', languages: ['en'], budget: { amount: 500, currency: 'USD', per: 'day' },
  }),
  weldingEquipmentNeed: need({
    org: collegeDongAnh, kind: 'equipment', title: 'Máy hàn MIG cho xưởng thực hành', occupations: ['Hàn'], skills: ['hàn MIG'],
    description: 'Cần 4 máy hàn MIG.', languages: [], budget: { amount: 20_000_000, currency: 'VND', per: 'total' },
  }),
  accountingPlacement: offer({
    org: business, kind: 'placement', title: 'Vị trí thực tập kế toán tại doanh nghiệp', occupations: ['Kế toán doanh nghiệp'],
    skills: ['MISA'], description: 'Nhận 3 sinh viên kế toán.', languages: ['vi'], capacity: 3,
  }),
  weldingLoan: offer({
    org: business, kind: 'equipment', title: 'Cho trường mượn máy hàn', occupations: ['Welding'], skills: ['MIG welding'],
    description: 'Hai máy hàn cho mượn một học kỳ.', languages: ['vi'], capacity: 2, equipmentTerms: 'lend',
  }),
  weldingInternship: offer({
    org: unverifiedBusiness, kind: 'placement', title: 'Welding internship at our workshop', occupations: ['Welding'], skills: ['TIG welding'],
    description: 'Hands-on welding for four students.', languages: ['en', 'vi'], capacity: 4,
  }),
  mechatronicsTrainer: offer({
    expert, kind: 'expert_service', title: 'Mechatronics trainer for PLC workshops', occupations: ['Mechatronics'], skills: ['PLC'],
    description: 'Train-the-trainer in English or German.', languages: ['en', 'de'], price: { amount: 450, currency: 'USD', per: 'day' },
  }),
  accountingTrainer: offer({
    expert, kind: 'expert_service', title: 'Accounting software trainer', occupations: ['Business accounting'], skills: ['MISA'],
    description: 'Short courses for accounting teachers.', languages: ['en'], price: { amount: 60, currency: 'USD', per: 'hour' },
  }),
}
// Never searchable: closed, hidden by a moderator, waiting for review.
const unlisted = {
  closed: offer({ org: business, kind: 'placement', title: 'Thực tập kế toán đã đóng', occupations: ['Kế toán doanh nghiệp'], status: 'closed' }),
  hidden: offer({ org: business, kind: 'placement', title: 'Thực tập kế toán bị ẩn', occupations: ['Kế toán doanh nghiệp'] }),
  pending: offer({ org: business, kind: 'placement', title: 'Thực tập kế toán chờ duyệt', occupations: ['Kế toán doanh nghiệp'] }),
}
// Enough for two pages.
const mechatronicsPlacements = Array.from({ length: 25 }, (_, i) =>
  offer({
    org: i % 2 ? business : unverifiedBusiness, kind: 'placement', title: `Thực tập cơ điện tử đợt ${i + 1}`, occupations: ['Cơ điện tử'],
    skills: ['PLC'], description: 'Dây chuyền lắp ráp tự động.', languages: ['vi'], capacity: 2,
  }),
)
// The newest listing, whose words for "co dien tu" are only in its description: ranked
// last by relevance, first by date.
const newestLoan = offer({
  org: business, kind: 'equipment', title: 'Cho mượn dây chuyền lắp ráp', occupations: ['Bảo trì thiết bị công nghiệp'], skills: ['bảo trì'],
  description: 'Dây chuyền cơ điện tử cho xưởng thực hành.', languages: ['vi'], capacity: 1, equipmentTerms: 'lend',
})
const everyListed = [...Object.values(listings), ...mechatronicsPlacements, newestLoan]

async function setState(type: 'need' | 'offer', key: string, data: { hiddenAt?: Date; pendingReview?: boolean; createdAt?: Date }) {
  await prisma.$transaction(async (tx) => {
    const row = type === 'need' ? await tx.need.update({ where: { key }, data }) : await tx.offer.update({ where: { key }, data })
    await recordListingIndexChange(tx, type, row.id)
  })
}

/** The factories' keys say the type: "need-…" and "offer-…". */
const typeOf = (key: string) => (key.startsWith('need-') ? 'need' : 'offer')

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(
    buildDocument({
      organizations: [collegeCauGiay, collegeDongAnh, business, unverifiedBusiness],
      experts: [expert],
      needs: everyListed.filter((l) => typeOf(l.key) === 'need') as ImportNeedInput[],
      offers: [...everyListed.filter((l) => typeOf(l.key) === 'offer'), ...Object.values(unlisted)] as ImportOfferInput[],
    }),
  )
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  // Distinct creation times, one day apart, in the order of `everyListed`.
  const start = Date.UTC(2026, 0, 1)
  for (const [i, listing] of everyListed.entries()) await setState(typeOf(listing.key), listing.key, { createdAt: new Date(start + i * 86_400_000) })
  await setState('offer', unlisted.hidden.key, { hiddenAt: new Date() })
  await setState('offer', unlisted.pending.key, { pendingReview: true })
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

// ── helpers ──

/** The loader's data for /search?… */
const load = loadSearchPage

const keys = (data: SearchPageData) => data.results.items.map((hit) => hit.listing.key)

/** Every key over every page of a search. */
async function allKeys(query: string): Promise<string[]> {
  const first = await load(query)
  const out = keys(first)
  for (let page = 2; page <= first.results.pages; page++) out.push(...keys(await load(`${query}${query.includes('?') ? '&' : '?'}page=${page}`)))
  return out
}

async function createdAt(key: string): Promise<number> {
  const row = typeOf(key) === 'need' ? await prisma.need.findUniqueOrThrow({ where: { key } }) : await prisma.offer.findUniqueOrThrow({ where: { key } })
  return row.createdAt.getTime()
}

async function memberCookie(orgKey: string, kind: OrgKind): Promise<string> {
  const org = await prisma.organization.findUniqueOrThrow({ where: { key: orgKey } })
  expect(org.kind).toBe(kind)
  const user = await makeUser({ email: `member-${orgKey}@example.vn`, name: 'Cán bộ đào tạo' })
  await prisma.membership.create({ data: { userId: user.id, orgId: org.id, role: 'owner' } })
  return cookieFor(user.id)
}

// ── words ──

describe('words', () => {
  it('finds accented Vietnamese listings from a query without diacritics, needs and offers alike', async () => {
    const found = keys(await load('?q=ke+toan'))
    expect(found).toEqual(expect.arrayContaining([listings.accountingNeed.key, listings.accountingPlacement.key]))
    expect(found).not.toContain(listings.weldingLoan.key)
  })

  it('finds a Vietnamese listing from its occupation in English (taxonomy names and synonyms)', async () => {
    const found = keys(await load('?q=accounting'))
    expect(found).toContain(listings.accountingNeed.key)
    expect(found).toContain(listings.accountingPlacement.key)
    expect(found).not.toContain(listings.weldingLoan.key)
    // And the other way round: Vietnamese words find the English listing.
    expect(keys(await load('?q=h%C3%A0n'))).toContain(listings.weldingInternship.key)
  })

  it('tolerates a typo in a long word', async () => {
    const found = await allKeys('?q=mechatronis')
    expect(found).toContain(listings.mechatronicsTrainer.key)
    expect(found).toEqual(expect.arrayContaining(mechatronicsPlacements.map((l) => l.key)))
    expect(found).not.toContain(listings.weldingLoan.key)
  })

  it('needs every word, and says so when it shows listings with only some of them', async () => {
    const every = await load('?q=ke+toan+MISA')
    expect(every.partialMatch).toBe(false)
    expect(keys(every).sort()).toEqual([listings.accountingNeed.key, listings.accountingPlacement.key, listings.accountingTrainer.key].sort())

    const some = await load('?q=accounting+zeppelin')
    expect(some.partialMatch).toBe(true)
    expect(keys(some)).toContain(listings.accountingNeed.key)
  })

  it('never shows closed, hidden or unreviewed listings, nor one hidden a moment ago', async () => {
    const everything = [...(await allKeys('')), ...(await allKeys('?q=ke+toan'))]
    for (const key of Object.values(unlisted).map((l) => l.key)) expect(everything).not.toContain(key)
    expect(new Set(await allKeys(''))).toEqual(new Set(everyListed.map((l) => l.key)))

    // Hidden in the database, its index update still queued (as the app writes it: the row and
    // its outbox entry in one transaction): the page checks the database, cached or not.
    expect(keys(await load('?q=ke+toan'))).toContain(listings.accountingPlacement.key)
    const hide = (hiddenAt: Date | null) =>
      prisma.$transaction(async (tx) => {
        const offer = await tx.offer.update({ where: { key: listings.accountingPlacement.key }, data: { hiddenAt } })
        await recordListingIndexChange(tx, 'offer', offer.id)
      })
    await hide(new Date())
    try {
      expect(keys(await load('?q=ke+toan'))).not.toContain(listings.accountingPlacement.key)
    } finally {
      await hide(null)
      await drainOutbox()
    }
  })
})

// ── facets ──

describe('facets', () => {
  const facetCount = (options: { value: string; count: number }[], value: string) => options.find((o) => o.value === value)?.count

  it('counts kinds for needs and offers and narrows to the chosen ones, counting the other kinds as alternatives', async () => {
    const all = await load('')
    expect(all.results.total).toBe(everyListed.length)
    const placements = await prisma.offer.count({ where: { kind: 'placement', status: 'open', hiddenAt: null, pendingReview: false } })
    expect(facetCount(all.facets!.offer, 'placement')).toBe(placements)
    expect(facetCount(all.facets!.need, 'internship')).toBe(1)
    expect(facetCount(all.facets!.need, 'expert')).toBe(1)
    expect(facetCount(all.facets!.offer, 'equipment')).toBe(2)

    const chosen = await load('?offer=placement')
    expect(chosen.results.total).toBe(placements)
    expect(chosen.results.items.every((hit) => hit.listing.type === 'offer' && hit.listing.kind === 'placement')).toBe(true)
    // The other kinds keep their counts: choosing one of them adds that many.
    expect(facetCount(chosen.facets!.offer, 'equipment')).toBe(2)
    expect(facetCount(chosen.facets!.need, 'internship')).toBe(1)
    const both = await load('?offer=placement&need=internship')
    expect(both.results.total).toBe(placements + 1)
  })

  it('filters by occupation, shown by its canonical name in the viewer’s language', async () => {
    const vi = await load('')
    const accounting = vi.facets!.occupation.find((o) => o.value === 'ke-toan-doanh-nghiep')
    expect(accounting).toMatchObject({ label: 'Kế toán doanh nghiệp', count: 3 })
    const en = await load('', { cookie: await languageCookie.serialize('en') })
    expect(en.facets!.occupation.find((o) => o.value === 'ke-toan-doanh-nghiep')?.label).toBe('Business accounting')
    expect(en.facets!.occupation.find((o) => o.value === 'han')?.label).toBe('Welding')

    const chosen = await load('?occupation=ke-toan-doanh-nghiep')
    expect(chosen.results.total).toBe(3)
    expect(keys(chosen).sort()).toEqual([listings.accountingNeed.key, listings.accountingPlacement.key, listings.accountingTrainer.key].sort())
    expect(facetCount(chosen.facets!.occupation, 'han')).toBe(4)
  })

  it('filters by district, language and verified owner with counts that match the results', async () => {
    const all = await load('')
    const dongAnh = facetCount(all.facets!.district, 'Đông Anh')
    expect(dongAnh).toBe(2)
    const inDongAnh = await load(`?district=${encodeURIComponent('Đông Anh')}`)
    expect(inDongAnh.results.total).toBe(dongAnh)
    expect(inDongAnh.results.items.every((hit) => hit.listing.owner.district === 'Đông Anh')).toBe(true)

    const german = facetCount(all.facets!.language, 'de')
    expect(german).toBe(1)
    const inGerman = await load('?language=de')
    expect(keys(inGerman)).toEqual([listings.mechatronicsTrainer.key])

    const verifiedCount = everyListed.filter((l) => (l as { org?: string }).org !== unverifiedBusiness.key).length
    expect(all.facets!.verified.count).toBe(verifiedCount)
    const verified = await allKeys('?verified=1')
    expect(verified).toHaveLength(verifiedCount)
    expect(verified).not.toContain(listings.weldingInternship.key)
  })

  it('combines facets: each narrows the other', async () => {
    const data = await load(`?occupation=han&district=${encodeURIComponent('Đông Anh')}`)
    expect(keys(data).sort()).toEqual([listings.weldingExpertNeed.key, listings.weldingEquipmentNeed.key].sort())
    // Counts of a facet in use ignore its own choice, not the others'.
    expect(facetCount(data.facets!.district, 'Long Biên')).toBe(1)
    expect(facetCount(data.facets!.occupation, 'ke-toan-doanh-nghiep')).toBeUndefined()
  })

  it('filters prices and budgets per day across currencies and units, with band counts', async () => {
    // 450 USD a day and 60 USD an hour (480 a day) in offers; a 500 USD a day budget.
    const perHour = await load('?min=56&max=59&currency=USD&per=hour')
    expect(keys(perHour)).toEqual([listings.mechatronicsTrainer.key])
    const perDay = await load('?min=450&max=500&currency=USD')
    expect(keys(perDay).sort()).toEqual([listings.mechatronicsTrainer.key, listings.accountingTrainer.key, listings.weldingExpertNeed.key].sort())
    // 20,000,000 VND for the whole window is a little over 200,000 VND a working day.
    const vnd = await load('?max=1.000.000')
    expect(keys(vnd)).toEqual([listings.weldingEquipmentNeed.key])

    const all = await load('')
    const band = (min: number | null) => all.facets!.price.find((b) => b.min === min)!
    // 450 and 480 USD a day and the 500 USD budget are 11.8 to 13.2 million VND a day.
    expect(band(null).count).toBe(1)
    expect(band(1_000_000).count).toBe(0)
    expect(band(5_000_000).count).toBe(3)
    expect(band(15_000_000).count).toBe(0)
    const chosen = await load('?min=5000000&max=15000000')
    expect(chosen.results.total).toBe(3)
    expect(chosen.facets!.price.find((b) => b.min === 5_000_000)?.selected).toBe(true)
  })

  it('sends a URL in another form to its canonical one, bad values kept for their messages', async () => {
    const request = new Request('http://localhost/search?sort=relevance&page=1&offer=spaceship&q=+ke+toan+&min=&utm_source=mail&need=expert')
    const thrown = await searchRoute.loader({ request, params: {}, context: {} }).catch((error: unknown) => error)
    expect(thrown).toBeInstanceOf(Response)
    expect((thrown as Response).status).toBe(302)
    expect((thrown as Response).headers.get('Location')).toBe('/search?q=ke+toan&need=expert&offer=spaceship')
  })

  it('drops bad filter values with a message next to their field instead of failing', async () => {
    const data = await load('?offer=spaceship&language=english&min=abc&occupation=not-an-occupation&page=0&sort=cheapest')
    expect(data.errors).toMatchObject({
      offer: 'search.errors.kind',
      language: 'search.errors.language',
      min: 'search.errors.amount',
      occupation: 'search.errors.occupation',
      page: 'search.errors.page',
      sort: 'search.errors.sort',
    })
    expect(data.results.total).toBe(everyListed.length)
    const reversed = await load('?min=500&max=100')
    expect(reversed.errors.max).toBe('search.errors.maxBelowMin')
  })
})

// ── orders and pages ──

describe('orders and pages', () => {
  it('sorts newest first across needs and offers, with and without words', async () => {
    for (const query of ['?sort=newest', '?sort=newest&q=ke+toan', '?sort=newest&q=co+dien+tu']) {
      const found = await allKeys(query)
      expect(found.length).toBeGreaterThan(1)
      const times = await Promise.all(found.map(createdAt))
      expect(times, query).toEqual([...times].sort((a, b) => b - a))
    }
    expect(keys(await load('?sort=newest'))[0]).toBe(newestLoan.key)
    expect(keys(await load('?sort=newest&q=co+dien+tu'))[0]).toBe(newestLoan.key)
    expect(keys(await load('?q=co+dien+tu'))).not.toContain(newestLoan.key)
  })

  it('sorts nearest from a chosen district, or from the member’s own organisation', async () => {
    const fromDongAnh = await load(`?sort=nearest&near=${encodeURIComponent('Đông Anh')}`)
    expect(fromDongAnh.nearest.districts).toEqual(expect.arrayContaining(['Cầu Giấy', 'Đông Anh', 'Hoàng Mai', 'Long Biên']))
    const distances = fromDongAnh.results.items.map((hit) => hit.distanceKm)
    expect(distances[0]).toBeCloseTo(0, 1)
    expect(fromDongAnh.results.items[0]!.listing.owner.district).toBe('Đông Anh')
    const known = distances.filter((d): d is number => d !== null)
    expect(known).toEqual([...known].sort((a, b) => a - b))
    // The expert has no place: listings without one come last.
    const all = await allKeys(`?sort=nearest&near=${encodeURIComponent('Đông Anh')}`)
    expect(all.slice(-2).sort()).toEqual([listings.mechatronicsTrainer.key, listings.accountingTrainer.key].sort())

    const cookie = await memberCookie(collegeCauGiay.key, 'college')
    const fromOwnCollege = await load('?sort=nearest&q=ke+toan', { cookie })
    expect(fromOwnCollege.nearest.ownPlace).toBe(true)
    expect(keys(fromOwnCollege)[0]).toBe(listings.accountingNeed.key)

    // A visitor without a district: best match, and a note saying why.
    const visitor = await load('?sort=nearest')
    expect(visitor.nearest.missingPlace).toBe(true)
    expect(visitor.results.items.every((hit) => hit.distanceKm === null)).toBe(true)
    expect((await load('?sort=nearest&near=Atlantis')).errors.near).toBe('search.errors.near')
  })

  it('pages through results without repeating or losing any, in every order', async () => {
    for (const sort of ['relevance', 'newest']) {
      const query = `?q=co+dien+tu&offer=placement&sort=${sort}`
      const first = await load(query)
      expect(first.results).toMatchObject({ total: 25, page: 1, pages: 2 })
      expect(first.results.items).toHaveLength(PAGE_SIZE)
      const second = await load(`${query}&page=2`)
      expect(second.results.page).toBe(2)
      expect(second.results.items).toHaveLength(5)
      expect(new Set([...keys(first), ...keys(second)])).toEqual(new Set(mechatronicsPlacements.map((l) => l.key)))
    }
    // A page past the end (an old link) shows the last one.
    const past = await load('?q=co+dien+tu&offer=placement&page=7')
    expect(past.results.page).toBe(2)
    expect(past.results.items).toHaveLength(5)
  })
})

// ── degraded mode ──

describe('without Meilisearch', () => {
  it('shows the database listing with a notice when search is not connected', async () => {
    const state = globalThis as unknown as { __search?: unknown }
    const connection = state.__search
    state.__search = undefined
    try {
      const data = await load(`?q=ke+toan&offer=placement&district=${encodeURIComponent('Long Biên')}`)
      expect(data.degraded).toBe('notConfigured')
      expect(data.facets).toBeNull()
      const expected = await listPublicOffers({ kind: 'placement', district: 'Long Biên', page: 1 })
      expect(keys(data)).toEqual(expected.items.map((item) => item.key))
      expect(data.results.total).toBe(expected.total)
    } finally {
      state.__search = connection
    }
  })

  it('shows the database listing with a notice while Meilisearch is down, and search again once it is back', async () => {
    // Searches already answered stay valid while nothing changes (stamped-cache.server.ts);
    // this is about searches that must ask Meilisearch now.
    forgetCachedSearches()
    process.kill(search.handle.pid, 'SIGKILL')
    await new Promise((resolve) => setTimeout(resolve, 200))
    const data = await load('?q=ke+toan&need=internship')
    expect(data.degraded).toBe('unavailable')
    const expected = await listPublicNeeds({ kind: 'internship', page: 1 })
    expect(keys(data)).toEqual(expected.items.map((item) => item.key))
    // Both types when the kinds do not choose one; page 2 holds only the longer list.
    const mixed = await load('?page=2')
    expect(mixed.degraded).toBe('unavailable')
    expect(mixed.results.items.every((hit) => hit.listing.type === 'offer')).toBe(true)

    await search.restart()
    const back = await load('?q=ke+toan&need=internship')
    expect(back.degraded).toBeNull()
    expect(keys(back)).toEqual([listings.accountingNeed.key])
  })
})
