import { describe, expect, it, vi } from 'vitest'
import { loadUser, type CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { createProposal, decideProposal, expireProposals, remindProposals } from '~/modules/proposals/proposals.server'
import { postMessage, reportMessage, setBlock, unreadByProposal } from '~/modules/proposals/threads.server'
import * as moderationRoute from '~/routes/admin.moderation'
import * as inboxRoute from '~/routes/proposals._index'
import * as newRoute from '~/routes/proposals.new'
import * as proposalRoute from '~/routes/proposals.$id'
import { buildBusiness } from '../factories/listings'
import { cookieFor, importOk, join, makeExpert, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, errorsOf, get, post, run } from '../support/routes'

// Proposals against a real database: every transition of the lifecycle, who may take each,
// quantities under concurrent acceptance, the caps and pair rules against spam, blocks, the
// thread, and the routes' refusals (issue 11).

vi.hoisted(() => {
  process.env.PROPOSALS_PER_DAY = '10'
  process.env.PROPOSALS_PER_DAY_UNVERIFIED = '2'
  process.env.PROPOSAL_EXPIRY_DAYS = '14'
})

const DAY = 24 * 60 * 60 * 1000

async function member(orgId: string, name = 'Thành viên'): Promise<CurrentUser & { cookie: string }> {
  const user = await makeUser({ name })
  await join(user.id, orgId)
  return { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
}

/** A college with an internship need, a business with a placement offer, and a member of each. */
async function pair(options: { quantity?: number; capacity?: number; verification?: 'verified' | 'unverified' } = {}) {
  const { college, business } = await makeOrgs(options.verification ?? 'verified')
  const need = await makeNeed(college.key, { quantity: options.quantity ?? 10 })
  const offer = await makeOffer(business.key, { capacity: options.capacity ?? 10 })
  return { college, business, need, offer, officer: await member(college.id, 'Cán bộ đào tạo'), hr: await member(business.id, 'HR') }
}

async function sendFromNeed(sender: CurrentUser, needKey: string, offerKey: string, quantity = 4, now?: Date) {
  const result = await createProposal(sender, { needKey, offerKey, quantity, message: 'Chúng tôi có 4 học viên năm cuối.' }, now)
  if (!result.ok) throw new Error(`proposal refused: ${result.error}`)
  return result.id
}

const statusOf = async (id: string) => (await prisma.proposal.findUniqueOrThrow({ where: { id } })).status
const mailTo = (email: string) => prisma.email.findMany({ where: { to: email, template: 'proposal' }, orderBy: { createdAt: 'asc' } })

describe('the proposal lifecycle', () => {
  it('sends a proposal and tells the recipient by email, in their language', async () => {
    const { need, offer, officer, hr } = await pair()
    await prisma.user.update({ where: { id: hr.id }, data: { locale: 'en' } })
    const id = await sendFromNeed(officer, need.key, offer.key)
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'sent', fromSide: 'need', quantity: 4, authorId: officer.id })
    const [mail] = await mailTo(hr.email)
    expect(mail).toMatchObject({ locale: 'en', subject: 'You have a new proposal on Cầu Nối' })
    expect(mail!.text).toContain(`/proposals/${id}`)
    // The sender's own side is not mailed about its own proposal.
    expect(await mailTo(officer.email)).toHaveLength(0)
  })

  it('accepts: records the agreement, takes the quantity from both listings and tells the sender', async () => {
    const { need, offer, officer, hr } = await pair({ quantity: 10, capacity: 6 })
    const id = await sendFromNeed(officer, need.key, offer.key, 6)
    expect(await decideProposal(hr, id, 'accept')).toEqual({ ok: true, status: 'accepted', changed: true })
    expect(await prisma.agreement.findUniqueOrThrow({ where: { proposalId: id } })).toMatchObject({ needId: need.id, offerId: offer.id, quantity: 6 })
    // The offer's 6 places are all taken: filled (and out of search); the need still wants 4.
    expect((await prisma.offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('filled')
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('open')
    expect((await mailTo(officer.email)).map((m) => m.subject)).toEqual(['Đề xuất của bạn đã được chấp nhận'])
    expect(await prisma.auditLog.count({ where: { entityId: id, action: 'proposal.accept', actorId: hr.id } })).toBe(1)
    // A second click finds the work done.
    expect(await decideProposal(hr, id, 'accept')).toEqual({ ok: true, status: 'accepted', changed: false })
    expect(await prisma.agreement.count({ where: { proposalId: id } })).toBe(1)
  })

  it('splits one need across two businesses and fills it when covered', async () => {
    const { college, need, offer, officer, hr } = await pair({ quantity: 20, capacity: 12 })
    const other = buildBusiness()
    await importOk({ organizations: [other] })
    const otherOrg = await prisma.organization.findUniqueOrThrow({ where: { key: other.key } })
    const otherOffer = await makeOffer(other.key, { capacity: 8 })
    const otherHr = await member(otherOrg.id)
    const first = await sendFromNeed(officer, need.key, offer.key, 12)
    const second = await sendFromNeed(officer, need.key, otherOffer.key, 8)
    expect((await decideProposal(hr, first, 'accept')).ok).toBe(true)
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('open')
    expect((await decideProposal(otherHr, second, 'accept')).ok).toBe(true)
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('filled')
    expect(college.id).toBe(need.orgId)
  })

  it('declines with a reason, and the pair cannot be proposed again for 30 days', async () => {
    const { need, offer, officer, hr } = await pair()
    const now = new Date()
    const id = await sendFromNeed(officer, need.key, offer.key, 4, now)
    expect((await decideProposal(hr, id, 'decline', { reason: 'Hết chỗ trong đợt này', now })).ok).toBe(true)
    expect(await prisma.proposal.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'declined', declineReason: 'Hết chỗ trong đợt này', decidedById: hr.id })
    expect((await mailTo(officer.email))[0]!.text).toContain('Hết chỗ trong đợt này')
    const again = await createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 4 }, new Date(now.getTime() + 29 * DAY))
    expect(again).toMatchObject({ ok: false, error: 'declined-recently', values: { days: 1 } })
    expect((await createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 4 }, new Date(now.getTime() + 31 * DAY))).ok).toBe(true)
  })

  it('lets the sender withdraw, and only the sender', async () => {
    const { need, offer, officer, hr } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    expect(await decideProposal(hr, id, 'withdraw')).toMatchObject({ ok: false, error: 'not-allowed' })
    expect(await decideProposal(officer, id, 'accept')).toMatchObject({ ok: false, error: 'not-allowed' })
    expect(await decideProposal(officer, id, 'withdraw')).toMatchObject({ ok: true, status: 'withdrawn' })
    expect((await mailTo(hr.email)).map((m) => m.subject)).toContain('Một đề xuất gửi cho bạn đã được rút lại')
    // Once withdrawn, it can no longer be accepted.
    expect(await decideProposal(hr, id, 'accept')).toMatchObject({ ok: false, error: 'not-allowed' })
  })

  it('is not found for a stranger, and an admin can read but not answer it', async () => {
    const { need, offer, officer } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    const { business: elsewhere } = await makeOrgs()
    const stranger = await member(elsewhere.id)
    expect(await decideProposal(stranger, id, 'accept')).toMatchObject({ ok: false, error: 'not-found' })
    const admin = (await loadUser((await makeUser({ platformRole: 'admin' })).id))!
    expect(await decideProposal(admin, id, 'accept')).toMatchObject({ ok: false, error: 'not-allowed' })
    expect(await statusOf(id)).toBe('sent')
  })

  it('reminds the recipient once before expiry, then expires it and tells the sender', async () => {
    const { need, offer, officer, hr } = await pair()
    const sentAt = new Date()
    const id = await sendFromNeed(officer, need.key, offer.key, 4, sentAt)
    // Other tests' proposals are in this database too: look at this one.
    const remindedAt = async () => (await prisma.proposal.findUniqueOrThrow({ where: { id } })).remindedAt
    await remindProposals(new Date(sentAt.getTime() + 10 * DAY))
    expect(await remindedAt()).toBeNull()
    const dueAt = new Date(sentAt.getTime() + 12.5 * DAY)
    expect(await remindProposals(dueAt)).toBeGreaterThanOrEqual(1)
    expect(await remindedAt()).toEqual(dueAt)
    await remindProposals(new Date(sentAt.getTime() + 13 * DAY))
    expect(await remindedAt()).toEqual(dueAt)
    expect((await mailTo(hr.email)).map((m) => m.subject)).toEqual(['Bạn có đề xuất mới trên Cầu Nối', 'Một đề xuất sắp hết hạn'])
    await expireProposals(new Date(sentAt.getTime() + 13 * DAY))
    expect(await statusOf(id)).toBe('sent')
    expect(await expireProposals(new Date(sentAt.getTime() + 14 * DAY + 1000))).toBeGreaterThanOrEqual(1)
    expect(await statusOf(id)).toBe('expired')
    expect((await mailTo(officer.email)).map((m) => m.subject)).toEqual(['Đề xuất của bạn đã hết hạn'])
    expect(await prisma.auditLog.count({ where: { entityId: id, action: 'proposal.expire', actorId: null } })).toBe(1)
  })
})

describe('acceptances racing for the last places', () => {
  it('never overbook a need: eight businesses accept 5 students each of a need for 10 at once', async () => {
    const { college } = await makeOrgs()
    const need = await makeNeed(college.key, { quantity: 10 })
    const officer = await member(college.id)
    const deciders: { id: string; hr: CurrentUser }[] = []
    for (let i = 0; i < 8; i++) {
      const business = buildBusiness()
      await importOk({ organizations: [business] })
      const offer = await makeOffer(business.key, { capacity: 5 })
      const hr = await member((await prisma.organization.findUniqueOrThrow({ where: { key: business.key } })).id)
      deciders.push({ id: await sendFromNeed(officer, need.key, offer.key, 5), hr })
    }
    // Each acceptance in its own transaction on its own pooled connection, all at once.
    const results = await Promise.all(deciders.map(({ id, hr }) => decideProposal(hr, id, 'accept')))
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    expect(results.filter((r) => !r.ok).map((r) => (r as { error: string }).error)).toEqual(Array(6).fill('over-remaining'))
    const taken = await prisma.proposal.aggregate({ where: { needId: need.id, status: 'accepted' }, _sum: { quantity: true } })
    expect(taken._sum.quantity).toBe(10)
    expect(await prisma.agreement.count({ where: { needId: need.id } })).toBe(2)
    expect((await prisma.need.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('filled')
  })

  it("never overbook an offer: colleges' proposals accepted at once for more places than it has", async () => {
    const { business } = await makeOrgs()
    const offer = await makeOffer(business.key, { capacity: 6 })
    const hr = await member(business.id)
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      const { college } = await makeOrgs()
      const need = await makeNeed(college.key, { quantity: 10 })
      ids.push(await sendFromNeed(await member(college.id), need.key, offer.key, 3))
    }
    const results = await Promise.all(ids.map((id) => decideProposal(hr, id, 'accept')))
    expect(results.filter((r) => r.ok)).toHaveLength(2)
    const taken = await prisma.proposal.aggregate({ where: { offerId: offer.id, status: 'accepted' }, _sum: { quantity: true } })
    expect(taken._sum.quantity).toBe(6)
    expect((await prisma.offer.findUniqueOrThrow({ where: { id: offer.id } })).status).toBe('filled')
  })
})

describe('against spam', () => {
  it('caps new proposals per sender a day, stricter when unverified', async () => {
    const { college } = await makeOrgs('unverified')
    const officer = await member(college.id)
    const need = await makeNeed(college.key, { quantity: 100 })
    const { business } = await makeOrgs()
    const results = []
    for (let i = 0; i < 3; i++) results.push(await createProposal(officer, { needKey: need.key, offerKey: (await makeOffer(business.key)).key, quantity: 1 }))
    expect(results.map((r) => r.ok)).toEqual([true, true, false])
    expect(results[2]).toMatchObject({ error: 'cap', values: { cap: 2 } })
    // Verified: the higher cap (10 here).
    await prisma.organization.update({ where: { id: college.id }, data: { verification: 'verified' } })
    const verifiedOfficer = (await loadUser(officer.id))!
    const more = await createProposal(verifiedOfficer, { needKey: need.key, offerKey: (await makeOffer(business.key)).key, quantity: 1 })
    expect(more.ok).toBe(true)
  })

  it('allows one open proposal per pair, also when both sides propose at the same moment', async () => {
    const { need, offer, officer, hr } = await pair()
    const results = await Promise.all([
      createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 2 }),
      createProposal(hr, { needKey: need.key, offerKey: offer.key, quantity: 2 }),
      createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 3 }),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(results.filter((r) => !r.ok).every((r) => (r as { error: string }).error === 'open-exists')).toBe(true)
    expect(await prisma.proposal.count({ where: { needId: need.id, offerId: offer.id } })).toBe(1)
  })

  it('refuses proposals and messages from a party the recipient blocked', async () => {
    const { business, need, offer, officer, hr } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    expect(await setBlock(hr, id, true)).toEqual({ ok: true })
    expect(await postMessage(officer, id, 'Xin hãy trả lời', 'k1')).toEqual({ ok: false, error: 'blocked' })
    await decideProposal(officer, id, 'withdraw')
    const secondOffer = await makeOffer(business.key)
    expect(await createProposal(officer, { needKey: need.key, offerKey: secondOffer.key, quantity: 1 })).toMatchObject({ ok: false, error: 'blocked' })
    expect(await setBlock(hr, id, false)).toEqual({ ok: true })
    expect((await createProposal(officer, { needKey: need.key, offerKey: secondOffer.key, quantity: 1 })).ok).toBe(true)
  })

  it("refuses a proposal from a listing that is not the user's, or to one that does not pair", async () => {
    const { need, offer, college } = await pair()
    const { business: elsewhere } = await makeOrgs()
    const stranger = await member(elsewhere.id)
    expect(await createProposal(stranger, { needKey: need.key, offerKey: offer.key, quantity: 1 })).toMatchObject({ ok: false, error: 'not-yours' })
    const equipmentNeed = await makeNeed(college.key, { kind: 'equipment' })
    const officer = await member(college.id)
    expect(await createProposal(officer, { needKey: equipmentNeed.key, offerKey: offer.key, quantity: 1 })).toMatchObject({ ok: false, error: 'incompatible' })
    expect(await createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 11 })).toMatchObject({ ok: false, error: 'over-remaining', field: 'quantity' })
  })

  it('lets an expert apply to an expert need with a rate and dates', async () => {
    const { college } = await makeOrgs()
    const need = await makeNeed(college.key, { kind: 'expert' })
    const expert = await makeExpert()
    const user = await makeUser({ name: 'Dr. Weber' })
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id } })
    const service = await makeOffer('', { org: null, expert: expert.key })
    const applicant = (await loadUser(user.id))!
    const result = await createProposal(applicant, { needKey: need.key, offerKey: service.key, message: 'Ten years teaching mechatronics.', rate: '420', rateCurrency: 'USD', ratePer: 'day', startDate: '2030-04-01', endDate: '2030-04-20' })
    expect(result.ok).toBe(true)
    const stored = await prisma.proposal.findUniqueOrThrow({ where: { id: (result as { id: string }).id } })
    expect(stored).toMatchObject({ fromSide: 'offer', quantity: 1, rateAmount: 42000n, rateCurrency: 'USD', ratePer: 'day', senderParty: `expert:${expert.id}`, recipientParty: `org:${college.id}` })
  })
})

describe('the thread', () => {
  it('posts a message once per form, mails the other side, counts unread and hides contacts until acceptance', async () => {
    const { need, offer, officer, hr } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    const first = await postMessage(hr, id, 'Gọi cho tôi: 0912 345 678 hoặc hr@congty.vn', 'form-1')
    const twice = await postMessage(hr, id, 'Gọi cho tôi: 0912 345 678 hoặc hr@congty.vn', 'form-1')
    expect(first).toMatchObject({ ok: true, created: true })
    expect(twice).toMatchObject({ ok: true, created: false, id: (first as { id: string }).id })
    expect(await prisma.message.count({ where: { proposalId: id } })).toBe(1)
    expect((await mailTo(officer.email)).map((m) => m.subject)).toEqual(['Tin nhắn mới về một đề xuất'])
    // The officer has not opened the thread since: one unread message.
    expect((await unreadByProposal(officer.id, [`org:${need.orgId}`])).get(id)).toBe(1)

    const page = await run(() => proposalRoute.loader(args(get(`/proposals/${id}`, { cookie: officer.cookie }), { id })))
    const body = (page.data as { messages: { body: string }[] }).messages[0]!.body
    expect(body).not.toContain('0912')
    expect(body).not.toContain('hr@congty.vn')
    // Opening the page read it.
    expect((await unreadByProposal(officer.id, [`org:${need.orgId}`])).get(id)).toBeUndefined()

    await decideProposal(hr, id, 'accept')
    const after = await run(() => proposalRoute.loader(args(get(`/proposals/${id}`, { cookie: officer.cookie }), { id })))
    const data = after.data as { messages: { body: string }[]; contacts: { people: { email: string }[] }[] }
    expect(data.messages[0]!.body).toContain('0912 345 678')
    expect(data.contacts.flatMap((c) => c.people.map((p) => p.email))).toEqual(expect.arrayContaining([officer.email, hr.email]))
  })

  it('puts a reported message in the admins’ moderation queue, where it is dismissed or removed', async () => {
    const { need, offer, officer, hr } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    const spam = await postMessage(hr, id, 'Mua khóa học giá rẻ tại spam.example', 'spam-1')
    const rude = await postMessage(hr, id, 'Một lời lẽ khiếm nhã', 'rude-1')
    if (!spam.ok || !rude.ok) throw new Error('messages not posted')
    expect(await reportMessage(officer, id, spam.id, 'Quảng cáo không liên quan')).toEqual({ ok: true })
    expect(await reportMessage(officer, id, rude.id, 'Lời lẽ khiếm nhã')).toEqual({ ok: true })
    // Nobody reports their own message.
    expect(await reportMessage(hr, id, spam.id, 'Tự báo cáo')).toMatchObject({ ok: false, error: 'not-found' })

    const adminUser = await makeUser({ platformRole: 'admin', name: 'Quản Trị' })
    const adminCookie = await cookieFor(adminUser.id)
    const queue = await run(() => moderationRoute.loader(args(get('/admin/moderation', { cookie: adminCookie }))))
    const reported = (queue.data as { reportedMessages: { message: { id: string; body: string; proposalId: string }; reports: { reason: string; reporter: { email: string } }[] }[] }).reportedMessages
    const spamCard = reported.find((card) => card.message.id === spam.id)
    expect(spamCard).toMatchObject({ message: { body: 'Mua khóa học giá rẻ tại spam.example', proposalId: id }, reports: [{ reason: 'Quảng cáo không liên quan', reporter: { email: officer.email } }] })
    // Members are refused the queue and its actions.
    expect((await run(() => moderationRoute.loader(args(get('/admin/moderation', { cookie: officer.cookie }))))).status).toBe(403)
    expect((await run(() => moderationRoute.action(args(post('/admin/moderation', { cookie: officer.cookie, form: { intent: 'remove-message', messageId: spam.id } }))))).status).toBe(403)

    const removed = await run(() => moderationRoute.action(args(post('/admin/moderation', { cookie: adminCookie, form: { intent: 'remove-message', messageId: spam.id } }))))
    expect(removed.status).toBe(200)
    expect(await prisma.message.findUnique({ where: { id: spam.id } })).toBeNull()
    expect(await prisma.auditLog.findFirst({ where: { action: 'message.remove', entityId: spam.id, actorId: adminUser.id } })).toMatchObject({ data: { body: 'Mua khóa học giá rẻ tại spam.example', proposalId: id } })
    const dismissed = await run(() => moderationRoute.action(args(post('/admin/moderation', { cookie: adminCookie, form: { intent: 'dismiss-message', messageId: rude.id } }))))
    expect(dismissed.status).toBe(200)
    expect(await prisma.message.findUnique({ where: { id: rude.id } })).not.toBeNull()
    const again = await run(() => moderationRoute.action(args(post('/admin/moderation', { cookie: adminCookie, form: { intent: 'dismiss-message', messageId: rude.id } }))))
    expect(again.status).toBe(409)
    const after = await run(() => moderationRoute.loader(args(get('/admin/moderation', { cookie: adminCookie }))))
    expect((after.data as { reportedMessages: { message: { id: string } }[] }).reportedMessages.map((card) => card.message.id)).not.toEqual(expect.arrayContaining([spam.id]))
    expect((after.data as { reportedMessages: { message: { id: string } }[] }).reportedMessages.map((card) => card.message.id)).not.toEqual(expect.arrayContaining([rude.id]))
  })
})

describe('the proposal routes', () => {
  it('answer 404 to a member of another organisation, on the page and its actions', async () => {
    const { need, offer, officer } = await pair()
    const id = await sendFromNeed(officer, need.key, offer.key)
    const { business: elsewhere } = await makeOrgs()
    const stranger = await member(elsewhere.id)
    expect((await run(() => proposalRoute.loader(args(get(`/proposals/${id}`, { cookie: stranger.cookie }), { id })))).status).toBe(404)
    for (const form of [{ intent: 'accept' }, { intent: 'reply', body: 'xin chào' }, { intent: 'block' }]) {
      expect((await run(() => proposalRoute.action(args(post(`/proposals/${id}`, { cookie: stranger.cookie, form }), { id })))).status).toBe(404)
    }
    const inbox = await run(() => inboxRoute.loader(args(get('/proposals', { cookie: stranger.cookie }))))
    expect(inbox.data).toEqual({ received: [], sent: [] })
    expect(await statusOf(id)).toBe('sent')
  })

  it('send visitors to log in', async () => {
    const outcome = await run(() => inboxRoute.loader(args(get('/proposals'))))
    expect(outcome.status).toBe(302)
    expect(outcome.headers.get('location')).toMatch(/^\/login\?redirectTo=/)
  })

  it('propose through the form and answer through the page', async () => {
    const { need, offer, officer, hr } = await pair()
    const form = await run(() => newRoute.loader(args(get(`/proposals/new?offer=${offer.key}`, { cookie: officer.cookie }))))
    expect(form.data).toMatchObject({ target: { type: 'offer', key: offer.key }, preselected: need.key, counted: true })
    const bad = await run(() => newRoute.action(args(post('/proposals/new', { cookie: officer.cookie, form: { needKey: need.key, offerKey: offer.key, quantity: '0' } }))))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).quantity).toEqual(['listings.validation.positive'])
    const sent = await run(() => newRoute.action(args(post('/proposals/new', { cookie: officer.cookie, form: { needKey: need.key, offerKey: offer.key, quantity: '3', message: 'Xin chào' } }))))
    expect(sent.status).toBe(302)
    const id = /^\/proposals\/([^?]+)\?sent=1$/.exec(sent.headers.get('location') ?? '')![1]!
    const inbox = await run(() => inboxRoute.loader(args(get('/proposals', { cookie: hr.cookie }))))
    expect((inbox.data as { received: { id: string; unread: number }[] }).received).toEqual([expect.objectContaining({ id, unread: 1 })])
    const accepted = await run(() => proposalRoute.action(args(post(`/proposals/${id}`, { cookie: hr.cookie, form: { intent: 'accept' } }), { id })))
    expect(accepted.headers.get('location')).toBe(`/proposals/${id}?done=accept`)
    expect(await statusOf(id)).toBe('accepted')
    // The sender cannot accept for the recipient: a clear refusal, nothing changed.
    const other = await sendFromNeed(officer, need.key, (await makeOffer((await prisma.organization.findUniqueOrThrow({ where: { id: offer.orgId! } })).key)).key, 1)
    const refused = await run(() => proposalRoute.action(args(post(`/proposals/${other}`, { cookie: officer.cookie, form: { intent: 'accept' } }), { id: other })))
    expect(refused.status).toBe(409)
    expect((refused.data as { message: { key: string } }).message.key).toBe('proposals.errors.notAllowed')
  })
})
