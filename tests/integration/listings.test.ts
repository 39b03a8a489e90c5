import fs from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { getNeedForViewer } from '~/modules/listings/browse.server'
import { expireListings } from '~/modules/listings/expiry.server'
import { changeListingStatus, duplicateListing, listingKey, updateNeed, updateOffer } from '~/modules/listings/listings.server'
import { needValuesOf, offerValuesOf } from '~/modules/listings/routes.server'
import { UNVERIFIED_OPEN_LISTING_CAP } from '~/modules/moderation/moderation.server'
import * as editListing from '~/routes/$listings.$key.edit'
import * as manageListing from '~/routes/$listings.$key.manage'
import * as newListing from '~/routes/$listings.new'
import * as dashboard from '~/routes/dashboard'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../factories/listings'
import { FUTURE, cookieFor, expertUser, load, makeUser, memberOf, orgId, redirectKey } from '../support/listing-fixtures'
import { args, errorsOf, expectRedirect, get, post, run, type Form } from '../support/routes'

// Posting, editing and managing listings through their routes, with the database behind
// them: lifecycle, review-first and caps, the audit log, and every ownership refusal.

vi.hoisted(() => {
  // Pictures written by these tests go to a throwaway folder, not the developer's data
  // (set before any module reads the environment; imports are not available here yet).
  process.env.DATA_DIR = `${process.env.TMPDIR ?? '/tmp'}/caunoi-listings-${process.pid}-${Date.now()}`
})

const COLLEGE_A = 'col-a'
const COLLEGE_B = 'col-b'
const NEW_COLLEGE = 'col-new'
const BUSINESS = 'biz-a'
const EXPERT_A = 'exp-a'
const EXPERT_B = 'exp-b'

afterAll(() => fs.rmSync(process.env.DATA_DIR!, { recursive: true, force: true }))

let officerA: { user: { id: string }; cookie: string }
let officerB: { user: { id: string }; cookie: string }
let businessOwner: { user: { id: string }; cookie: string }
let expertA: { user: { id: string }; cookie: string }
let expertB: { user: { id: string }; cookie: string }

beforeAll(async () => {
  await load(
    buildDocument({
      organizations: [
        buildCollege({ key: COLLEGE_A }),
        buildCollege({ key: COLLEGE_B }),
        buildCollege({ key: NEW_COLLEGE, verified: false }),
        buildBusiness({ key: BUSINESS, location: { lat: 21.1305, lng: 105.8012 } }),
      ],
      experts: [buildExpert({ key: EXPERT_A, country: 'DE' }), buildExpert({ key: EXPERT_B, country: 'VN' })],
      needs: [buildNeed({ key: 'need-of-b', org: COLLEGE_B, ...FUTURE })],
      offers: [buildOffer({ key: 'service-of-b', expert: EXPERT_B, ...FUTURE }), buildOffer({ key: 'placement-of-biz', org: BUSINESS, ...FUTURE })],
    }),
  )
  officerA = await memberOf(COLLEGE_A, 'member', 'Cán bộ A')
  officerB = await memberOf(COLLEGE_B, 'owner', 'Cán bộ B')
  businessOwner = await memberOf(BUSINESS, 'owner', 'Doanh nghiệp')
  expertA = await expertUser(EXPERT_A)
  expertB = await expertUser(EXPERT_B)
})

const internship = (orgKey: string, overrides: Form = {}): Form => ({
  orgKey,
  title: 'Thực tập 12 tuần cho sinh viên Điện công nghiệp',
  description: 'Sinh viên năm 3, chia 2 nhóm.',
  'occupations[0]': 'Điện công nghiệp',
  'occupations[1]': '',
  'skills[0]': 'PLC S7-1200, biến tần',
  quantity: '24',
  ...FUTURE,
  stipendAmount: '2.500.000',
  stipendCurrency: 'VND',
  supervisorContact: 'Cô Lan, 0912 345 678',
  fundingCurrency: 'VND',
  ...overrides,
})

async function postNeed(cookie: string, form: Form, kind = 'internship') {
  return run(() => newListing.action(args(post(`/needs/new?kind=${kind}`, { form, cookie }), { listings: 'needs' })))
}

async function manage(cookie: string, key: string, intent: string, extra: Form = {}) {
  return run(() => manageListing.action(args(post(`/needs/${key}/manage`, { form: { intent, ...extra }, cookie }), { listings: 'needs', key })))
}

const needByKey = (key: string) => prisma.need.findUniqueOrThrow({ where: { key } })
const auditOf = (entityId: string) => prisma.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: 'asc' } })

describe('posting needs', () => {
  it('a college member posts an internship need: it opens, is keyed from its title and audited', async () => {
    const outcome = await postNeed(officerA.cookie, internship(COLLEGE_A))
    const key = redirectKey(outcome, 'needs')
    expect(key).toMatch(/^need-thuc-tap-12-tuan-cho-sinh-vien-dien-cong-nghiep-[a-z0-9]{6}$/)
    const need = await needByKey(key)
    expect(need).toMatchObject({
      orgId: await orgId(COLLEGE_A),
      kind: 'internship',
      status: 'open',
      pendingReview: false,
      occupations: ['Điện công nghiệp'],
      skills: ['PLC S7-1200', 'biến tần'],
      quantity: 24,
      budgetAmount: 2_500_000n,
      budgetCurrency: 'VND',
      budgetPer: 'month',
      createdById: officerA.user.id,
      details: { supervisorContact: 'Cô Lan, 0912 345 678' },
    })
    expect(need.startDate.toISOString()).toBe('2030-03-01T00:00:00.000Z')
    const audit = await auditOf(need.id)
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorId: officerA.user.id, action: 'need.create', entityType: 'Need', data: { key, status: 'open', pendingReview: false } })
  })

  it('equipment and expert needs keep their own fields', async () => {
    const equipment = await postNeed(
      officerA.cookie,
      {
        orgKey: COLLEGE_A,
        title: 'Máy tiện CNC',
        item: 'Máy tiện CNC cỡ nhỏ',
        quantity: '2',
        'occupations[0]': 'Cắt gọt kim loại',
        acceptedTerms: ['donate', 'lease'],
        currency: 'VND',
        leaseBudget: '8000000',
        estimatedValue: '450.000.000',
        fundingAmount: '100.000.000',
        fundingCurrency: 'VND',
        ...FUTURE,
      },
      'equipment',
    )
    expect(await needByKey(redirectKey(equipment, 'needs'))).toMatchObject({
      kind: 'equipment',
      acceptedTerms: ['donate', 'lease'],
      budgetAmount: 8_000_000n,
      budgetPer: 'month',
      estimatedValue: 450_000_000n,
      fundingGoal: 100_000_000n,
      fundingCurrency: 'VND',
      details: { item: 'Máy tiện CNC cỡ nhỏ' },
    })
    const expert = await postNeed(
      officerA.cookie,
      { orgKey: COLLEGE_A, title: 'Chuyên gia PLC', subject: 'PLC', 'occupations[0]': 'Cơ điện tử', languages: ['en', 'de'], mode: 'remote', daysNeeded: '10', budgetAmount: '500', budgetCurrency: 'USD', budgetPer: 'day', ...FUTURE },
      'expert',
    )
    expect(await needByKey(redirectKey(expert, 'needs'))).toMatchObject({ kind: 'expert', languages: ['en', 'de'], onSite: false, budgetAmount: 50_000n, budgetCurrency: 'USD', budgetPer: 'day', days: 10, details: { subject: 'PLC' } })
    // The need's page shows the days among its details.
    const page = await getNeedForViewer(redirectKey(expert, 'needs'), null)
    expect(page!.listing.details).toContainEqual({ path: ['daysNeeded'], value: 10 })
  })

  it('a member of several colleges chooses which one posts', async () => {
    const both = await memberOf(COLLEGE_A, 'member')
    await prisma.membership.create({ data: { userId: both.user.id, orgId: await orgId(COLLEGE_B) } })
    const page = await run(() => newListing.loader(args(get('/needs/new?kind=internship', { cookie: both.cookie }), { listings: 'needs' })))
    expect((page.data as { orgs: { key: string }[] }).orgs.map((o) => o.key).sort()).toEqual([COLLEGE_A, COLLEGE_B])
    const key = redirectKey(await postNeed(both.cookie, internship(COLLEGE_B)), 'needs')
    expect((await needByKey(key)).orgId).toBe(await orgId(COLLEGE_B))
  })

  it('answers bad input with 400 and the errors next to the fields, and saves nothing', async () => {
    const before = await prisma.need.count()
    const outcome = await postNeed(officerA.cookie, internship(COLLEGE_A, { 'occupations[0]': '', quantity: '0', startDate: '2030-07-01', stipendAmount: 'ba triệu' }))
    expect(outcome.status).toBe(400)
    expect(errorsOf(outcome)).toMatchObject({
      occupations: ['listings.validation.atLeastOneOccupation'],
      quantity: ['listings.validation.positive'],
      endDate: ['listings.validation.endBeforeStart'],
      stipendAmount: ['listings.validation.amount'],
    })
    // the user's input comes back to be shown again
    expect((outcome.data as { result: { initialValue: Record<string, unknown> } }).result.initialValue).toMatchObject({ title: 'Thực tập 12 tuần cho sinh viên Điện công nghiệp' })
    expect(await postNeed(officerA.cookie, internship(COLLEGE_A, { orgKey: undefined }))).toMatchObject({ status: 400 })
    expect(errorsOf(await postNeed(officerA.cookie, internship(COLLEGE_A, { orgKey: undefined })))).toMatchObject({ orgKey: ['validation.choose'] })
    expect(await run(() => newListing.action(args(post('/needs/new?kind=boat', { form: internship(COLLEGE_A), cookie: officerA.cookie }), { listings: 'needs' })))).toMatchObject({ status: 400 })
    expect(await postNeed(officerA.cookie, internship(COLLEGE_A, { __intent__: 'not json' }))).toMatchObject({ status: 400 })
    expect(await postNeed(officerA.cookie, { orgKey: COLLEGE_A, acceptedTerms: 'bogus', quantity: 'x' }, 'equipment')).toMatchObject({ status: 400 })
    const textBody = new Request('http://localhost/needs/new?kind=internship', { method: 'POST', headers: { cookie: officerA.cookie, 'content-type': 'text/plain' }, body: 'hello' })
    expect(await run(() => newListing.action(args(textBody, { listings: 'needs' })))).toMatchObject({ status: 400 })
    expect(await prisma.need.count()).toBe(before)
  })

  it('shows a chooser without a kind, and sends visitors to log in', async () => {
    const chooser = await run(() => newListing.loader(args(get('/needs/new', { cookie: officerA.cookie }), { listings: 'needs' })))
    expect(chooser.data).toMatchObject({ kind: null })
    const anonymous = await run(() => newListing.action(args(post('/needs/new?kind=internship', { form: internship(COLLEGE_A) }), { listings: 'needs' })))
    expectRedirect(anonymous, `/login?redirectTo=${encodeURIComponent('/needs/new?kind=internship')}`)
  })
})

describe('the lifecycle of a need', () => {
  it('draft → publish → close → reopen → fill, each audited; impossible steps are refused with 409', async () => {
    const key = redirectKey(await postNeed(officerA.cookie, internship(COLLEGE_A, { intent: 'draft', title: 'Bản nháp thực tập' })), 'needs')
    const need = await needByKey(key)
    expect(need.status).toBe('draft')

    expect(await manage(officerA.cookie, key, 'close')).toMatchObject({ status: 409, data: { error: 'listings.errors.notAllowed' } })
    expectRedirect(await manage(officerA.cookie, key, 'publish', { redirectTo: '/dashboard' }), '/dashboard')
    expect((await needByKey(key)).status).toBe('open')
    // a second click finds the work done
    expectRedirect(await manage(officerA.cookie, key, 'publish'), `/needs/${key}`)
    expectRedirect(await manage(officerA.cookie, key, 'close', { redirectTo: 'https://evil.example/' }), `/needs/${key}`)
    expect((await needByKey(key)).status).toBe('closed')
    expectRedirect(await manage(officerA.cookie, key, 'reopen'), `/needs/${key}`)
    expectRedirect(await manage(officerA.cookie, key, 'fill'), `/needs/${key}`)
    expect((await needByKey(key)).status).toBe('filled')
    expect(await manage(officerA.cookie, key, 'close')).toMatchObject({ status: 409 })
    expect(await manage(officerA.cookie, key, 'explode')).toMatchObject({ status: 400, thrown: true })

    const actions = (await auditOf(need.id)).map((entry) => [entry.action, entry.data])
    expect(actions).toEqual([
      ['need.create', expect.objectContaining({ status: 'draft' })],
      ['need.publish', { from: 'draft', to: 'open' }],
      ['need.close', { from: 'open', to: 'closed' }],
      ['need.reopen', { from: 'closed', to: 'open' }],
      ['need.fill', { from: 'open', to: 'filled' }],
    ])
  })

  it('the manage page shows the refusal; GET shows the controls to the owner only', async () => {
    const key = 'need-of-b'
    const page = await run(() => manageListing.loader(args(get(`/needs/${key}/manage`, { cookie: officerB.cookie }), { listings: 'needs', key })))
    expect(page.data).toMatchObject({ key, status: 'open' })
    expect(await run(() => manageListing.loader(args(get(`/needs/${key}/manage`, { cookie: officerA.cookie }), { listings: 'needs', key })))).toMatchObject({ status: 404 })
  })

  it('edits a need: saved values change, the audit names the changed fields; bad input changes nothing', async () => {
    const key = redirectKey(await postNeed(officerA.cookie, internship(COLLEGE_A)), 'needs')
    const before = await needByKey(key)
    const page = await run(() => editListing.loader(args(get(`/needs/${key}/edit`, { cookie: officerA.cookie }), { listings: 'needs', key })))
    const defaults = (page.data as { defaults: Form }).defaults
    expect(defaults).toMatchObject({ title: before.title, quantity: '24', stipendAmount: '2.500.000', occupations: ['Điện công nghiệp'] })

    const edited = await run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: { ...defaults, quantity: '30', 'occupations[0]': 'Điện công nghiệp, Cơ điện tử' }, cookie: officerA.cookie }), { listings: 'needs', key })))
    expectRedirect(edited, `/needs/${key}`)
    const after = await needByKey(key)
    expect(after).toMatchObject({ quantity: 30, occupations: ['Điện công nghiệp', 'Cơ điện tử'], title: before.title, status: 'open' })
    const update = (await auditOf(before.id)).find((entry) => entry.action === 'need.update')
    expect(update?.data).toMatchObject({ changed: ['occupations', 'quantity'] })

    const bad = await run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: { ...defaults, quantity: '-1', title: '', endDate: '2020-01-01', startDate: '2019-01-01' }, cookie: officerA.cookie }), { listings: 'needs', key })))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toMatchObject({ quantity: ['listings.validation.positive'], title: ['validation.required'], endDate: ['listings.validation.endInPast'] })
    expect(await needByKey(key)).toEqual(after)
  })

  it('duplicates a need as a new draft (own key) and opens its edit form', async () => {
    const key = redirectKey(await postNeed(officerA.cookie, internship(COLLEGE_A, { title: 'Thực tập Hàn' })), 'needs')
    const outcome = await manage(officerA.cookie, key, 'duplicate')
    const copyKey = redirectKey(outcome, 'needs', '/edit')
    expect(copyKey).not.toBe(key)
    const [source, copy] = await Promise.all([needByKey(key), needByKey(copyKey)])
    expect(copy).toMatchObject({ status: 'draft', title: source.title, quantity: source.quantity, budgetAmount: source.budgetAmount, details: source.details, orgId: source.orgId, createdById: officerA.user.id })
    expect((await auditOf(copy.id))[0]).toMatchObject({ action: 'need.duplicate', data: { from: source.id, fromKey: key } })
  })

  it('reopening a listing whose end date has passed asks for a new end date first', async () => {
    const key = redirectKey(await postNeed(officerA.cookie, internship(COLLEGE_A)), 'needs')
    await prisma.need.update({ where: { key }, data: { status: 'expired', startDate: new Date('2025-01-01'), endDate: new Date('2025-03-31') } })
    expect(await manage(officerA.cookie, key, 'reopen')).toMatchObject({ status: 409, data: { error: 'listings.errors.endInPast' } })
    // an expired listing may be edited with its old dates kept, then given new ones
    const defaults = ((await run(() => editListing.loader(args(get(`/needs/${key}/edit`, { cookie: officerA.cookie }), { listings: 'needs', key })))).data as { defaults: Form }).defaults
    expectRedirect(await run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: { ...defaults, description: 'Cập nhật' }, cookie: officerA.cookie }), { listings: 'needs', key }))), `/needs/${key}`)
    expectRedirect(await run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: { ...defaults, ...FUTURE }, cookie: officerA.cookie }), { listings: 'needs', key }))), `/needs/${key}`)
    expectRedirect(await manage(officerA.cookie, key, 'reopen'), `/needs/${key}`)
    expect((await needByKey(key)).status).toBe('open')
  })
})

describe('expiry', () => {
  it('expires open listings that ended before today in Hà Nội, audited without an actor; running again changes nothing', async () => {
    const college = await orgId(COLLEGE_B)
    const expert = (await prisma.expertProfile.findUniqueOrThrow({ where: { key: EXPERT_B } })).id
    const base = { orgId: college, kind: 'internship' as const, title: 'Hết hạn?', quantity: 1, startDate: new Date('2029-01-01') }
    // 18:00 UTC on 10 May is already 11 May in Hà Nội.
    const now = new Date('2029-05-10T18:00:00Z')
    const ended = await prisma.need.create({ data: { ...base, key: listingKey('need', 'ended'), endDate: new Date('2029-05-10') } })
    const today = await prisma.need.create({ data: { ...base, key: listingKey('need', 'today'), endDate: new Date('2029-05-11') } })
    const draft = await prisma.need.create({ data: { ...base, key: listingKey('need', 'draft'), status: 'draft', endDate: new Date('2029-01-31') } })
    const closed = await prisma.need.create({ data: { ...base, key: listingKey('need', 'closed'), status: 'closed', endDate: new Date('2029-01-31') } })
    const offer = await prisma.offer.create({
      data: { key: listingKey('offer', 'ended'), expertId: expert, kind: 'expert_service', title: 'Dịch vụ', startDate: new Date('2029-01-01'), endDate: new Date('2029-04-30') },
    })

    expect(await expireListings(now)).toEqual({ needs: 1, offers: 1 })
    const status = async (id: string) => (await prisma.need.findUniqueOrThrow({ where: { id } })).status
    expect([await status(ended.id), await status(today.id), await status(draft.id), await status(closed.id)]).toEqual(['expired', 'open', 'draft', 'closed'])
    expect((await prisma.offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('expired')
    expect(await auditOf(ended.id)).toEqual([expect.objectContaining({ actorId: null, action: 'need.expire', entityType: 'Need', data: expect.objectContaining({ from: 'open', to: 'expired', endDate: '2029-05-10' }) })])
    expect(await auditOf(offer.id)).toEqual([expect.objectContaining({ actorId: null, action: 'offer.expire', entityType: 'Offer' })])

    expect(await expireListings(now)).toEqual({ needs: 0, offers: 0 })
    expect(await expireListings(new Date('2029-05-11T17:00:00Z'))).toEqual({ needs: 1, offers: 0 })
    expect(await status(today.id)).toBe('expired')
  })
})

describe('new, unverified posters', () => {
  it('wait for review, and may have only a few listings open; drafts are always allowed', async () => {
    const officer = await memberOf(NEW_COLLEGE, 'owner')
    const keys: string[] = []
    for (let i = 0; i < UNVERIFIED_OPEN_LISTING_CAP; i += 1) {
      keys.push(redirectKey(await postNeed(officer.cookie, internship(NEW_COLLEGE, { title: `Nhu cầu ${i}` })), 'needs'))
    }
    const first = await needByKey(keys[0]!)
    expect(first).toMatchObject({ status: 'open', pendingReview: true })
    expect((await auditOf(first.id))[0]?.data).toMatchObject({ pendingReview: true })

    const refused = await postNeed(officer.cookie, internship(NEW_COLLEGE, { title: 'Một tin quá nhiều' }))
    expect(refused.status).toBe(400)
    expect(errorsOf(refused)).toMatchObject({ '': ['listings.errors.openCap'] })
    expect(await prisma.need.count({ where: { title: 'Một tin quá nhiều' } })).toBe(0)

    const draftKey = redirectKey(await postNeed(officer.cookie, internship(NEW_COLLEGE, { title: 'Nháp chờ', intent: 'draft' })), 'needs')
    expect(await manage(officer.cookie, draftKey, 'publish')).toMatchObject({ status: 409, data: { error: 'listings.errors.openCap' } })
    expect((await needByKey(draftKey)).status).toBe('draft')

    // closing one makes room; reopening it when full again is refused the same way
    expectRedirect(await manage(officer.cookie, keys[0]!, 'close'), `/needs/${keys[0]}`)
    expectRedirect(await manage(officer.cookie, draftKey, 'publish'), `/needs/${draftKey}`)
    expect(await manage(officer.cookie, keys[0]!, 'reopen')).toMatchObject({ status: 409, data: { error: 'listings.errors.openCap' } })

    // once verified there is no cap
    await prisma.organization.update({ where: { key: NEW_COLLEGE }, data: { verification: 'verified' } })
    expectRedirect(await manage(officer.cookie, keys[0]!, 'reopen'), `/needs/${keys[0]}`)
  })
})

describe('ownership', () => {
  it("another college's need is not found, by key or through its edit and manage actions, and is unchanged", async () => {
    const key = 'need-of-b'
    const before = await needByKey(key)
    expect(await run(() => editListing.loader(args(get(`/needs/${key}/edit`, { cookie: officerA.cookie }), { listings: 'needs', key })))).toMatchObject({ status: 404, thrown: true })
    expect(await run(() => editListing.action(args(post(`/needs/${key}/edit`, { form: internship(COLLEGE_A, { title: 'Chiếm quyền' }), cookie: officerA.cookie }), { listings: 'needs', key })))).toMatchObject({ status: 404 })
    for (const intent of ['close', 'fill', 'duplicate', 'publish', 'reopen']) {
      expect(await manage(officerA.cookie, key, intent)).toMatchObject({ status: 404, thrown: true })
    }
    expect(await run(() => editListing.loader(args(get('/needs/no-such-need/edit', { cookie: officerA.cookie }), { listings: 'needs', key: 'no-such-need' })))).toMatchObject({ status: 404 })
    expect(await needByKey(key)).toEqual(before)
    expect(await prisma.need.count({ where: { title: before.title } })).toBe(1)
  })

  it("the write functions themselves find nothing when given another owner's listing id", async () => {
    const need = await needByKey('need-of-b')
    const service = await prisma.offer.findUniqueOrThrow({ where: { key: 'service-of-b' } })
    const asA = { actorId: officerA.user.id, owner: { orgId: await orgId(COLLEGE_A) } }
    const asExpertA = { actorId: expertA.user.id, owner: { expertId: (await prisma.expertProfile.findUniqueOrThrow({ where: { key: EXPERT_A } })).id } }
    const notFound = { ok: false, error: 'listings.errors.notFound' }
    const values = needValuesOf(need)
    expect(await updateNeed({ ...asA, id: need.id, values: { ...values, title: 'Chiếm' }, image: null, removeImageIds: [] })).toMatchObject(notFound)
    expect(await changeListingStatus({ type: 'need', ...asA, id: need.id, action: 'close' })).toMatchObject(notFound)
    expect(await duplicateListing({ type: 'need', ...asA, id: need.id })).toMatchObject(notFound)
    expect(await updateOffer({ ...asExpertA, id: service.id, values: { ...offerValuesOf(service), title: 'Chiếm' }, image: null, removeImageIds: [] })).toMatchObject(notFound)
    expect(await changeListingStatus({ type: 'offer', ...asExpertA, id: service.id, action: 'fill' })).toMatchObject(notFound)
    expect(await duplicateListing({ type: 'offer', ...asExpertA, id: service.id })).toMatchObject(notFound)
    expect(await needByKey('need-of-b')).toEqual(need)
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: 'service-of-b' } })).toEqual(service)
  })

  it("posting as another college is not found; nothing is created", async () => {
    const before = await prisma.need.count()
    expect(await postNeed(officerA.cookie, internship(COLLEGE_B))).toMatchObject({ status: 404, thrown: true })
    expect(await postNeed(officerA.cookie, internship('no-such-org'))).toMatchObject({ status: 404, thrown: true })
    expect(await prisma.need.count()).toBe(before)
  })

  it('businesses cannot post needs; colleges cannot post offers; experts without a profile cannot post services', async () => {
    const needs = await prisma.need.count()
    const offers = await prisma.offer.count()
    expect(await run(() => newListing.loader(args(get('/needs/new?kind=internship', { cookie: businessOwner.cookie }), { listings: 'needs' })))).toMatchObject({ status: 403, thrown: true })
    expect(await postNeed(businessOwner.cookie, internship(BUSINESS))).toMatchObject({ status: 403, thrown: true })
    expect(await run(() => newListing.loader(args(get('/offers/new?kind=placement', { cookie: officerA.cookie }), { listings: 'offers' })))).toMatchObject({ status: 403, thrown: true })
    expect(await run(() => newListing.loader(args(get('/offers/new', { cookie: officerA.cookie }), { listings: 'offers' })))).toMatchObject({ status: 403, thrown: true })
    const placement = { orgKey: COLLEGE_A, title: 'x', 'occupations[0]': 'Hàn', capacity: '3', siteAddress: 'Hà Nội', ...FUTURE }
    expect(await run(() => newListing.action(args(post('/offers/new?kind=placement', { form: placement, cookie: officerA.cookie }), { listings: 'offers' })))).toMatchObject({ status: 403, thrown: true })
    expect(await run(() => newListing.action(args(post('/offers/new?kind=expert_service', { form: placement, cookie: officerA.cookie }), { listings: 'offers' })))).toMatchObject({ status: 403, thrown: true })
    const nobody = await makeUser()
    expect(await run(async () => newListing.loader(args(get('/needs/new', { cookie: await cookieFor(nobody.id) }), { listings: 'needs' })))).toMatchObject({ status: 403 })
    expect([await prisma.need.count(), await prisma.offer.count()]).toEqual([needs, offers])
  })

  it("an expert cannot edit or manage another expert's service, nor a business's offer", async () => {
    const key = 'service-of-b'
    const before = await prisma.offer.findUniqueOrThrow({ where: { key } })
    expect(await run(() => editListing.loader(args(get(`/offers/${key}/edit`, { cookie: expertA.cookie }), { listings: 'offers', key })))).toMatchObject({ status: 404 })
    expect(await run(() => editListing.action(args(post(`/offers/${key}/edit`, { form: { title: 'Của tôi' }, cookie: expertA.cookie }), { listings: 'offers', key })))).toMatchObject({ status: 404 })
    expect(await run(() => manageListing.action(args(post(`/offers/${key}/manage`, { form: { intent: 'close' }, cookie: expertA.cookie }), { listings: 'offers', key })))).toMatchObject({ status: 404 })
    expect(await run(() => manageListing.action(args(post(`/offers/${key}/manage`, { form: { intent: 'close' }, cookie: businessOwner.cookie }), { listings: 'offers', key })))).toMatchObject({ status: 404 })
    expect(await run(() => manageListing.action(args(post('/offers/placement-of-biz/manage', { form: { intent: 'close' }, cookie: expertA.cookie }), { listings: 'offers', key: 'placement-of-biz' })))).toMatchObject({ status: 404 })
    expect(await prisma.offer.findUniqueOrThrow({ where: { key } })).toEqual(before)
    // its own expert may
    expectRedirect(await run(() => manageListing.action(args(post(`/offers/${key}/manage`, { form: { intent: 'close' }, cookie: expertB.cookie }), { listings: 'offers', key }))), `/offers/${key}`)
  })
})

describe('posting offers', () => {
  it('a business posts a placement and an equipment lease, at its own location', async () => {
    const placement = await run(() =>
      newListing.action(
        args(
          post(
            '/offers/new?kind=placement', { form: { orgKey: BUSINESS, title: 'Nhận 10 sinh viên Cơ điện tử', 'occupations[0]': 'Cơ điện tử', capacity: '10', siteAddress: 'KCN Thăng Long', stipendAmount: '3.000.000', stipendCurrency: 'VND', languages: 'vi', ...FUTURE }, cookie: businessOwner.cookie }), { listings: 'offers' },
        ),
      ),
    )
    const placementKey = redirectKey(placement, 'offers')
    expect(placementKey).toMatch(/^offer-nhan-10-sinh-vien-co-dien-tu-[a-z0-9]{6}$/)
    expect(await prisma.offer.findUniqueOrThrow({ where: { key: placementKey } })).toMatchObject({
      orgId: await orgId(BUSINESS),
      expertId: null,
      kind: 'placement',
      capacity: 10,
      priceAmount: 3_000_000n,
      pricePer: 'month',
      lat: 21.1305,
      lng: 105.8012,
      status: 'open',
    })
    const lease = await run(() =>
      newListing.action(
        args(
          post(
            '/offers/new?kind=equipment', { form: { orgKey: BUSINESS, title: 'Cho thuê máy hàn', capacity: '4', equipmentTerms: 'lease', condition: 'good', currency: 'VND', monthlyPrice: '1.200.000', deposit: '5.000.000', ...FUTURE }, cookie: businessOwner.cookie }), { listings: 'offers' },
        ),
      ),
    )
    const offer = await prisma.offer.findUniqueOrThrow({ where: { key: redirectKey(lease, 'offers') } })
    expect(offer).toMatchObject({ equipmentTerms: 'lease', priceAmount: 1_200_000n, pricePer: 'month', details: { condition: 'good', deposit: { amount: 5_000_000, currency: 'VND' } } })
    expect((await auditOf(offer.id))[0]).toMatchObject({ action: 'offer.create', actorId: businessOwner.user.id })
  })

  it('an expert publishes a service at a daily rate in USD; a foreign expert on site states the work permit', async () => {
    const page = await run(() => newListing.loader(args(get('/offers/new?kind=expert_service', { cookie: expertA.cookie }), { listings: 'offers' })))
    expect(page.data).toMatchObject({ foreignExpert: true, defaults: { languages: ['en', 'de'], rateCurrency: 'USD', ratePer: 'day' } })
    const form = { title: 'PLC train-the-trainer', 'occupations[0]': 'Mechatronics', rateAmount: '450', rateCurrency: 'USD', ratePer: 'day', languages: ['en', 'de'], mode: 'onsite', ...FUTURE }
    const missing = await run(() => newListing.action(args(post('/offers/new?kind=expert_service', { form, cookie: expertA.cookie }), { listings: 'offers' })))
    expect(errorsOf(missing)).toMatchObject({ workPermit: ['listings.validation.workPermitRequired'] })
    const created = await run(() => newListing.action(args(post('/offers/new?kind=expert_service', { form: { ...form, workPermit: 'exempt' }, cookie: expertA.cookie }), { listings: 'offers' })))
    const offer = await prisma.offer.findUniqueOrThrow({ where: { key: redirectKey(created, 'offers') } })
    expect(offer).toMatchObject({ expertId: expect.any(String), orgId: null, kind: 'expert_service', priceAmount: 45_000n, priceCurrency: 'USD', pricePer: 'day', remote: false, details: { workPermit: 'exempt' } })

    // editing keeps the owner's scope and the rate
    const key = offer.key
    const defaults = ((await run(() => editListing.loader(args(get(`/offers/${key}/edit`, { cookie: expertA.cookie }), { listings: 'offers', key })))).data as { defaults: Form }).defaults
    expect(defaults).toMatchObject({ rateAmount: '450', workPermit: 'exempt' })
    expectRedirect(await run(() => editListing.action(args(post(`/offers/${key}/edit`, { form: { ...defaults, rateAmount: '500', mode: 'remote' }, cookie: expertA.cookie }), { listings: 'offers', key }))), `/offers/${key}`)
    expect(await prisma.offer.findUniqueOrThrow({ where: { key } })).toMatchObject({ priceAmount: 50_000n, remote: true, details: {} })
  })
})

describe('the dashboard', () => {
  it('shows listings by status, what waits for the owner and the next step', async () => {
    const officer = await memberOf(COLLEGE_A, 'member')
    const college = await orgId(COLLEGE_A)
    const soon = new Date()
    soon.setUTCDate(soon.getUTCDate() + 5)
    const base = { orgId: college, kind: 'internship' as const, quantity: 1, startDate: new Date('2026-01-01'), endDate: new Date('2030-01-01') }
    await prisma.need.create({ data: { ...base, key: listingKey('need', 'hidden'), title: 'Tin bị ẩn', hiddenAt: new Date(), hiddenReason: 'Thông tin sai' } })
    await prisma.need.create({ data: { ...base, key: listingKey('need', 'review'), title: 'Tin chờ duyệt', pendingReview: true } })
    await prisma.need.create({ data: { ...base, key: listingKey('need', 'soon'), title: 'Tin sắp hết hạn', endDate: new Date(soon.toISOString().slice(0, 10)) } })
    const page = await run(() => dashboard.loader(args(get('/dashboard', { cookie: officer.cookie }))))
    type Board = { groups: Record<string, { total: number; listings: { title: string }[] }>; attention: { reason: string; title: string; hiddenReason?: string }[]; next: { step: string } }
    const org = (page.data as { orgs: { key: string; board: Board }[] }).orgs.find((o) => o.key === COLLEGE_A)!
    expect(org.board.groups.open!.total).toBe(await prisma.need.count({ where: { orgId: college, status: 'open' } }))
    expect(org.board.groups.draft!.total).toBe(await prisma.need.count({ where: { orgId: college, status: 'draft' } }))
    expect(org.board.attention).toEqual(
      expect.arrayContaining([
        { reason: 'hidden', key: expect.any(String), title: 'Tin bị ẩn', hiddenReason: 'Thông tin sai' },
        { reason: 'review', key: expect.any(String), title: 'Tin chờ duyệt' },
        expect.objectContaining({ reason: 'expiring', title: 'Tin sắp hết hạn' }),
      ]),
    )
    expect(org.board.next.step).toBe('publishDraft')

    // another college's member sees none of it
    const other = await run(() => dashboard.loader(args(get('/dashboard', { cookie: officerB.cookie }))))
    const titles = JSON.stringify(other.data)
    expect(titles).not.toContain('Tin bị ẩn')
    expect((other.data as { orgs: { key: string }[] }).orgs.map((o) => o.key)).toEqual([COLLEGE_B])

    // a new business owner is told to post a first offer
    await prisma.organization.create({ data: { key: 'biz-empty', kind: 'business', name: 'Empty', verification: 'verified', memberships: { create: { userId: (await makeUser()).id } } } })
    const solo = await prisma.membership.findFirstOrThrow({ where: { org: { key: 'biz-empty' } } })
    const soloPage = await run(async () => dashboard.loader(args(get('/dashboard', { cookie: await cookieFor(solo.userId) }))))
    expect((soloPage.data as { orgs: { board: Board }[] }).orgs[0]!.board.next.step).toBe('postFirst')
  })
})
