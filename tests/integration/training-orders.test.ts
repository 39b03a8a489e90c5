import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { formatDate } from '~/modules/i18n/i18n'
import { importDocument } from '~/modules/import/import.server'
import { matchesForNeed, matchesForOffer } from '~/modules/matching/matching.server'
import { createProposal, decideProposal } from '~/modules/proposals/proposals.server'
import * as needMatchesRoute from '~/routes/api.v1.needs.$key.matches'
import * as offerMatchesRoute from '~/routes/api.v1.offers.$key.matches'
import * as newProposalRoute from '~/routes/proposals.new'
import { buildBusiness, buildCollege, buildDocument, buildNeed, buildOffer } from '../factories/listings'
import { cookieFor, join, makeUser } from '../support/moderation-fixtures'
import { args, get, run } from '../support/routes'
import { drainOutbox, startTestSearch, type TestSearch } from '../support/search'

// Training orders (a business hires N graduates trained to a standard by a ready-by date)
// matched with colleges' internship needs against a real Meilisearch, both ways: the hard
// rules, the reasons in both languages, and labelled relevance cases (graded like the
// labelled sets of `npm run bench:relevance`: 3 what a training officer takes at once, 2 the
// right field but a weaker fit, 1 a related field, 0 not wanted; "forbidden" must never be
// returned), scored with NDCG@10. The grades follow general rules, not these listings:
//   for an internship need: a close placement in the same trade 3; a training order in the
//   same trade ready in time 2 (it hires after training rather than hosting the internship);
//   a placement or training order of a related field 1; a training order whose ready-by date
//   the internship overshoots by more than the 30-day grace, or that is closed, forbidden.
//   for a training order: an internship of the same trade (however it is spelled) at a college
//   near the business, ending by the ready-by date 3 (a cohort smaller than the order too: an
//   order takes several cohorts); the same trade but late within the grace, or far away 2; a
//   related field 1; an internship ending past the grace or starting after the ready-by date,
//   and needs of other kinds, forbidden.

let search: TestSearch

const college = buildCollege({ key: 'org-to-college', location: { lat: 21.1305, lng: 105.8012 }, verified: true })
const farCollege = buildCollege({ key: 'org-to-far-college', location: { lat: 20.95, lng: 105.45 }, verified: true })
const factory = buildBusiness({ key: 'org-to-factory', location: { lat: 21.1118, lng: 105.7905 }, verified: true })
const other = buildBusiness({ key: 'org-to-other', location: { lat: 21.02, lng: 105.84 }, verified: true })

const SPRING = { startDate: '2027-03-01', endDate: '2027-05-28' }

const need = (key: string, overrides: NonNullable<Parameters<typeof buildNeed>[0]> = {}) =>
  buildNeed({
    key, org: college, kind: 'internship', title: 'Thực tập cuối khóa Điện tử công nghiệp', occupations: ['Điện tử công nghiệp'],
    skills: ['hàn linh kiện', 'SMT'], quantity: 12, ...SPRING, ...overrides,
  })
const order = (key: string, overrides: NonNullable<Parameters<typeof buildOffer>[0]> = {}) =>
  buildOffer({
    key, org: factory, kind: 'training_order', title: 'Tuyển kỹ thuật viên điện tử sau đào tạo', occupations: ['Industrial electronics'],
    skills: ['soldering', 'SMT'], capacity: 15, standard: 'IPC-A-610 class 2', certificate: 'National skills certificate, level 2',
    startDate: '2027-01-04', endDate: '2027-06-30', location: null, ...overrides,
  })
const placement = (key: string, overrides: NonNullable<Parameters<typeof buildOffer>[0]> = {}) =>
  buildOffer({
    key, org: factory, kind: 'placement', title: 'Thực tập dây chuyền SMT', occupations: ['Điện tử công nghiệp'], skills: ['SMT', 'hàn linh kiện'],
    capacity: 12, location: { lat: 21.1118, lng: 105.7905 }, ...SPRING, ...overrides,
  })

// ── the internship need's candidates ──
const cohort = need('need-to-cohort')
const offers = {
  closePlacement: placement('off-to-close-placement'),
  order: order('off-to-order'),
  orderOtherName: order('off-to-order-vi', { org: other, occupations: ['Điện tử'], skills: ['hàn thiếc'], title: 'Đặt hàng đào tạo thợ điện tử', capacity: 8 }),
  orderRelated: order('off-to-order-related', { occupations: ['Industrial electrician'], skills: ['PLC'], title: 'Order for electricians' }),
  placementRelated: placement('off-to-placement-related', { occupations: ['Điện công nghiệp'], skills: ['tủ điện'], title: 'Thực tập điện' }),
  orderLateWithinGrace: order('off-to-order-tight', { endDate: '2027-05-15' }), // the cohort ends 13 days after
  orderTooEarly: order('off-to-order-early', { endDate: '2027-04-15' }), // 43 days: past the grace
  orderClosed: order('off-to-order-closed', { status: 'closed' }),
  orderOtherTrade: order('off-to-order-accounting', { occupations: ['Kế toán doanh nghiệp'], skills: ['MISA'], title: 'Tuyển kế toán' }),
}

// ── a training order's candidates ──
const target = order('off-to-target', { title: 'Đặt hàng 20 kỹ thuật viên điện tử', capacity: 20 })
const needs = {
  inTime: need('need-to-in-time', { quantity: 20 }),
  plainSpelling: need('need-to-plain', { occupations: ['Dien tu cong nghiep'], skills: ['han linh kien'], title: 'Thuc tap dien tu', quantity: 20 }),
  english: need('need-to-english', { org: farCollege, occupations: ['Electronics assembly'], skills: ['SMT'], title: 'Electronics internship', quantity: 18 }),
  lateWithinGrace: need('need-to-late', { startDate: '2027-04-01', endDate: '2027-07-20', quantity: 20 }),
  smallCohort: need('need-to-small', { quantity: 3 }),
  related: need('need-to-related', { occupations: ['Điện công nghiệp'], skills: ['tủ điện'], title: 'Thực tập điện' }),
  pastGrace: need('need-to-past-grace', { startDate: '2027-05-01', endDate: '2027-08-15' }),
  startsAfter: need('need-to-after', { startDate: '2027-07-05', endDate: '2027-09-30' }),
  equipment: need('need-to-equipment', { kind: 'equipment', quantity: 2, budget: null }),
}

/** NDCG@10 with gain 2^grade − 1, as the relevance bench counts it. */
function ndcg(returned: string[], grades: Record<string, number>): number {
  const dcg = (list: number[]) => list.slice(0, 10).reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0)
  const ideal = dcg(Object.values(grades).sort((a, b) => b - a))
  return ideal === 0 ? 1 : dcg(returned.map((key) => grades[key] ?? 0)) / ideal
}

beforeAll(async () => {
  search = await startTestSearch()
  const result = await importDocument(
    buildDocument({
      version: 2,
      organizations: [college, farCollege, factory, other],
      needs: [cohort, ...Object.values(needs)],
      offers: [...Object.values(offers), target],
    }),
  )
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await drainOutbox()
}, 120_000)

afterAll(async () => {
  await search?.stop()
})

describe('an internship need’s matching offers', () => {
  it('include training orders in its trade, with reasons in both languages', async () => {
    const { matches } = await matchesForNeed(cohort.key, { limit: 20, lng: 'en' })
    const found = matches.find((m) => m.listing.key === offers.order.key)
    expect(found, 'the training order matches').toBeDefined()
    expect(found!.reasons).toEqual(
      expect.arrayContaining([
        'Same occupation: Industrial electronics',
        'Shared skills: hàn linh kiện, SMT',
        '2.4 km from the college',
        'Hires 15 graduates: room for the whole cohort of 12',
        'Ready in time: the internship ends 28 May 2027, graduates are needed by 30 Jun 2027',
      ]),
    )
    const late = matches.find((m) => m.listing.key === offers.orderLateWithinGrace.key)
    expect(late!.reasons).toContain('The internship ends 13 days after the ready-by date (15 May 2027)')

    const vi = await matchesForNeed(cohort.key, { limit: 20, lng: 'vi' })
    const viReasons = vi.matches.find((m) => m.listing.key === offers.order.key)!.reasons
    expect(viReasons).toContain('Tuyển 15 người: đủ cho cả khóa 12 sinh viên')
    expect(viReasons).toContain(`Kịp thời hạn: thực tập kết thúc ${formatDate('2027-05-28', 'vi')}, cần người trước ${formatDate('2027-06-30', 'vi')}`)
    // an order for fewer graduates than the cohort says how many it takes
    const fewer = vi.matches.find((m) => m.listing.key === offers.orderOtherName.key)!.reasons
    expect(fewer).toContain('Tuyển 8 người trong khóa 12 sinh viên')
  })

  it('never include orders the cohort cannot be ready for, closed ones, or other trades', async () => {
    const keys = (await matchesForNeed(cohort.key, { limit: 50 })).matches.map((m) => m.listing.key)
    expect(keys).not.toContain(offers.orderTooEarly.key)
    expect(keys).not.toContain(offers.orderClosed.key)
    expect(keys).not.toContain(offers.orderOtherTrade.key)
  })

  it('rank as labelled: a close placement first, training orders in the trade next, related fields after', async () => {
    const grades = {
      [offers.closePlacement.key]: 3,
      [offers.order.key]: 2,
      [offers.orderOtherName.key]: 2,
      [offers.orderLateWithinGrace.key]: 2,
      [offers.orderRelated.key]: 1,
      [offers.placementRelated.key]: 1,
    }
    const forbidden = [offers.orderTooEarly.key, offers.orderClosed.key]
    const response = await needMatchesRoute.loader({
      request: new Request(`http://localhost/api/v1/needs/${cohort.key}/matches?limit=10`, { headers: { 'Accept-Language': 'en' } }),
      params: { key: cohort.key },
      context: {},
    })
    const body = (await response.json()) as { matches: { offer: string }[] }
    const returned = body.matches.map((m) => m.offer)
    expect(returned.filter((key) => forbidden.includes(key))).toEqual([])
    expect(returned[0]).toBe(offers.closePlacement.key)
    expect(ndcg(returned, grades), returned.join(', ')).toBeGreaterThanOrEqual(0.95)
    // a training order in time ranks above the same order with a late cohort
    expect(returned.indexOf(offers.order.key)).toBeLessThan(returned.indexOf(offers.orderLateWithinGrace.key))
  })
})

describe('a training order’s matching needs', () => {
  it('are internship needs of its trade, with reasons for the business', async () => {
    const { matches } = await matchesForOffer(target.key, { limit: 20, lng: 'en' })
    const best = matches.find((m) => m.listing.key === needs.inTime.key)
    expect(best!.reasons).toEqual(
      expect.arrayContaining([
        'Same occupation: Industrial electronics',
        'Shared skills: soldering, SMT',
        'Hires 20 graduates: room for the whole cohort of 20',
        'Ready in time: the internship ends 28 May 2027, graduates are needed by 30 Jun 2027',
        'Verified college',
      ]),
    )
    const small = matches.find((m) => m.listing.key === needs.smallCohort.key)
    expect(small!.reasons).toContain('Hires 20 graduates: room for the whole cohort of 3')
    expect(matches.find((m) => m.listing.key === needs.lateWithinGrace.key)!.reasons).toContain(
      'The internship ends 20 days after the ready-by date (30 Jun 2027)',
    )
  })

  it('rank as labelled, and never return a cohort that cannot be ready or a need of another kind', async () => {
    const grades = {
      [needs.inTime.key]: 3,
      [needs.plainSpelling.key]: 3,
      [needs.smallCohort.key]: 3,
      [cohort.key]: 3,
      [needs.english.key]: 2, // far away
      [needs.lateWithinGrace.key]: 2,
      [needs.related.key]: 1,
    }
    const forbidden = [needs.pastGrace.key, needs.startsAfter.key, needs.equipment.key]
    const response = await offerMatchesRoute.loader({
      request: new Request(`http://localhost/api/v1/offers/${target.key}/matches?limit=10`, { headers: { 'Accept-Language': 'en' } }),
      params: { key: target.key },
      context: {},
    })
    const body = (await response.json()) as { needs: { need: string }[] }
    const returned = body.needs.map((n) => n.need)
    expect(returned.filter((key) => forbidden.includes(key))).toEqual([])
    expect(ndcg(returned, grades), returned.join(', ')).toBeGreaterThanOrEqual(0.95)
    expect(returned.indexOf(needs.inTime.key)).toBeLessThan(returned.indexOf(needs.lateWithinGrace.key))
  })
})

describe('proposing on a training order', () => {
  it('a college answers with a cohort: its size is the quantity, counted against the graduates ordered; acceptance records a training-order agreement', async () => {
    const answering = need('need-to-proposal', { quantity: 14 })
    const small = need('need-to-proposal-2', { quantity: 9 })
    const ordered = order('off-to-proposal', { capacity: 20 })
    const imported = await importDocument(buildDocument({ version: 2, needs: [answering, small], offers: [ordered] }))
    if (!imported.ok) throw new Error(JSON.stringify(imported.errors))
    const member = async (orgKey: string) => {
      const user = await makeUser()
      await join(user.id, (await prisma.organization.findUniqueOrThrow({ where: { key: orgKey } })).id)
      return { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
    }
    const officer = await member(college.key)
    const hr = await member(factory.key)

    // The proposal page counts students against what is still free.
    const page = await run(() => newProposalRoute.loader(args(get(`/proposals/new?need=${answering.key}&offer=${ordered.key}`, { cookie: officer.cookie }), {})))
    expect(page.data).toMatchObject({ counted: true, available: 14, target: { kind: 'training_order', key: ordered.key } })

    // No quantity given: the whole cohort.
    const sent = await createProposal(officer, { needKey: answering.key, offerKey: ordered.key, message: 'Khóa 14 sinh viên, thực tập tại nhà máy.' })
    if (!sent.ok) throw new Error(sent.error)
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id: sent.id } })).toMatchObject({ quantity: 14, fromSide: 'need' })
    expect(await decideProposal(hr, sent.id, 'accept')).toMatchObject({ ok: true, status: 'accepted' })
    expect(await prisma.agreement.findUniqueOrThrow({ where: { proposalId: sent.id } })).toMatchObject({ kind: 'training_order', quantity: 14 })

    // 6 graduates are left to order: a second cohort of 9 may offer at most 6.
    const over = await createProposal(officer, { needKey: small.key, offerKey: ordered.key, quantity: 9 })
    expect(over).toMatchObject({ ok: false, error: 'over-remaining', values: { available: 6 } })
    const rest = await createProposal(officer, { needKey: small.key, offerKey: ordered.key, quantity: 6 })
    if (!rest.ok) throw new Error(rest.error)
    await decideProposal(hr, rest.id, 'accept')
    // All 20 graduates are spoken for: the order is filled.
    expect((await prisma.offer.findUniqueOrThrow({ where: { key: ordered.key } })).status).toBe('filled')
  })
})
