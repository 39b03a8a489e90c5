import { describe, expect, it } from 'vitest'
import { loadUser, type CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { memberDashboard } from '~/modules/dashboard/dashboard.server'
import { type agreementPage, completeAgreement, completeDueAgreements, publicReviewsOf, signAgreement, submitReview } from '~/modules/proposals/agreements.server'
import { createProposal, decideProposal } from '~/modules/proposals/proposals.server'
import * as calendarRoute from '~/routes/agreements.$id.calendar[.ics]'
import * as agreementRoute from '~/routes/agreements.$id._index'
import * as printRoute from '~/routes/agreements.$id.print'
import { cookieFor, join, makeExpert, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, errorsOf, get, post, run } from '../support/routes'

// Agreements against a real database: drafted from the accepted proposal, terms per pairing
// settled by either party, both confirmations (refused over terms changed since they were
// read), completion by a party or by date, blind two-way reviews, the calendar file, and
// every route's refusal of strangers (issue 11).

const DAY = 24 * 60 * 60 * 1000

async function member(orgId: string, name = 'Thành viên'): Promise<CurrentUser & { cookie: string }> {
  const user = await makeUser({ name })
  await join(user.id, orgId)
  return { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
}

/** A college's internship need accepted by a business's placement: the agreement's id and the people. */
async function placementAgreement() {
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { quantity: 10, startDate: '2030-03-01', endDate: '2030-05-31' })
  const offer = await makeOffer(business.key, { capacity: 10, startDate: '2030-02-01', endDate: '2030-06-30' })
  const officer = await member(college.id, 'Cán bộ đào tạo')
  const hr = await member(business.id, 'HR')
  const sent = await createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 4 })
  if (!sent.ok) throw new Error(sent.error)
  expect((await decideProposal(hr, sent.id, 'accept')).ok).toBe(true)
  const agreement = await prisma.agreement.findUniqueOrThrow({ where: { proposalId: sent.id } })
  return { college, business, need, offer, officer, hr, id: agreement.id }
}

const pageFor = async (user: { cookie: string }, id: string) => {
  const outcome = await run(() => agreementRoute.loader(args(get(`/agreements/${id}`, { cookie: user.cookie }), { id })))
  expect(outcome.status).toBe(200)
  return outcome.data as Awaited<ReturnType<typeof agreementPage>>
}

const placementTerms = (version: string, overrides: Record<string, string> = {}) => ({
  intent: 'terms',
  version,
  startDate: '2030-03-02',
  endDate: '2030-05-30',
  quantity: '4',
  site: 'Nhà máy Đông Anh, lô B2',
  supervisors: 'Kỹ sư Trần Văn Minh, 0912 000 111',
  stipend: '1.500.000',
  stipendCurrency: 'VND',
  ...overrides,
})

describe('agreements', () => {
  it('is drafted on acceptance with the pairing’s kind and the overlap of both windows, awaiting both confirmations', async () => {
    const { officer, id } = await placementAgreement()
    const row = await prisma.agreement.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ kind: 'placement', status: 'draft', quantity: 4, needConfirmedAt: null, offerConfirmedAt: null })
    expect(row.startDate?.toISOString().slice(0, 10)).toBe('2030-03-01')
    expect(row.endDate?.toISOString().slice(0, 10)).toBe('2030-05-31')
    const page = await pageFor(officer, id)
    expect(page.side).toBe('need')
    expect(page.actions).toEqual(['terms', 'sign'])
    // The placement's supervisors are not known yet: nobody can confirm until they are written.
    expect(page.termsComplete).toBe(false)
    expect(await signAgreement(officer, id, page.agreement.version)).toEqual({ ok: false, error: 'incomplete' })
  })

  it('takes terms from either party, then both confirmations; an edit resets them and a stale confirmation is refused', async () => {
    const { officer, hr, id } = await placementAgreement()
    const before = await pageFor(hr, id)
    const saved = await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms(before.agreement.version) }), { id })))
    expect(saved.headers.get('location')).toBe(`/agreements/${id}?done=terms`)
    const row = await prisma.agreement.findUniqueOrThrow({ where: { id } })
    expect(row.details).toEqual({ site: 'Nhà máy Đông Anh, lô B2', supervisors: 'Kỹ sư Trần Văn Minh, 0912 000 111', stipend: { amount: 1_500_000, currency: 'VND' } })
    expect(row.startDate?.toISOString().slice(0, 10)).toBe('2030-03-02')

    const settled = await pageFor(officer, id)
    expect(settled.termsComplete).toBe(true)
    expect(settled.formValues).toMatchObject({ site: 'Nhà máy Đông Anh, lô B2', stipend: '1.500.000', stipendCurrency: 'VND' })
    // A confirmation of the terms as they stood before the edit is refused.
    expect(await signAgreement(officer, id, before.agreement.version)).toEqual({ ok: false, error: 'stale' })
    expect(await signAgreement(officer, id, settled.agreement.version)).toEqual({ ok: true, status: 'draft' })
    expect((await pageFor(officer, id)).actions).toEqual(['terms'])

    // The business edits again: the college's confirmation no longer stands.
    const edited = await run(() =>
      agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms(settled.agreement.version, { quantity: '3' }) }), { id })),
    )
    expect(edited.status).toBe(302)
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id } })).needConfirmedAt).toBeNull()

    const latest = (await pageFor(hr, id)).agreement.version
    expect(await signAgreement(hr, id, latest)).toEqual({ ok: true, status: 'draft' })
    const signed = await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: officer.cookie, form: { intent: 'sign', version: latest } }), { id })))
    expect(signed.headers.get('location')).toBe(`/agreements/${id}?done=sign`)
    expect(await prisma.agreement.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'confirmed', quantity: 3, needConfirmedById: officer.id, offerConfirmedById: hr.id })
    expect(await prisma.auditLog.count({ where: { entityId: id, action: 'agreement.confirm', actorId: officer.id } })).toBe(1)
    // The other side is told (in the app, and by email: the kind's default); the confirming member is not.
    const confirmed = await prisma.notification.findMany({ where: { kind: 'agreement.confirmed', link: `/agreements/${id}` }, select: { userId: true } })
    expect(confirmed.map((n) => n.userId)).toEqual([hr.id])
    expect(await prisma.email.count({ where: { to: hr.email, subject: { contains: 'Thỏa thuận đã được xác nhận' } } })).toBe(1)
    // Confirmed terms are no longer edited.
    const late = await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms(latest) }), { id })))
    expect(late.status).toBe(409)
  })

  it('answers bad terms next to the field and keeps what was saved', async () => {
    const { hr, id } = await placementAgreement()
    const { agreement } = await pageFor(hr, id)
    const submit = (overrides: Record<string, string>) =>
      run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms(agreement.version, overrides) }), { id })))
    const bad = await submit({ endDate: '2030-01-01', stipend: 'nhiều' })
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toMatchObject({ endDate: ['listings.validation.endBeforeStart'] })
    expect(errorsOf(bad).stipend).toHaveLength(1)
    expect(errorsOf(await submit({ site: ' ' }))).toMatchObject({ site: ['validation.required'] })
    // The supervisor's email and telephone are checked as such.
    const contact = await submit({ supervisorEmail: 'not-an-email', supervisorPhone: '0912' })
    expect(contact.status).toBe(400)
    expect(errorsOf(contact)).toMatchObject({ supervisorEmail: ['validation.email'], supervisorPhone: ['validation.phone'] })
    expect((await prisma.agreement.findUniqueOrThrow({ where: { id } })).endDate?.toISOString().slice(0, 10)).toBe('2030-05-31')
  })

  it('prices an expert contract from the proposed rate and the days, and asks for the work permit on site', async () => {
    const { college } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { kind: 'expert', startDate: '2030-04-01', endDate: '2030-04-30' })
    const officer = await member(college.id)
    const expert = await makeExpert()
    const user = await makeUser({ name: 'Dr. Weber' })
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id } })
    const service = await makeOffer('', { org: null, expert: expert.key })
    const applicant = { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
    const sent = await createProposal(applicant, { needKey: need.key, offerKey: service.key, rate: '420', rateCurrency: 'USD', ratePer: 'day', startDate: '2030-04-06', endDate: '2030-04-17' })
    if (!sent.ok) throw new Error(sent.error)
    expect((await decideProposal(officer, sent.id, 'accept')).ok).toBe(true)
    const row = await prisma.agreement.findUniqueOrThrow({ where: { proposalId: sent.id } })
    // 6–17 April 2030 (a Saturday to a Wednesday): eight working days at 420 USD.
    expect(row).toMatchObject({ kind: 'expert', amount: 336_000n, currency: 'USD' })
    expect(row.details).toMatchObject({ rate: { amount: 42_000, currency: 'USD' }, ratePer: 'day', days: 8, languages: ['en'], mode: 'onsite' })

    const { agreement } = await pageFor(applicant, row.id)
    const terms = { intent: 'terms', version: agreement.version, startDate: '2030-04-06', endDate: '2030-04-17', rate: '400', rateCurrency: 'USD', ratePer: 'day', days: '6', languages: ['en', 'de'], mode: 'onsite' }
    const missing = await run(() => agreementRoute.action(args(post(`/agreements/${row.id}`, { cookie: applicant.cookie, form: terms }), { id: row.id })))
    expect(errorsOf(missing)).toMatchObject({ workPermit: ['validation.choose'] })
    const saved = await run(() => agreementRoute.action(args(post(`/agreements/${row.id}`, { cookie: applicant.cookie, form: { ...terms, workPermit: 'exempt' } }), { id: row.id })))
    expect(saved.status).toBe(302)
    expect(await prisma.agreement.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ amount: 240_000n, currency: 'USD', details: { days: 6, languages: ['en', 'de'], workPermit: 'exempt' } })
  })

  it('completes by a party or after its end date, then keeps each review hidden until both are written', async () => {
    const { business, officer, hr, id } = await placementAgreement()
    const version = async () => (await pageFor(hr, id)).agreement.version
    expect(await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms('x') }), { id })))).toMatchObject({ status: 409 })
    const current = await version()
    await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: placementTerms(current) }), { id })))
    // A draft cannot complete, nor be reviewed.
    expect(await completeAgreement(officer, id)).toEqual({ ok: false, error: 'not-allowed' })
    expect(await submitReview(officer, id, { rating: 5 })).toEqual({ ok: false, error: 'not-allowed' })
    const v = await version()
    await signAgreement(officer, id, v)
    await signAgreement(hr, id, v)

    // The end date (30 May 2030) has not passed on 30 May in Hà Nội; it has on 31 May.
    expect(await completeDueAgreements(new Date('2030-05-30T16:00:00Z'))).toBe(0)
    expect(await completeDueAgreements(new Date('2030-05-30T17:30:00Z'))).toBeGreaterThanOrEqual(1)
    const completed = await prisma.agreement.findUniqueOrThrow({ where: { id } })
    expect(completed).toMatchObject({ status: 'completed', completedById: null })

    expect(await submitReview(officer, id, { rating: 5, body: 'Hướng dẫn rất tận tình.' })).toEqual({ ok: true })
    expect(await submitReview(officer, id, { rating: 1 })).toEqual({ ok: false, error: 'already-reviewed' })
    // Completion told both sides; the review tells only the reviewed side, and not what it says.
    expect((await prisma.notification.findMany({ where: { kind: 'agreement.completed', link: `/agreements/${id}` } })).map((n) => n.userId).sort()).toEqual([officer.id, hr.id].sort())
    const told = await prisma.notification.findMany({ where: { kind: 'review.received', link: `/agreements/${id}` } })
    expect(told.map((n) => n.userId)).toEqual([hr.id])
    expect(JSON.stringify(told[0]!.params)).not.toContain('Hướng dẫn rất tận tình')
    const hrView = await pageFor(hr, id)
    expect(hrView.reviews).toMatchObject({ mine: null, theirs: null, theirsWaiting: true })
    expect(hrView.actions).toEqual(['review'])
    expect((await publicReviewsOf(`org:${business.id}`, 'vi')).reviews).toHaveLength(0)
    // …unless 14 days have passed since completion.
    const later = new Date(completed.completedAt!.getTime() + 15 * DAY)
    expect((await publicReviewsOf(`org:${business.id}`, 'vi', later)).reviews).toMatchObject([{ rating: 5, body: 'Hướng dẫn rất tận tình.' }])

    const reviewed = await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: hr.cookie, form: { intent: 'review', rating: '4', body: 'Học viên chăm chỉ.' } }), { id })))
    expect(reviewed.headers.get('location')).toBe(`/agreements/${id}?done=review`)
    expect((await pageFor(hr, id)).reviews.theirs).toMatchObject({ rating: 5 })
    expect((await pageFor(officer, id)).reviews.theirs).toMatchObject({ rating: 4, body: 'Học viên chăm chỉ.' })
    expect(await publicReviewsOf(`org:${business.id}`, 'vi')).toMatchObject({ average: 5, reviews: [{ rating: 5 }] })
  })

  it('gives a calendar file of its dates, and lists it on both dashboards', async () => {
    const { officer, hr, id, need } = await placementAgreement()
    const outcome = await run(() => calendarRoute.loader(args(get(`/agreements/${id}/calendar.ics`, { cookie: officer.cookie }), { id })))
    expect(outcome.status).toBe(200)
    expect(outcome.headers.get('content-type')).toBe('text/calendar; charset=utf-8')
    const ics = await outcome.response!.text()
    expect(ics).toContain('BEGIN:VEVENT')
    expect(ics).toMatch(/DTSTART;VALUE=DATE:20300301/)
    // All-day events end the day after the last day.
    expect(ics).toMatch(/DTEND;VALUE=DATE:20300601/)
    expect(ics).toContain(`UID:agreement-${id}@caunoi`)
    expect(ics.replace(/\r\n /g, '')).toContain(need.title)
    for (const user of [officer, hr]) {
      const dashboard = await memberDashboard(user, { lng: 'vi', since: new Date(0), today: '2030-01-01' })
      expect(dashboard.agreements).toMatchObject([{ id, kind: 'placement', status: 'draft', awaitingMe: true }])
    }
  })

  it('is not found for anyone but the parties; an admin reads it but cannot act', async () => {
    const { id } = await placementAgreement()
    const { business: elsewhere } = await makeOrgs()
    const stranger = await member(elsewhere.id)
    for (const route of [agreementRoute.loader, printRoute.loader, calendarRoute.loader]) {
      expect((await run(() => route(args(get(`/agreements/${id}`, { cookie: stranger.cookie }), { id })))).status).toBe(404)
    }
    for (const form of [{ intent: 'sign', version: 'x' }, { intent: 'complete' }, { intent: 'review', rating: '5' }, placementTerms('x')]) {
      expect((await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: stranger.cookie, form }), { id })))).status).toBe(404)
    }
    expect(await signAgreement(stranger, id, 'x')).toEqual({ ok: false, error: 'not-allowed' })
    expect(await completeAgreement(stranger, id)).toEqual({ ok: false, error: 'not-allowed' })
    const admin = await makeUser({ name: 'Quản trị' })
    await prisma.user.update({ where: { id: admin.id }, data: { platformRole: 'admin' } })
    const adminCookie = await cookieFor(admin.id)
    const read = await pageFor({ cookie: adminCookie }, id)
    expect(read).toMatchObject({ side: null, actions: [] })
    expect((await run(() => agreementRoute.action(args(post(`/agreements/${id}`, { cookie: adminCookie, form: { intent: 'complete' } }), { id })))).status).toBe(403)
    const anonymous = await run(() => agreementRoute.loader(args(get(`/agreements/${id}`), { id })))
    expect(anonymous.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })
})
