import { describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import {
  canOpenAnotherListing,
  initialReviewState,
  REVIEWED_FIRST_LISTINGS,
  UNVERIFIED_OPEN_LISTING_CAP,
  type ListingOwner,
} from '~/modules/moderation/moderation.server'
import { REPORTS_PER_HOUR } from '~/modules/moderation/reports.server'
import * as listingPage from '~/routes/$listings.$key._index'
import * as reportListing from '~/routes/$listings.$key.report'
import * as adminModeration from '~/routes/admin.moderation'
import * as adminVerifications from '~/routes/admin.verifications'
import { buildOffer } from '../factories/listings'
import { cookieFor, importOk, join, makeExpert, makeNeed, makeOffer, makeOrgs, makeUser, searchEntriesFor, databaseNow } from '../support/moderation-fixtures'
import { args, errorsOf, get, locationOf, post, run } from '../support/routes'

// Reports, the admin moderation queue (hide with a reason the owner is emailed, unhide,
// approve, dismiss), the trust rules for new listings, and verification evidence.

async function reportNeed(key: string, cookie: string | undefined, reason: string) {
  return run(() => reportListing.action(args(post(`/needs/${key}/report`, { cookie, form: { reason } }), { listings: 'needs', key })))
}

async function moderate(cookie: string, form: Record<string, string>) {
  return run(() => adminModeration.action(args(post('/admin/moderation', { cookie, form }))))
}

async function admin() {
  const user = await makeUser({ platformRole: 'admin', name: 'Quản Trị' })
  return { user, cookie: await cookieFor(user.id) }
}

/** A college with an owner (in `ownerLocale`) and a need; a reporter from a business. */
async function reportedScene(ownerLocale: 'vi' | 'en' = 'vi') {
  const { college, business } = await makeOrgs()
  const owner = await makeUser({ locale: ownerLocale, name: 'Chủ Trường' })
  await join(owner.id, college.id, 'owner')
  const need = await makeNeed(college.key, { title: 'Chỗ thực tập điện công nghiệp' })
  const reporter = await makeUser({ name: 'Người Báo Cáo' })
  await join(reporter.id, business.id)
  return { college, business, owner, need, reporter, reporterCookie: await cookieFor(reporter.id) }
}

describe('reporting a listing', () => {
  it('sends a signed-out visitor to log in, with the way back to the report form', async () => {
    const { need } = await reportedScene()
    const outcome = await reportNeed(need.key, undefined, 'Thông tin sai sự thật')
    expect(outcome.thrown).toBe(true)
    expect(locationOf(outcome)).toBe(`/login?redirectTo=${encodeURIComponent(`/needs/${need.key}/report`)}`)
    expect(await prisma.listingReport.count()).toBe(0)
  })

  it('files one open report per user per listing and redirects back with ?reported=1', async () => {
    const { need, reporter, reporterCookie } = await reportedScene()
    const first = await reportNeed(need.key, reporterCookie, '  Trường này không có ngành điện  ')
    expect(locationOf(first)).toBe(`/needs/${need.key}?reported=1`)
    const report = await prisma.listingReport.findFirstOrThrow({ where: { needId: need.id } })
    expect(report).toMatchObject({ reporterId: reporter.id, reason: 'Trường này không có ngành điện', resolvedAt: null })

    // A repeat replaces the reason of the open report instead of adding another.
    const again = await reportNeed(need.key, reporterCookie, 'Số điện thoại liên hệ là giả')
    expect(locationOf(again)).toBe(`/needs/${need.key}?reported=1`)
    const reports = await prisma.listingReport.findMany({ where: { needId: need.id } })
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatchObject({ id: report.id, reason: 'Số điện thoại liên hệ là giả' })
    const audit = await prisma.auditLog.findMany({ where: { entityId: need.id, action: 'need.report' }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => [a.actorId, (a.data as { updated: boolean }).updated])).toEqual([
      [reporter.id, false],
      [reporter.id, true],
    ])

    // Once an admin resolved it, the same user may report the listing again.
    await prisma.listingReport.update({ where: { id: report.id }, data: { resolvedAt: new Date(), resolution: 'dismissed' } })
    await reportNeed(need.key, reporterCookie, 'Vẫn còn thông tin sai')
    expect(await prisma.listingReport.count({ where: { needId: need.id } })).toBe(2)
  })

  it('keeps separate reports from different users', async () => {
    const { need, reporterCookie, business } = await reportedScene()
    const other = await makeUser()
    await join(other.id, business.id)
    await reportNeed(need.key, reporterCookie, 'Lý do thứ nhất')
    await reportNeed(need.key, await cookieFor(other.id), 'Lý do thứ hai')
    expect(await prisma.listingReport.count({ where: { needId: need.id, resolvedAt: null } })).toBe(2)
  })

  it('answers a bad reason with 400 and a translation key, filing nothing', async () => {
    const { need, reporterCookie } = await reportedScene()
    const short = await reportNeed(need.key, reporterCookie, 'xấu')
    expect(short.status).toBe(400)
    expect(short.thrown).toBe(false)
    expect(errorsOf(short)).toEqual({ reason: ['moderation.validation.reasonTooShort'] })
    const long = await reportNeed(need.key, reporterCookie, 'x'.repeat(1001))
    expect(errorsOf(long)).toEqual({ reason: ['moderation.validation.reasonTooLong'] })
    const empty = await run(async () => reportListing.action(args(post(`/needs/${need.key}/report`, { cookie: reporterCookie }), { listings: 'needs', key: need.key })))
    expect(errorsOf(empty)).toEqual({ reason: ['validation.required'] })
    expect(await prisma.listingReport.count({ where: { needId: need.id } })).toBe(0)
  })

  it("refuses a member's report of their own organisation's listing with 403, form and action", async () => {
    const { college, need } = await reportedScene()
    const colleague = await makeUser()
    await join(colleague.id, college.id, 'member')
    const cookie = await cookieFor(colleague.id)
    expect(await reportNeed(need.key, cookie, 'Tự báo cáo tin của mình')).toMatchObject({ thrown: true, status: 403 })
    expect(await run(() => reportListing.loader(args(get(`/needs/${need.key}/report`, { cookie }), { listings: 'needs', key: need.key })))).toMatchObject({
      thrown: true,
      status: 403,
    })
    expect(await prisma.listingReport.count({ where: { needId: need.id } })).toBe(0)
  })

  it("refuses an expert's report of their own offer with 403", async () => {
    const expert = await makeExpert()
    const user = await makeUser()
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id } })
    const offer = buildOffer({ expert: expert.key })
    await importOk({ offers: [offer] })
    const outcome = await run(async () =>
      reportListing.action(args(post(`/offers/${offer.key}/report`, { cookie: await cookieFor(user.id), form: { reason: 'Tin của chính tôi' } }), { listings: 'offers', key: offer.key })),
    )
    expect(outcome).toMatchObject({ thrown: true, status: 403 })
    expect(await prisma.listingReport.count({ where: { reporterId: user.id } })).toBe(0)
  })

  it('answers 404 for unknown, hidden, waiting and draft listings, and for a need key on the offers route', async () => {
    const { college, need, reporter, reporterCookie } = await reportedScene()
    const hidden = await makeNeed(college.key)
    await prisma.need.update({ where: { id: hidden.id }, data: { hiddenAt: new Date(), hiddenReason: 'Spam' } })
    const waiting = await makeNeed(college.key)
    await prisma.need.update({ where: { id: waiting.id }, data: { pendingReview: true } })
    const draft = await makeNeed(college.key)
    await prisma.need.update({ where: { id: draft.id }, data: { status: 'draft' } })
    for (const key of ['no-such-need', hidden.key, waiting.key, draft.key]) {
      expect(await reportNeed(key, reporterCookie, 'Thông tin sai sự thật'), key).toMatchObject({ thrown: true, status: 404 })
      expect(await run(() => reportListing.loader(args(get(`/needs/${key}/report`, { cookie: reporterCookie }), { listings: 'needs', key }))), key).toMatchObject({
        thrown: true,
        status: 404,
      })
    }
    const crossed = await run(() =>
      reportListing.action(args(post(`/offers/${need.key}/report`, { cookie: reporterCookie, form: { reason: 'Thông tin sai sự thật' } }), { listings: 'offers', key: need.key })),
    )
    expect(crossed).toMatchObject({ thrown: true, status: 404 })
    expect(await prisma.listingReport.count({ where: { reporterId: reporter.id } })).toBe(0)
  })

  it("shows the report form with the listing's title, and reports offers the same way", async () => {
    const { college, business } = await makeOrgs()
    const reporter = await makeUser()
    await join(reporter.id, college.id)
    const cookie = await cookieFor(reporter.id)
    const offer = await makeOffer(business.key, { title: 'Cho mượn máy CNC' })
    const page = await run(() => reportListing.loader(args(get(`/offers/${offer.key}/report`, { cookie }), { listings: 'offers', key: offer.key })))
    expect(page.data).toEqual({ listing: { type: 'offer', key: offer.key, title: 'Cho mượn máy CNC' } })
    const outcome = await run(() => reportListing.action(args(post(`/offers/${offer.key}/report`, { cookie, form: { reason: 'Máy không tồn tại' } }), { listings: 'offers', key: offer.key })))
    expect(locationOf(outcome)).toBe(`/offers/${offer.key}?reported=1`)
    expect(await prisma.listingReport.findFirstOrThrow({ where: { offerId: offer.id } })).toMatchObject({ reporterId: reporter.id })
  })

  it(`limits a user to ${REPORTS_PER_HOUR} reports an hour`, async () => {
    const { college, business } = await makeOrgs()
    const offers = Array.from({ length: REPORTS_PER_HOUR + 1 }, () => buildOffer({ org: business.key }))
    await importOk({ offers })
    const reporter = await makeUser()
    await join(reporter.id, college.id)
    const cookie = await cookieFor(reporter.id)
    for (const offer of offers.slice(0, REPORTS_PER_HOUR)) {
      const outcome = await run(() => reportListing.action(args(post(`/offers/${offer.key}/report`, { cookie, form: { reason: 'Tin rác quảng cáo' } }), { listings: 'offers', key: offer.key })))
      expect(outcome.status).toBe(302)
    }
    const last = offers.at(-1)!
    const refused = await run(() => reportListing.action(args(post(`/offers/${last.key}/report`, { cookie, form: { reason: 'Tin rác quảng cáo' } }), { listings: 'offers', key: last.key })))
    expect(refused.status).toBe(429)
    expect(errorsOf(refused)).toEqual({ '': ['moderation.report.tooMany'] })
    expect(await prisma.listingReport.count({ where: { reporterId: reporter.id } })).toBe(REPORTS_PER_HOUR)
  })
})

describe('admin moderation page', () => {
  it('answers 403 to members, organisation owners and city viewers, loader and action, changing nothing', async () => {
    const { college, need, owner } = await reportedScene()
    const viewer = await makeUser({ platformRole: 'city_viewer' })
    const member = await makeUser()
    await join(member.id, college.id)
    for (const user of [owner, viewer, member]) {
      const cookie = await cookieFor(user.id)
      expect(await run(() => adminModeration.loader(args(get('/admin/moderation', { cookie }))))).toMatchObject({ thrown: true, status: 403 })
      expect(await moderate(cookie, { intent: 'hide', type: 'need', listingId: need.id, reason: 'Tự ẩn tin của mình' })).toMatchObject({ thrown: true, status: 403 })
    }
    expect(await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).toMatchObject({ hiddenAt: null, hiddenReason: null })
    expect(await prisma.auditLog.count({ where: { entityId: need.id } })).toBe(0)
    expect(await prisma.email.count({ where: { to: owner.email } })).toBe(0)
  })

  it('sends signed-out visitors to log in', async () => {
    const outcome = await run(() => adminModeration.loader(args(get('/admin/moderation'))))
    expect(locationOf(outcome)).toBe(`/login?redirectTo=${encodeURIComponent('/admin/moderation')}`)
  })

  it('lists open reports (one card per listing), listings waiting for review and hidden listings', async () => {
    const { college, need, reporter, reporterCookie, business } = await reportedScene()
    const second = await makeUser({ name: 'Người Thứ Hai' })
    await join(second.id, business.id)
    await reportNeed(need.key, reporterCookie, 'Thông tin sai sự thật')
    await reportNeed(need.key, await cookieFor(second.id), 'Trùng lặp với tin khác')
    const waiting = await makeOffer(business.key, { title: 'Tin chờ duyệt' })
    await prisma.offer.update({ where: { id: waiting.id }, data: { pendingReview: true } })
    const hidden = await makeNeed(college.key, { title: 'Tin đã ẩn' })
    await prisma.need.update({ where: { id: hidden.id }, data: { hiddenAt: new Date(), hiddenReason: 'Tin rác' } })

    const { cookie } = await admin()
    const loaded = await run(() => adminModeration.loader(args(get('/admin/moderation', { cookie }))))
    expect(loaded.status).toBe(200)
    const queue = loaded.data as Awaited<ReturnType<typeof adminModeration.loader>>
    // Other tests in this file leave their own entries in the queue.
    const cards = queue.reported.filter((card) => card.listing.id === need.id)
    expect(cards).toHaveLength(1)
    expect(cards[0]!.listing).toMatchObject({ type: 'need', id: need.id, key: need.key, title: 'Chỗ thực tập điện công nghiệp' })
    expect(cards[0]!.listing.owner).toEqual({ name: college.name, nameVi: college.nameVi })
    expect(cards[0]!.reports.map((r) => [r.reporter.name, r.reason])).toEqual([
      [reporter.name, 'Thông tin sai sự thật'],
      ['Người Thứ Hai', 'Trùng lặp với tin khác'],
    ])
    const ours = (l: { key: string }) => [need.key, waiting.key, hidden.key].includes(l.key)
    expect(queue.waiting.filter(ours).map((l) => [l.type, l.key])).toEqual([['offer', waiting.key]])
    expect(queue.hidden.filter(ours).map((l) => [l.type, l.key, l.hiddenReason])).toEqual([['need', hidden.key, 'Tin rác']])
    expect(JSON.stringify(queue)).not.toMatch(/"\d+n"/)
  })

  it('hides a reported listing with a reason: reports resolved, owners emailed in their language, audited, 404 for visitors', async () => {
    const { college, need, owner, reporterCookie } = await reportedScene('en')
    // A second owner who reads Vietnamese; a plain member is not emailed.
    const coOwner = await makeUser({ locale: 'vi' })
    await join(coOwner.id, college.id, 'owner')
    const member = await makeUser({ locale: 'vi' })
    await join(member.id, college.id, 'member')
    await reportNeed(need.key, reporterCookie, 'Thông tin sai sự thật')
    const { user: adminUser, cookie } = await admin()

    const missing = await moderate(cookie, { intent: 'hide', type: 'need', listingId: need.id, reason: ' ' })
    expect(missing.status).toBe(400)
    expect(errorsOf(missing)).toEqual({ reason: ['validation.required'] })
    expect((missing.data as { formId: string }).formId).toBe(`hide-need-${need.id}`)
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).hiddenAt).toBeNull()

    const reason = 'The college confirmed it has no electrical programme.'
    const since = await databaseNow()
    const hidden = await moderate(cookie, { intent: 'hide', type: 'need', listingId: need.id, reason })
    expect(hidden.status).toBe(200)
    expect(hidden.data).toMatchObject({ done: 'hide', formId: `hide-need-${need.id}` })
    expect(await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).toMatchObject({ hiddenReason: reason, hiddenAt: expect.any(Date) })
    expect(await prisma.listingReport.findFirstOrThrow({ where: { needId: need.id } })).toMatchObject({
      resolution: 'hidden',
      resolvedById: adminUser.id,
      resolvedAt: expect.any(Date),
    })

    const english = await prisma.email.findFirstOrThrow({ where: { to: owner.email } })
    expect(english).toMatchObject({ template: 'listing-hidden', locale: 'en' })
    expect(english.subject).toBe('Your listing “Chỗ thực tập điện công nghiệp” has been hidden on Cầu Nối')
    expect(english.text).toContain(`Reason: ${reason}`)
    expect(english.text).toContain(`/needs/${need.key}`)
    const vietnamese = await prisma.email.findFirstOrThrow({ where: { to: coOwner.email } })
    expect(vietnamese.locale).toBe('vi')
    expect(vietnamese.subject).toBe('Tin đăng “Chỗ thực tập điện công nghiệp” đã bị ẩn trên Cầu Nối')
    expect(vietnamese.text).toContain(`Lý do: ${reason}`)
    expect(await prisma.email.count({ where: { to: member.email } })).toBe(0)
    const queued = await prisma.outboxEntry.findMany({ where: { idempotencyKey: { in: [`email:${english.id}`, `email:${vietnamese.id}`] } } })
    expect(queued).toHaveLength(2)

    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: need.id, action: 'need.hide' } })
    expect(audit.actorId).toBe(adminUser.id)
    expect(audit.data).toMatchObject({ reason })
    // The search index drops it (the outbox carries the change).
    expect(await searchEntriesFor(need.id, since)).toEqual([{ needs: [need.id] }])

    // Visitors get 404; the owner still sees the listing and why it was hidden.
    expect(await run(() => listingPage.loader(args(get(`/needs/${need.key}`), { listings: 'needs', key: need.key })))).toMatchObject({ thrown: true, status: 404 })
    const ownerView = await run(async () => listingPage.loader(args(get(`/needs/${need.key}`, { cookie: await cookieFor(owner.id) }), { listings: 'needs', key: need.key })))
    expect(ownerView.status).toBe(200)
    expect(JSON.stringify(ownerView.data)).toContain(reason)

    // Hiding again changes nothing and emails nobody.
    const again = await moderate(cookie, { intent: 'hide', type: 'need', listingId: need.id, reason: 'Lý do khác hẳn' })
    expect(again.data).toMatchObject({ done: 'alreadyHidden' })
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).hiddenReason).toBe(reason)
    expect(await prisma.email.count({ where: { to: { in: [owner.email, coOwner.email] } } })).toBe(2)
  })

  it("emails an expert's offer to the expert", async () => {
    const expert = await makeExpert()
    const user = await makeUser({ locale: 'en' })
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id } })
    const offer = buildOffer({ expert: expert.key, title: 'PLC training' })
    await importOk({ offers: [offer] })
    const id = (await prisma.offer.findUniqueOrThrow({ where: { key: offer.key } })).id
    const { cookie } = await admin()
    expect((await moderate(cookie, { intent: 'hide', type: 'offer', listingId: id, reason: 'Fake credentials' })).data).toMatchObject({ done: 'hide' })
    const email = await prisma.email.findFirstOrThrow({ where: { to: user.email } })
    expect(email.text).toContain('Reason: Fake credentials')
    expect(email.text).toContain(`/offers/${offer.key}`)
  })

  it('unhides a listing (audited, re-indexed) and answers a repeat with 409', async () => {
    const { need } = await reportedScene()
    const { user: adminUser, cookie } = await admin()
    const since = await databaseNow()
    await moderate(cookie, { intent: 'hide', type: 'need', listingId: need.id, reason: 'Nhầm lẫn của quản trị' })
    const shown = await moderate(cookie, { intent: 'unhide', type: 'need', listingId: need.id })
    expect(shown.data).toMatchObject({ done: 'unhide' })
    expect(await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).toMatchObject({ hiddenAt: null, hiddenReason: null, pendingReview: false })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: need.id, action: 'need.unhide' } })
    expect(audit).toMatchObject({ actorId: adminUser.id, data: { previousReason: 'Nhầm lẫn của quản trị' } })
    expect(await searchEntriesFor(need.id, since)).toEqual([{ needs: [need.id] }, { needs: [need.id] }])
    expect(await run(() => listingPage.loader(args(get(`/needs/${need.key}`), { listings: 'needs', key: need.key })))).toMatchObject({ status: 200 })

    const repeat = await moderate(cookie, { intent: 'unhide', type: 'need', listingId: need.id })
    expect(repeat.status).toBe(409)
    expect(errorsOf(repeat)).toEqual({ '': ['moderation.admin.alreadyHandled'] })
  })

  it('approves a listing waiting for review (re-indexed), or hides it instead', async () => {
    const { business } = await makeOrgs('unverified')
    const first = await makeOffer(business.key)
    const second = await makeOffer(business.key)
    await prisma.offer.updateMany({ where: { id: { in: [first.id, second.id] } }, data: { pendingReview: true } })
    const { user: adminUser, cookie } = await admin()
    const since = await databaseNow()

    const approved = await moderate(cookie, { intent: 'approve', type: 'offer', listingId: first.id })
    expect(approved.data).toMatchObject({ done: 'approve' })
    expect((await prisma.offer.findUniqueOrThrow({ where: { id: first.id } })).pendingReview).toBe(false)
    expect(await prisma.auditLog.count({ where: { entityId: first.id, action: 'offer.approve', actorId: adminUser.id } })).toBe(1)
    expect(await searchEntriesFor(first.id, since)).toEqual([{ offers: [first.id] }])
    expect((await moderate(cookie, { intent: 'approve', type: 'offer', listingId: first.id })).status).toBe(409)

    await moderate(cookie, { intent: 'hide', type: 'offer', listingId: second.id, reason: 'Quảng cáo không liên quan' })
    const queue = (await run(() => adminModeration.loader(args(get('/admin/moderation', { cookie }))))).data as Awaited<
      ReturnType<typeof adminModeration.loader>
    >
    expect(queue.waiting.map((l) => l.id)).not.toContain(second.id)
    expect(queue.hidden.map((l) => l.id)).toContain(second.id)
    // A hidden listing cannot be approved past its hiding.
    expect((await moderate(cookie, { intent: 'approve', type: 'offer', listingId: second.id })).status).toBe(409)
  })

  it('dismisses a report without touching the listing, once', async () => {
    const { need, reporterCookie } = await reportedScene()
    await reportNeed(need.key, reporterCookie, 'Có vẻ đáng ngờ')
    const report = await prisma.listingReport.findFirstOrThrow({ where: { needId: need.id } })
    const { user: adminUser, cookie } = await admin()
    expect((await moderate(cookie, { intent: 'dismiss', reportId: report.id })).data).toMatchObject({ done: 'dismiss' })
    expect(await prisma.listingReport.findUniqueOrThrow({ where: { id: report.id } })).toMatchObject({
      resolution: 'dismissed',
      resolvedById: adminUser.id,
    })
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).hiddenAt).toBeNull()
    expect(await prisma.auditLog.count({ where: { entityId: report.id, action: 'report.dismiss' } })).toBe(1)
    expect((await moderate(cookie, { intent: 'dismiss', reportId: report.id })).status).toBe(409)
  })

  it('answers unknown ids with 404 and bad forms with 400', async () => {
    const { cookie } = await admin()
    expect(await moderate(cookie, { intent: 'hide', type: 'need', listingId: 'no-such-id', reason: 'Tin rác quảng cáo' })).toMatchObject({ thrown: true, status: 404 })
    const bad = await moderate(cookie, { intent: 'approve', type: 'proposal', listingId: 'x' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ type: ['validation.invalid'] })
    expect((await moderate(cookie, { intent: 'explode' })).status).toBe(400)
  })
})

describe('trust rules for new listings', () => {
  it(`makes an unverified organisation's listings wait until ${REVIEWED_FIRST_LISTINGS} were approved`, async () => {
    const { business } = await makeOrgs('unverified')
    const owner: ListingOwner = { orgId: business.id }
    const review = () => prisma.$transaction((tx) => initialReviewState(tx, owner))
    expect(await review()).toEqual({ pendingReview: true })
    // Posting more without an admin's approval does not skip the queue.
    const offers = [await makeOffer(business.key), await makeOffer(business.key), await makeOffer(business.key)]
    await prisma.offer.updateMany({ where: { orgId: business.id }, data: { pendingReview: true } })
    expect(await review()).toEqual({ pendingReview: true })
    await prisma.offer.update({ where: { id: offers[0]!.id }, data: { pendingReview: false } })
    expect(await review()).toEqual({ pendingReview: true })
    await prisma.offer.update({ where: { id: offers[1]!.id }, data: { pendingReview: false } })
    expect(await review()).toEqual({ pendingReview: false })
    // A listing an admin hid puts the poster back under review.
    await prisma.offer.update({ where: { id: offers[2]!.id }, data: { pendingReview: false, hiddenAt: new Date(), hiddenReason: 'Spam' } })
    expect(await review()).toEqual({ pendingReview: true })
  })

  it('never holds back a verified poster, and always reviews a rejected one', async () => {
    const { college } = await makeOrgs('verified')
    expect(await prisma.$transaction((tx) => initialReviewState(tx, { orgId: college.id }))).toEqual({ pendingReview: false })
    const { college: rejected } = await makeOrgs('rejected')
    await makeNeed(rejected.key)
    await makeNeed(rejected.key)
    expect(await prisma.$transaction((tx) => initialReviewState(tx, { orgId: rejected.id }))).toEqual({ pendingReview: true })
  })

  it('applies the same rule to experts', async () => {
    const unverified = await makeExpert(false)
    expect(await prisma.$transaction((tx) => initialReviewState(tx, { expertId: unverified.id }))).toEqual({ pendingReview: true })
    await importOk({ offers: [buildOffer({ expert: unverified.key }), buildOffer({ expert: unverified.key })] })
    expect(await prisma.$transaction((tx) => initialReviewState(tx, { expertId: unverified.id }))).toEqual({ pendingReview: false })
    const verified = await makeExpert(true)
    expect(await prisma.$transaction((tx) => initialReviewState(tx, { expertId: verified.id }))).toEqual({ pendingReview: false })
  })

  it(`caps an unverified poster at ${UNVERIFIED_OPEN_LISTING_CAP} open listings, counting waiting and hidden ones`, async () => {
    const { college } = await makeOrgs('unverified')
    const owner: ListingOwner = { orgId: college.id }
    const canOpen = () => prisma.$transaction((tx) => canOpenAnotherListing(tx, owner))
    const needs = []
    for (let i = 0; i < UNVERIFIED_OPEN_LISTING_CAP - 1; i++) needs.push(await makeNeed(college.key))
    expect(await canOpen()).toBe(true)
    const last = await makeNeed(college.key)
    await prisma.need.update({ where: { id: last.id }, data: { pendingReview: true } })
    expect(await canOpen()).toBe(false)
    await prisma.need.update({ where: { id: needs[0]!.id }, data: { hiddenAt: new Date(), hiddenReason: 'Spam' } })
    expect(await canOpen()).toBe(false)
    // Closing one frees a place.
    await prisma.need.update({ where: { id: needs[1]!.id }, data: { status: 'closed' } })
    expect(await canOpen()).toBe(true)
    // Once verified, there is no cap.
    await prisma.need.update({ where: { id: needs[1]!.id }, data: { status: 'open' } })
    expect(await canOpen()).toBe(false)
    await prisma.organization.update({ where: { id: college.id }, data: { verification: 'verified' } })
    expect(await canOpen()).toBe(true)
  })
})

describe('verification evidence', () => {
  it('stores the note (organisation column and audit log; expert audit log) and shows it in the history', async () => {
    const { user: adminUser, cookie } = await admin()
    const { college } = await makeOrgs('unverified')
    const expert = await makeExpert(false)
    const decide = (form: Record<string, string>) => run(() => adminVerifications.action(args(post('/admin/verifications', { cookie, form }))))

    expect((await decide({ subject: 'org', id: college.id, decision: 'verified', note: 'Giấy phép GDNN số 12/2024' })).data).toEqual({ ok: true })
    expect((await decide({ subject: 'expert', id: expert.id, decision: 'rejected', note: 'No proof of the Meister certificate' })).data).toEqual({
      ok: true,
    })
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: college.id } })).toMatchObject({
      verification: 'verified',
      verificationNote: 'Giấy phép GDNN số 12/2024',
      verifiedById: adminUser.id,
    })
    expect(await prisma.auditLog.findFirstOrThrow({ where: { entityId: expert.id, action: 'expert.rejected' } })).toMatchObject({
      actorId: adminUser.id,
      data: { note: 'No proof of the Meister certificate' },
    })

    const page = await run(() => adminVerifications.loader(args(get('/admin/verifications', { cookie }))))
    const { history, organizations, experts } = page.data as Awaited<ReturnType<typeof adminVerifications.loader>>
    expect(organizations.map((o) => o.id)).not.toContain(college.id)
    expect(experts.map((e) => e.id)).not.toContain(expert.id)
    expect(history.map((h) => [h.subject, h.decision, h.name?.name, h.note, h.admin])).toEqual([
      ['expert', 'rejected', expert.name, 'No proof of the Meister certificate', adminUser.name],
      ['org', 'verified', college.name, 'Giấy phép GDNN số 12/2024', adminUser.name],
    ])
  })

  it("shows an organisation's earlier note while it waits again", async () => {
    const { cookie } = await admin()
    const { business } = await makeOrgs('pending')
    await prisma.organization.update({ where: { id: business.id }, data: { verificationNote: 'Đã gọi điện, chờ giấy phép' } })
    const page = await run(() => adminVerifications.loader(args(get('/admin/verifications', { cookie }))))
    const { organizations } = page.data as Awaited<ReturnType<typeof adminVerifications.loader>>
    expect(organizations.find((o) => o.id === business.id)?.verificationNote).toBe('Đã gọi điện, chờ giấy phép')
  })
})
