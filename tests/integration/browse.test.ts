import { beforeAll, describe, expect, it } from 'vitest'
import type { VerificationStatus } from '~/generated/prisma/client'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { PAGE_SIZE } from '~/modules/listings/browse-filters'
import type { DetailEntry, ListingSummary } from '~/modules/listings/view'
import * as experts from '~/routes/experts.$key'
import * as home from '~/routes/_index'
import * as listingPage from '~/routes/$listings.$key._index'
import * as browseListings from '~/routes/$listings._index'
import * as orgs from '~/routes/orgs.$key'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { cookieFor, makeUser } from '../factories/users'
import { args, get } from '../support/routes'

// Public browsing through the route loaders, with real Requests and session cookies:
// filters, pagination, what is public, the 404s, contact details and profiles.


async function importOk(parts: Parameters<typeof buildDocument>[0]) {
  const result = await importDocument(buildDocument(parts))
  if (!result.ok) throw new Error(`import failed: ${JSON.stringify(result)}`)
}

/** Runs a loader; a thrown Response comes back as { status }, anything else thrown fails the test. */
async function load<T>(fn: () => Promise<T>): Promise<{ status: number; data: T | null }> {
  try {
    return { status: 200, data: await fn() }
  } catch (error) {
    if (error instanceof Response) return { status: error.status, data: null }
    throw error
  }
}

/** /needs or /offers, with a query. */
async function browse(path: string) {
  const listings = new URL(path, 'http://localhost').pathname.slice(1)
  const outcome = await load(() => browseListings.loader(args(get(path), { listings })))
  expect(outcome.status).toBe(200)
  return outcome.data!
}

const keysOf = (items: ListingSummary[], prefix: string) =>
  items
    .map((item) => item.key)
    .filter((key) => key.startsWith(prefix))
    .sort()

const sortedEntries = (entries: DetailEntry[]) => [...entries].sort((a, b) => a.path.join('.').localeCompare(b.path.join('.')))

/** A signed-in user's Cookie header, optionally a member of an organisation or an expert. */
async function signedIn(options: { orgKey?: string; expertKey?: string; admin?: boolean } = {}) {
  const user = await makeUser({ name: 'Người Xem', platformRole: options.admin ? 'admin' : 'member' })
  if (options.orgKey) {
    const org = await prisma.organization.findUniqueOrThrow({ where: { key: options.orgKey } })
    await prisma.membership.create({ data: { userId: user.id, orgId: org.id, role: 'member' } })
  }
  if (options.expertKey) await prisma.expertProfile.update({ where: { key: options.expertKey }, data: { userId: user.id } })
  return cookieFor(user.id)
}

async function setVerification(orgKey: string, verification: VerificationStatus) {
  await prisma.organization.update({ where: { key: orgKey }, data: { verification } })
}

beforeAll(async () => {
  await prisma.occupation.createMany({
    data: [
      { key: 'han', nameVi: 'Hàn', nameEn: 'Welding', synonyms: ['han', 'thợ hàn', 'welder'], skills: [] },
      { key: 'co-dien-tu', nameVi: 'Cơ điện tử', nameEn: 'Mechatronics', synonyms: ['co dien tu'], skills: [] },
    ],
  })
})

describe('browsing needs and offers', () => {
  const p = 'flt-'
  const college = buildCollege({ key: `${p}college`, district: 'Cầu Giấy' })
  const otherCollege = buildCollege({ key: `${p}college-b`, district: 'Long Biên' })
  const business = buildBusiness({ key: `${p}biz`, district: 'Cầu Giấy' })
  const expert = buildExpert({ key: `${p}expert` })

  beforeAll(async () => {
    await importOk({
      organizations: [college, otherCollege, business],
      experts: [expert],
      needs: [
        buildNeed({ key: `${p}need-weld`, org: college, kind: 'internship', occupations: ['Hàn'], languages: [] }),
        buildNeed({ key: `${p}need-weld-plain`, org: otherCollege, kind: 'internship', occupations: ['HAN'], languages: ['en'] }),
        buildNeed({ key: `${p}need-weld-expert`, org: college, kind: 'expert', occupations: ['Welding', 'Cơ điện tử'], languages: ['en', 'de'] }),
        buildNeed({ key: `${p}need-mecha`, org: otherCollege, kind: 'equipment', occupations: ['Cơ điện tử'], languages: [] }),
        buildNeed({ key: `${p}need-closed`, org: college, kind: 'internship', occupations: ['Hàn'], status: 'closed' }),
        buildNeed({ key: `${p}need-hidden`, org: college, kind: 'internship', occupations: ['Hàn'] }),
        buildNeed({ key: `${p}need-pending`, org: college, kind: 'internship', occupations: ['Hàn'] }),
        buildNeed({ key: `${p}need-draft`, org: college, kind: 'internship', occupations: ['Hàn'] }),
      ],
      offers: [
        buildOffer({ key: `${p}offer-place`, org: business, kind: 'placement', occupations: ['welder'], languages: ['vi', 'ja'] }),
        buildOffer({ key: `${p}offer-equip`, org: business, kind: 'equipment', occupations: ['Cơ điện tử'], languages: ['vi'] }),
        buildOffer({ key: `${p}offer-expert`, expert, kind: 'expert_service', occupations: ['Hàn'], languages: ['en'] }),
        buildOffer({ key: `${p}offer-hidden`, org: business, kind: 'placement', occupations: ['Hàn'] }),
      ],
    })
    await prisma.need.update({ where: { key: `${p}need-hidden` }, data: { hiddenAt: new Date(), hiddenReason: 'Spam' } })
    await prisma.need.update({ where: { key: `${p}need-pending` }, data: { pendingReview: true } })
    await prisma.need.update({ where: { key: `${p}need-draft` }, data: { status: 'draft' } })
    await prisma.offer.update({ where: { key: `${p}offer-hidden` }, data: { hiddenAt: new Date(), hiddenReason: 'Trùng lặp' } })
  })

  it('lists open public needs only: not closed, hidden, waiting for review or drafts', async () => {
    const data = await browse('/needs')
    expect(keysOf(data.results.items, p)).toEqual([`${p}need-mecha`, `${p}need-weld`, `${p}need-weld-expert`, `${p}need-weld-plain`])
    const offerData = await browse('/offers')
    expect(keysOf(offerData.results.items, p)).toEqual([`${p}offer-equip`, `${p}offer-expert`, `${p}offer-place`])
  })

  it('filters by kind', async () => {
    const data = await browse('/needs?kind=internship')
    expect(keysOf(data.results.items, p)).toEqual([`${p}need-weld`, `${p}need-weld-plain`])
    expect(data.results.items.every((item) => item.kind === 'internship')).toBe(true)
    expect(data.filters.kind).toBe('internship')
    const offerData = await browse('/offers?kind=expert_service')
    expect(keysOf(offerData.results.items, p)).toEqual([`${p}offer-expert`])
  })

  it('filters by occupation through the taxonomy: English name, synonyms, any case, no diacritics', async () => {
    const weldingNeeds = [`${p}need-weld`, `${p}need-weld-expert`, `${p}need-weld-plain`]
    for (const occupation of ['Hàn', 'Welding', 'welding', 'han', 'HÀN', 'thợ hàn', 'tho han', 'Welder']) {
      const data = await browse(`/needs?occupation=${encodeURIComponent(occupation)}`)
      expect(keysOf(data.results.items, p), occupation).toEqual(weldingNeeds)
    }
    const mecha = await browse(`/needs?occupation=${encodeURIComponent('co dien tu')}`)
    expect(keysOf(mecha.results.items, p)).toEqual([`${p}need-mecha`, `${p}need-weld-expert`])
    const weldingOffers = await browse('/offers?occupation=welding')
    expect(keysOf(weldingOffers.results.items, p)).toEqual([`${p}offer-expert`, `${p}offer-place`])
  })

  it('matches an occupation outside the taxonomy by its text, and finds nothing for an unknown one', async () => {
    await importOk({ needs: [buildNeed({ key: `${p}need-robot`, org: college, occupations: ['Robotics'] })] })
    const data = await browse('/needs?occupation=ROBOTICS')
    expect(keysOf(data.results.items, p)).toEqual([`${p}need-robot`])
    const none = await browse('/needs?occupation=astronaut')
    expect(none.results).toEqual({ items: [], total: 0, page: 1, pages: 1 })
    await prisma.need.delete({ where: { key: `${p}need-robot` } })
  })

  it('filters by district (the organisation’s), with or without diacritics, and by language', async () => {
    for (const district of ['Cầu Giấy', 'cau giay']) {
      const data = await browse(`/needs?district=${encodeURIComponent(district)}`)
      expect(keysOf(data.results.items, p), district).toEqual([`${p}need-weld`, `${p}need-weld-expert`])
      expect(data.filters.district).toBe('Cầu Giấy')
      expect(data.results.items.every((item) => item.owner.district === 'Cầu Giấy')).toBe(true)
    }
    const offersThere = await browse(`/offers?district=${encodeURIComponent('Cầu Giấy')}`)
    // The expert's service has no district, so it is not in a district's results.
    expect(keysOf(offersThere.results.items, p)).toEqual([`${p}offer-equip`, `${p}offer-place`])
    expect((await browse('/needs?district=Nowhere')).results.total).toBe(0)

    const english = await browse('/needs?language=en')
    expect(keysOf(english.results.items, p)).toEqual([`${p}need-weld-expert`, `${p}need-weld-plain`])
    const japanese = await browse('/offers?language=ja')
    expect(keysOf(japanese.results.items, p)).toEqual([`${p}offer-place`])
  })

  it('combines filters', async () => {
    const data = await browse(`/needs?kind=internship&occupation=welding&district=${encodeURIComponent('Long Biên')}&language=en`)
    expect(keysOf(data.results.items, p)).toEqual([`${p}need-weld-plain`])
  })

  it('offers the districts, languages and occupations to filter by', async () => {
    const data = await browse('/needs')
    expect(data.options.districts).toEqual(expect.arrayContaining(['Cầu Giấy', 'Long Biên']))
    expect(data.options.languages).toEqual(expect.arrayContaining(['de', 'en']))
    // Languages only of listings that are listed: the hidden offer's are not counted for needs.
    expect(data.options.languages).not.toContain('ja')
    expect(data.options.occupations.map((o) => o.value)).toEqual(expect.arrayContaining(['Hàn', 'Cơ điện tử']))
  })

  it('ignores a bad filter with a message for its field, never a 500', async () => {
    const data = await browse('/needs?kind=spaceship&language=english&page=-1&occupation=welding')
    expect(data.errors).toEqual({ kind: 'validation.choose', language: 'browse.filters.invalidLanguage', page: 'browse.filters.invalidPage' })
    expect(data.filters).toMatchObject({ kind: '', language: '', occupation: 'welding' })
    expect(keysOf(data.results.items, p)).toEqual([`${p}need-weld`, `${p}need-weld-expert`, `${p}need-weld-plain`])
  })

  it('sends amounts as numbers (no BigInt) and dates as calendar days', async () => {
    const data = await browse(`/needs?kind=expert&occupation=welding`)
    const item = data.results.items.find((i) => i.key === `${p}need-weld-expert`)!
    expect(item.money).toEqual({ amount: 50_000, currency: 'USD', per: 'day' })
    expect(item.startDate).toBe('2027-03-01')
    expect(item.owner).toMatchObject({ type: 'org', key: college.key, verified: true })
    expect(() => JSON.stringify(data)).not.toThrow()
  })

  it('marks listings of unverified organisations as unverified', async () => {
    await setVerification(otherCollege.key, 'pending')
    const data = await browse('/needs')
    const byKey = new Map(data.results.items.map((item) => [item.key, item]))
    expect(byKey.get(`${p}need-weld-plain`)!.owner.verified).toBe(false)
    expect(byKey.get(`${p}need-weld`)!.owner.verified).toBe(true)
    await setVerification(otherCollege.key, 'verified')
  })
})

describe('pagination', () => {
  const p = 'pg-'
  const occupation = 'Nghề phân trang'
  const total = PAGE_SIZE + 3

  beforeAll(async () => {
    const college = buildCollege({ key: `${p}college` })
    await importOk({
      organizations: [college],
      needs: Array.from({ length: total }, (_, i) => buildNeed({ key: `${p}need-${String(i).padStart(2, '0')}`, org: college, occupations: [occupation] })),
    })
  })

  it('splits the results into pages without gaps or repeats, and shows the last page for a page past the end', async () => {
    const path = `/needs?occupation=${encodeURIComponent(occupation)}`
    const first = await browse(path)
    expect(first.results).toMatchObject({ total, page: 1, pages: 2 })
    expect(first.results.items).toHaveLength(PAGE_SIZE)
    const second = await browse(`${path}&page=2`)
    expect(second.results).toMatchObject({ total, page: 2, pages: 2 })
    expect(second.results.items).toHaveLength(3)
    const all = [...first.results.items, ...second.results.items].map((item) => item.key)
    expect(new Set(all).size).toBe(total)
    const past = await browse(`${path}&page=9`)
    expect(past.results.page).toBe(2)
    expect(past.results.items.map((item) => item.key)).toEqual(second.results.items.map((item) => item.key))
  })
})

describe('listing pages', () => {
  const p = 'dtl-'
  const college = buildCollege({ key: `${p}college`, verified: true })
  const business = buildBusiness({ key: `${p}biz`, verified: true })
  const unverifiedBusiness = buildBusiness({ key: `${p}biz-unverified`, verified: false })
  const expert = buildExpert({ key: `${p}expert` })
  const phone = '0912 345 678'
  const address = '12 Đường Trần Duy Hưng, Cầu Giấy'

  beforeAll(async () => {
    await importOk({
      organizations: [college, business, unverifiedBusiness],
      experts: [expert],
      needs: [
        buildNeed({ key: `${p}need`, org: college, kind: 'equipment' }),
        buildNeed({ key: `${p}need-closed`, org: college, status: 'closed' }),
        buildNeed({ key: `${p}need-hidden`, org: college }),
        buildNeed({ key: `${p}need-pending`, org: college }),
        buildNeed({ key: `${p}need-draft`, org: college }),
      ],
      offers: [buildOffer({ key: `${p}offer`, expert }), buildOffer({ key: `${p}offer-hidden`, org: business })],
    })
    await prisma.organization.update({ where: { key: college.key }, data: { address } })
    await prisma.need.update({
      where: { key: `${p}need` },
      data: {
        details: { purpose: 'Xưởng hàn mới', supervisorContact: phone, mentor: { name: 'Chị Lan', email: 'lan@example.vn' } },
        acceptedTerms: ['donate', 'lend'],
        estimatedValue: 120_000_000n,
      },
    })
    await prisma.need.update({ where: { key: `${p}need-hidden` }, data: { hiddenAt: new Date(), hiddenReason: 'Nội dung quảng cáo' } })
    await prisma.need.update({ where: { key: `${p}need-pending` }, data: { pendingReview: true } })
    await prisma.need.update({ where: { key: `${p}need-draft` }, data: { status: 'draft' } })
    await prisma.offer.update({ where: { key: `${p}offer-hidden` }, data: { hiddenAt: new Date(), hiddenReason: 'Trùng lặp' } })
  })

  const needPage = (key: string, cookie?: string) => load(() => listingPage.loader(args(get(`/needs/${key}`, { cookie }), { listings: 'needs', key })))
  const offerPage = (key: string, cookie?: string) => load(() => listingPage.loader(args(get(`/offers/${key}`, { cookie }), { listings: 'offers', key })))

  it('shows a public need to a visitor, without contact details or the address', async () => {
    const { status, data } = await needPage(`${p}need`)
    expect(status).toBe(200)
    const { listing, access } = data!
    expect(listing).toMatchObject({
      key: `${p}need`,
      kind: 'equipment',
      status: 'open',
      owner: { type: 'org', key: college.key, verified: true },
      acceptedTerms: ['donate', 'lend'],
      estimatedValue: { amount: 120_000_000, currency: 'VND', per: null },
      money: { amount: 20_000_000, currency: 'VND', per: 'total' },
      contacts: null,
      ownerAddress: null,
      hiddenReason: null,
    })
    // (jsonb keeps its own key order)
    expect(sortedEntries(listing.details)).toEqual([
      { path: ['mentor', 'name'], value: 'Chị Lan' },
      { path: ['purpose'], value: 'Xưởng hàn mới' },
    ])
    expect(access).toEqual({ signedIn: false, canManage: false, canReport: false, canPropose: false, canSeeContacts: false })
    // The contact data is not sent to the browser at all.
    const sent = JSON.stringify(data)
    expect(sent).not.toContain(phone)
    expect(sent).not.toContain('lan@example.vn')
    expect(sent).not.toContain('Trần Duy Hưng')
  })

  it('withholds contact details from a signed-in member of an unverified organisation, who may report', async () => {
    const cookie = await signedIn({ orgKey: unverifiedBusiness.key })
    const { data } = await needPage(`${p}need`, cookie)
    expect(data!.listing).toMatchObject({ contacts: null, ownerAddress: null })
    expect(data!.access).toEqual({ signedIn: true, canManage: false, canReport: true, canPropose: true, canSeeContacts: false })
    expect(JSON.stringify(data)).not.toContain(phone)
  })

  it('shows contact details to a verified member of another organisation, to the owner and to admins', async () => {
    for (const cookie of [await signedIn({ orgKey: business.key }), await signedIn({ orgKey: college.key }), await signedIn({ admin: true })]) {
      const { data } = await needPage(`${p}need`, cookie)
      expect(sortedEntries(data!.listing.contacts!)).toEqual([
        { path: ['mentor', 'email'], value: 'lan@example.vn' },
        { path: ['supervisorContact'], value: phone },
      ])
      expect(data!.listing.ownerAddress).toBe(address)
      expect(data!.access.canSeeContacts).toBe(true)
    }
  })

  it('gives the owner the controls and no report form; others the report form', async () => {
    const owner = await needPage(`${p}need`, await signedIn({ orgKey: college.key }))
    expect(owner.data!.access).toMatchObject({ canManage: true, canReport: false })
    const other = await needPage(`${p}need`, await signedIn({ orgKey: business.key }))
    expect(other.data!.access).toMatchObject({ canManage: false, canReport: true })
    const expertOwner = await offerPage(`${p}offer`, await signedIn({ expertKey: expert.key }))
    expect(expertOwner.data!.access).toMatchObject({ canManage: true, canReport: false, canSeeContacts: true })
  })

  it('answers 404 for an unknown key', async () => {
    expect((await needPage('no-such-need')).status).toBe(404)
    expect((await offerPage('no-such-offer')).status).toBe(404)
    // A need's key is not an offer's.
    expect((await offerPage(`${p}need`)).status).toBe(404)
  })

  it('answers 404 to visitors and other organisations for hidden, waiting and draft listings', async () => {
    const stranger = await signedIn({ orgKey: business.key })
    for (const key of [`${p}need-hidden`, `${p}need-pending`, `${p}need-draft`]) {
      expect((await needPage(key)).status, key).toBe(404)
      expect((await needPage(key, stranger)).status, key).toBe(404)
    }
    expect((await offerPage(`${p}offer-hidden`)).status).toBe(404)
    expect((await offerPage(`${p}offer-hidden`, await signedIn({ orgKey: college.key }))).status).toBe(404)
  })

  it('shows hidden, waiting and draft listings to their owners with their state and the hiding reason', async () => {
    const owner = await signedIn({ orgKey: college.key })
    const hidden = await needPage(`${p}need-hidden`, owner)
    expect(hidden.status).toBe(200)
    expect(hidden.data!.listing).toMatchObject({ hidden: true, hiddenReason: 'Nội dung quảng cáo' })
    expect(hidden.data!.access.canManage).toBe(true)
    expect((await needPage(`${p}need-pending`, owner)).data!.listing).toMatchObject({ pendingReview: true, hidden: false })
    expect((await needPage(`${p}need-draft`, owner)).data!.listing.status).toBe('draft')
    const businessOwner = await offerPage(`${p}offer-hidden`, await signedIn({ orgKey: business.key }))
    expect(businessOwner.data!.listing).toMatchObject({ hidden: true, hiddenReason: 'Trùng lặp' })
  })

  it('shows them to admins too, who are not owners', async () => {
    const admin = await signedIn({ admin: true })
    const hidden = await needPage(`${p}need-hidden`, admin)
    expect(hidden.status).toBe(200)
    expect(hidden.data!.listing.hiddenReason).toBe('Nội dung quảng cáo')
    expect(hidden.data!.access).toMatchObject({ canManage: false, canReport: true })
  })

  it('keeps a closed listing’s page public, with its status', async () => {
    const { status, data } = await needPage(`${p}need-closed`)
    expect(status).toBe(200)
    expect(data!.listing.status).toBe('closed')
  })

  it('shows an expert’s offer with the expert as owner', async () => {
    const { data } = await offerPage(`${p}offer`)
    expect(data!.listing).toMatchObject({
      type: 'offer',
      kind: 'expert_service',
      owner: { type: 'expert', key: expert.key, nameVi: null, verified: true },
      money: { amount: 45_000, currency: 'USD', per: 'day' },
    })
  })

  it('names the page after the listing, and the 404 after not-found', () => {
    const matches = [{ id: 'root', data: { locale: 'en' } }]
    const found = listingPage.meta({ matches, data: { listing: { title: 'Welding places', description: 'Twelve weeks in a factory.' } } } as never)
    expect(found).toContainEqual({ title: 'Welding places · Cầu Nối' })
    expect(found).toContainEqual({ name: 'description', content: 'Twelve weeks in a factory.' })
    const missing = listingPage.meta({ matches, data: undefined } as never)
    expect(missing).toContainEqual({ title: 'Page not found · Cầu Nối' })
  })
})

describe('profiles', () => {
  const p = 'prf-'
  const college = buildCollege({ key: `${p}college`, verified: false, description: 'Trường nghề ở Sóc Sơn.' })
  const business = buildBusiness({ key: `${p}biz`, verified: true })
  const expert = buildExpert({ key: `${p}expert`, verified: true, languages: ['de', 'en'] })

  beforeAll(async () => {
    await importOk({
      organizations: [college, business],
      experts: [expert],
      needs: [
        buildNeed({ key: `${p}need-open`, org: college }),
        buildNeed({ key: `${p}need-closed`, org: college, status: 'closed' }),
        buildNeed({ key: `${p}need-hidden`, org: college }),
        buildNeed({ key: `${p}need-pending`, org: college }),
      ],
      offers: [
        buildOffer({ key: `${p}service-open`, expert }),
        buildOffer({ key: `${p}service-hidden`, expert }),
        buildOffer({ key: `${p}service-closed`, expert, status: 'closed' }),
      ],
    })
    await prisma.organization.update({ where: { key: college.key }, data: { address: '1 Đường Núi Đôi, Sóc Sơn' } })
    await prisma.need.update({ where: { key: `${p}need-hidden` }, data: { hiddenAt: new Date() } })
    await prisma.need.update({ where: { key: `${p}need-pending` }, data: { pendingReview: true } })
    await prisma.offer.update({ where: { key: `${p}service-hidden` }, data: { hiddenAt: new Date() } })
    await prisma.expertProfile.update({ where: { key: expert.key }, data: { credentials: 'Industriemeister Elektrotechnik (IHK)' } })
  })

  const orgPage = (key: string, cookie?: string) => load(() => orgs.loader(args(get(`/orgs/${key}`, { cookie }), { key })))

  it('shows an organisation with its badge and only its open public listings', async () => {
    const { status, data } = await orgPage(college.key)
    expect(status).toBe(200)
    expect(data!.org).toMatchObject({ key: college.key, kind: 'college', verified: false, description: 'Trường nghề ở Sóc Sơn.', district: college.district })
    expect(data!.needs.map((n) => n.key)).toEqual([`${p}need-open`])
    expect(data!.offers).toEqual([])
  })

  it('shows the address to verified members only, and tells visitors it is withheld', async () => {
    const visitor = await orgPage(college.key)
    expect(visitor.data!.org.address).toBeNull()
    expect(visitor.data!.addressWithheld).toBe(true)
    expect(JSON.stringify(visitor.data)).not.toContain('Núi Đôi')
    const verified = await orgPage(college.key, await signedIn({ orgKey: business.key }))
    expect(verified.data!.org.address).toBe('1 Đường Núi Đôi, Sóc Sơn')
    expect(verified.data!.addressWithheld).toBe(false)
    // A website is public.
    expect((await orgPage(business.key)).data!.org.website).toBe(business.website)
  })

  it('shows an expert with credentials, languages, badge and only open public services', async () => {
    const { status, data } = await load(() => experts.loader(args(get(`/experts/${expert.key}`), { key: expert.key })))
    expect(status).toBe(200)
    expect(data!.expert).toMatchObject({
      key: expert.key,
      verified: true,
      languages: ['de', 'en'],
      headline: expert.headline,
      credentials: 'Industriemeister Elektrotechnik (IHK)',
    })
    expect(data!.services.map((s) => s.key)).toEqual([`${p}service-open`])
    expect(data!.services[0]!.money).toEqual({ amount: 45_000, currency: 'USD', per: 'day' })
  })

  it('answers 404 for unknown organisations and experts', async () => {
    expect((await orgPage('no-such-org')).status).toBe(404)
    expect((await load(() => experts.loader(args(get('/experts/nobody'), { key: 'nobody' })))).status).toBe(404)
  })
})

describe('home page', () => {
  it('shows the latest open public listings and counts only those', async () => {
    const p = 'home-'
    const college = buildCollege({ key: `${p}college` })
    await importOk({ organizations: [college], needs: [buildNeed({ key: `${p}need-public`, org: college }), buildNeed({ key: `${p}need-hidden`, org: college })] })
    await prisma.need.update({ where: { key: `${p}need-hidden` }, data: { hiddenAt: new Date() } })
    const data = await home.loader(args(get('/')))
    const keys = data.latest.needs.map((n) => n.key)
    expect(keys).toContain(`${p}need-public`)
    expect(keys).not.toContain(`${p}need-hidden`)
    expect(data.latest.needs.length).toBeLessThanOrEqual(6)
    const listed = await prisma.need.count({ where: { status: 'open', pendingReview: false, hiddenAt: null } })
    expect(data.stats.needs).toBe(listed)
    expect(data.stats.needs).toBeLessThan(await prisma.need.count({ where: { status: 'open' } }))
  })
})
