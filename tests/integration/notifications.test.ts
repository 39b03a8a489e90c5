import { describe, expect, it } from 'vitest'
import { loadUser, type CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { todayInHanoi } from '~/modules/i18n/i18n'
import { languageCookie } from '~/modules/i18n/i18n.server'
import type { Channel, NotificationKind } from '~/modules/notifications/kinds'
import { digestKey, notify, sendNotificationDigests } from '~/modules/notifications/notifications.server'
import { createProposal, decideProposal } from '~/modules/proposals/proposals.server'
import { postMessage } from '~/modules/proposals/threads.server'
import * as listRoute from '~/routes/notifications._index'
import * as openRoute from '~/routes/notifications.$id'
import * as settingsRoute from '~/routes/settings.notifications'
import * as root from '~/root'
import { cookieFor, join, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, errorsOf, expectRedirect, get, post, run } from '../support/routes'

// Notifications against a real database: each recipient's channel (in app, email at once,
// daily digest, off), proposal events reaching the other party's people only, the pages
// refusing everyone but the owner, and the daily digest sent once per user per day even when
// several runs race (issue 11, part 5).

const DAY = 24 * 60 * 60 * 1000

async function person(options: { locale?: 'vi' | 'en'; name?: string } = {}) {
  const user = await makeUser(options)
  return { ...user, cookie: await cookieFor(user.id) }
}

async function member(orgId: string, name: string, locale: 'vi' | 'en' = 'vi'): Promise<CurrentUser & { cookie: string }> {
  const user = await makeUser({ name, locale })
  await join(user.id, orgId)
  return { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
}

async function prefer(userId: string, kind: NotificationKind, channel: Channel) {
  await prisma.notificationPreference.upsert({ where: { userId_kind: { userId, kind } }, create: { userId, kind, channel }, update: { channel } })
}

const notificationsOf = (userId: string) => prisma.notification.findMany({ where: { userId }, orderBy: { createdAt: 'asc' } })
const mailTo = (email: string, template?: string) => prisma.email.findMany({ where: { to: email, ...(template ? { template } : {}) }, orderBy: { createdAt: 'asc' } })

const confirm = (userIds: string[], actorId?: string) =>
  prisma.$transaction((tx) => notify(tx, { userIds, kind: 'agreement.confirmed', params: { counterpart: 'Công ty Sao Mai' }, link: '/proposals/p-1', actorId }))

describe('notify', () => {
  it('honours each recipient’s channel: in app, email at once, daily digest, off; the default is the kind’s', async () => {
    const [inApp, email, digest, off, byDefault, actor] = await Promise.all([person(), person({ locale: 'en' }), person(), person(), person(), person()])
    await prefer(inApp.id, 'agreement.confirmed', 'in_app')
    await prefer(email.id, 'agreement.confirmed', 'email')
    await prefer(digest.id, 'agreement.confirmed', 'digest')
    await prefer(off.id, 'agreement.confirmed', 'off')
    // A preference for another kind changes nothing here.
    await prefer(byDefault.id, 'review.received', 'off')

    const outcome = await confirm([inApp.id, email.id, digest.id, off.id, byDefault.id, actor.id], actor.id)
    expect(new Set(outcome.notified)).toEqual(new Set([inApp.id, email.id, digest.id, byDefault.id]))
    expect(new Set(outcome.emailed)).toEqual(new Set([email.id, byDefault.id]))
    expect(outcome.digested).toEqual([digest.id])
    expect(outcome.skipped).toEqual([off.id])

    for (const user of [inApp, email, digest, byDefault]) {
      const [row, ...more] = await notificationsOf(user.id)
      expect(more).toHaveLength(0)
      expect(row).toMatchObject({ kind: 'agreement.confirmed', link: '/proposals/p-1', readAt: null, digestPending: user === digest, params: { counterpart: 'Công ty Sao Mai' } })
    }
    expect(await notificationsOf(off.id)).toHaveLength(0)
    expect(await notificationsOf(actor.id)).toHaveLength(0)

    // Email at once: in the recipient's language, keyed by the notification in the outbox.
    const [english] = await mailTo(email.email)
    expect(english).toMatchObject({ template: 'notification', locale: 'en', subject: 'Cầu Nối notification: Agreement confirmed' })
    expect(english!.text).toContain('Both sides confirmed the agreement with Công ty Sao Mai.')
    expect(english!.text).toContain('/proposals/p-1')
    const [row] = await notificationsOf(email.id)
    expect(await prisma.outboxEntry.findUnique({ where: { idempotencyKey: `notification:${row!.id}` } })).toMatchObject({ kind: 'email', payload: { emailId: english!.id } })
    expect((await mailTo(byDefault.email))[0]).toMatchObject({ locale: 'vi', subject: 'Thông báo từ Cầu Nối: Thỏa thuận đã được xác nhận' })
    for (const user of [inApp, digest, off, actor]) expect(await mailTo(user.email)).toHaveLength(0)
  })

  it('keeps a link on this site', async () => {
    const user = await person()
    await prisma.$transaction((tx) => notify(tx, { userIds: [user.id], kind: 'review.received', params: { counterpart: 'X' }, link: '//evil.example/x' }))
    expect((await notificationsOf(user.id))[0]!.link).toBe('/notifications')
  })

  it('is rolled back with the change it reports', async () => {
    const user = await person()
    await expect(
      prisma.$transaction(async (tx) => {
        await notify(tx, { userIds: [user.id], kind: 'agreement.completed', params: { counterpart: 'X' }, link: '/dashboard' })
        throw new Error('the change failed')
      }),
    ).rejects.toThrow('the change failed')
    expect(await notificationsOf(user.id)).toHaveLength(0)
    expect(await mailTo(user.email)).toHaveLength(0)
  })
})

describe('proposal events', () => {
  it('reach the other party’s members only, each by their own preference', async () => {
    const { college, business } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { quantity: 10 })
    const offer = await makeOffer(business.key, { capacity: 10 })
    const officer = await member(college.id, 'Cán bộ đào tạo')
    const colleague = await member(college.id, 'Phó phòng đào tạo')
    const hr = await member(business.id, 'HR', 'en')
    const hrDigest = await member(business.id, 'HR 2')
    await prefer(hrDigest.id, 'proposal.received', 'digest')
    const { business: elsewhere } = await makeOrgs('verified')
    const stranger = await member(elsewhere.id, 'Người ngoài')

    const sent = await createProposal(officer, { needKey: need.key, offerKey: offer.key, quantity: 4 })
    if (!sent.ok) throw new Error(sent.error)
    const id = sent.id
    // The business's people hear of it; the college's (the sender's side) do not.
    const [received] = await notificationsOf(hr.id)
    expect(received).toMatchObject({ kind: 'proposal.received', link: `/proposals/${id}`, digestPending: false })
    expect((received!.params as Record<string, string>).need).toBe(need.title)
    expect((await mailTo(hr.email, 'proposal')).map((m) => m.subject)).toEqual(['You have a new proposal on Cầu Nối'])
    expect(await notificationsOf(hrDigest.id)).toEqual([expect.objectContaining({ kind: 'proposal.received', digestPending: true })])
    expect(await mailTo(hrDigest.email)).toHaveLength(0)
    for (const user of [officer, colleague, stranger]) expect(await notificationsOf(user.id)).toHaveLength(0)

    // A message from the business: the college's people, not the writer's side.
    await prefer(colleague.id, 'proposal.message', 'off')
    expect((await postMessage(hr, id, 'Chúng tôi nhận được 4 bạn.', 'k-1')).ok).toBe(true)
    expect((await notificationsOf(officer.id)).map((n) => n.kind)).toEqual(['proposal.message'])
    expect(await notificationsOf(colleague.id)).toHaveLength(0)
    expect((await notificationsOf(hr.id)).map((n) => n.kind)).toEqual(['proposal.received'])

    // Accepted: the sender's side; the colleague chose the app only for acceptances.
    await prefer(colleague.id, 'proposal.accepted', 'in_app')
    expect((await decideProposal(hr, id, 'accept')).ok).toBe(true)
    expect((await notificationsOf(officer.id)).map((n) => n.kind)).toEqual(['proposal.message', 'proposal.accepted'])
    expect((await notificationsOf(colleague.id)).map((n) => n.kind)).toEqual(['proposal.accepted'])
    expect((await mailTo(officer.email, 'proposal')).map((m) => m.subject)).toEqual(['Tin nhắn mới về một đề xuất', 'Đề xuất của bạn đã được chấp nhận'])
    expect(await mailTo(colleague.email)).toHaveLength(0)
    expect(await notificationsOf(stranger.id)).toHaveLength(0)
    expect((await notificationsOf(hr.id)).map((n) => n.kind)).toEqual(['proposal.received'])
  })
})

describe('the pages', () => {
  async function twoUsersWithNotifications() {
    const owner = await person()
    const other = await person()
    await confirm([owner.id, other.id])
    await prisma.$transaction((tx) => notify(tx, { userIds: [owner.id], kind: 'review.received', params: { counterpart: 'Trường A' }, link: '/dashboard' }))
    const mine = await notificationsOf(owner.id)
    const theirs = (await notificationsOf(other.id))[0]!
    return { owner, other, mine, theirs }
  }

  it('list the user’s own notifications, newest first, in the page’s language, with the unread count', async () => {
    const { owner, mine } = await twoUsersWithNotifications()
    const page = await run(() => listRoute.loader(args(get('/notifications', { cookie: owner.cookie }))))
    const data = page.data as { notifications: { id: string; text: string; read: boolean }[]; unread: number }
    expect(data.notifications.map((n) => n.id)).toEqual([mine[1]!.id, mine[0]!.id])
    expect(data.notifications[0]!.text).toBe('Trường A đã đánh giá sự hợp tác với bạn.')
    expect(data.unread).toBe(2)
    const lngCookie = (await languageCookie.serialize('en')).split(';')[0]
    const english = await run(() => listRoute.loader(args(get('/notifications', { cookie: `${owner.cookie}; ${lngCookie}` }))))
    expect((english.data as typeof data).notifications[0]!.text).toBe('Trường A reviewed working with you.')
  })

  it('count the user’s unread notifications in the navigation', async () => {
    const { owner, other, mine } = await twoUsersWithNotifications()
    const unreadIn = async (cookie: string) => ((await run(() => root.loader(args(get('/', { cookie }))))).data as { user: { unreadNotifications: number } }).user.unreadNotifications
    expect(await unreadIn(owner.cookie)).toBe(2)
    expect(await unreadIn(other.cookie)).toBe(1)
    await prisma.notification.update({ where: { id: mine[0]!.id }, data: { readAt: new Date() } })
    expect(await unreadIn(owner.cookie)).toBe(1)
  })

  it('mark one read (the owner’s only: another user gets 404), or all', async () => {
    const { owner, other, mine, theirs } = await twoUsersWithNotifications()
    const refused = await run(() => listRoute.action(args(post('/notifications', { cookie: owner.cookie, form: { intent: 'read', id: theirs.id } }))))
    expect(refused.status).toBe(404)
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull()

    expectRedirect(await run(() => listRoute.action(args(post('/notifications', { cookie: owner.cookie, form: { intent: 'read', id: mine[0]!.id } })))), '/notifications')
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine[0]!.id } })).readAt).toBeInstanceOf(Date)
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine[1]!.id } })).readAt).toBeNull()

    expectRedirect(await run(() => listRoute.action(args(post('/notifications', { cookie: owner.cookie, form: { intent: 'read-all' } })))), '/notifications?done=all')
    expect(await prisma.notification.count({ where: { userId: owner.id, readAt: null } })).toBe(0)
    // Not the other user's.
    expect(await prisma.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1)

    const bad = await run(() => listRoute.action(args(post('/notifications', { cookie: owner.cookie, form: { intent: 'read' } }))))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).id).toEqual(['validation.required'])
  })

  it('open a notification at its link for its owner only', async () => {
    const { owner, other, mine, theirs } = await twoUsersWithNotifications()
    const refused = await run(() => openRoute.loader(args(get(`/notifications/${theirs.id}`, { cookie: owner.cookie }), { id: theirs.id })))
    expect(refused.status).toBe(404)
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull()
    expect((await run(() => openRoute.loader(args(get('/notifications/nope', { cookie: owner.cookie }), { id: 'nope' })))).status).toBe(404)
    expectRedirect(await run(() => openRoute.loader(args(get(`/notifications/${mine[0]!.id}`, { cookie: owner.cookie }), { id: mine[0]!.id }))), '/proposals/p-1')
    expect((await prisma.notification.findUniqueOrThrow({ where: { id: mine[0]!.id } })).readAt).toBeInstanceOf(Date)
    expectRedirect(await run(() => openRoute.loader(args(get(`/notifications/${theirs.id}`, { cookie: other.cookie }), { id: theirs.id }))), '/proposals/p-1')
  })

  it('send a visitor who is not signed in to the login page', async () => {
    const { theirs } = await twoUsersWithNotifications()
    const calls = [
      () => listRoute.loader(args(get('/notifications'))),
      () => listRoute.action(args(post('/notifications', { form: { intent: 'read-all' } }))),
      () => openRoute.loader(args(get(`/notifications/${theirs.id}`), { id: theirs.id })),
      () => settingsRoute.loader(args(get('/settings/notifications'))),
      () => settingsRoute.action(args(post('/settings/notifications', { form: {} }))),
    ]
    for (const call of calls) expectRedirect(await run(call), /^\/login\?redirectTo=/)
    expect(await prisma.notification.count({ where: { id: theirs.id, readAt: null } })).toBe(1)
  })

  it('save preferences: every kind with a channel, the defaults shown first, a bad value refused next to its field', async () => {
    const user = await person()
    const other = await person()
    await prefer(other.id, 'proposal.received', 'off')
    const page = await run(() => settingsRoute.loader(args(get('/settings/notifications', { cookie: user.cookie }))))
    const { preferences } = page.data as { preferences: Record<string, string> }
    expect(preferences['proposal.received']).toBe('email')
    expect(preferences['review.received']).toBe('digest')

    const form: Record<string, string> = Object.fromEntries(Object.keys(preferences).map((kind) => [kind.replace('.', '_'), preferences[kind]!]))
    const bad = await run(() => settingsRoute.action(args(post('/settings/notifications', { cookie: user.cookie, form: { ...form, proposal_message: 'pigeon' } }))))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad).proposal_message).toEqual(['notifications.settings.invalidChannel'])
    expect(await prisma.notificationPreference.count({ where: { userId: user.id } })).toBe(0)

    const saved = await run(() =>
      settingsRoute.action(args(post('/settings/notifications', { cookie: user.cookie, form: { ...form, proposal_received: 'digest', agreement_completed: 'off' } }))),
    )
    expectRedirect(saved, '/settings/notifications?saved=1')
    const after = await run(() => settingsRoute.loader(args(get('/settings/notifications', { cookie: user.cookie }))))
    expect((after.data as typeof page.data & { preferences: Record<string, string> }).preferences).toMatchObject({ 'proposal.received': 'digest', 'agreement.completed': 'off', 'proposal.message': 'email' })
    // The other user's choice is theirs alone.
    expect(await prisma.notificationPreference.findUnique({ where: { userId_kind: { userId: other.id, kind: 'proposal.received' } } })).toMatchObject({ channel: 'off' })
    // …and it is what notify reads.
    await prisma.$transaction((tx) => notify(tx, { userIds: [user.id], kind: 'agreement.completed', params: { counterpart: 'X' }, link: '/dashboard' }))
    expect(await notificationsOf(user.id)).toHaveLength(0)
  })
})

describe('the daily digest', () => {
  it('mails each user their waiting notifications once per Hà Nội day, even when runs race, then clears them', async () => {
    const lan = await person({ name: 'Lan' })
    const tom = await person({ locale: 'en', name: 'Tom' })
    const instant = await person()
    for (const user of [lan, tom]) {
      await prefer(user.id, 'agreement.confirmed', 'digest')
      await prefer(user.id, 'review.received', 'digest')
    }
    await confirm([lan.id, tom.id, instant.id])
    await prisma.$transaction((tx) => notify(tx, { userIds: [lan.id, tom.id], kind: 'review.received', params: { counterpart: 'Trường Kim Liên' }, link: '/dashboard' }))
    expect(await mailTo(instant.email)).toHaveLength(1) // email at once, never in a digest

    const now = new Date()
    // Five instances' runs of the same slot at once.
    const mailed = await Promise.all(Array.from({ length: 5 }, () => sendNotificationDigests(now)))
    // Other tests' users wait for a digest too: the runs together mailed each user once.
    expect(mailed.reduce((sum, n) => sum + n, 0)).toBe(await prisma.email.count({ where: { template: 'notification-digest' } }))
    const viMail = await mailTo(lan.email, 'notification-digest')
    const enMail = await mailTo(tom.email, 'notification-digest')
    expect(viMail).toHaveLength(1)
    expect(enMail).toHaveLength(1)
    expect(viMail[0]).toMatchObject({ locale: 'vi', subject: 'Tổng hợp thông báo hằng ngày trên Cầu Nối' })
    expect(viMail[0]!.text).toContain('Bạn có 2 thông báo mới')
    expect(viMail[0]!.text).toContain('Thỏa thuận với Công ty Sao Mai đã được cả hai bên xác nhận.')
    expect(viMail[0]!.text).toContain('Trường Kim Liên đã đánh giá sự hợp tác với bạn.')
    expect(enMail[0]).toMatchObject({ locale: 'en', subject: 'Your daily Cầu Nối notifications' })
    expect(enMail[0]!.text).toContain('You have 2 new notifications')
    expect(await prisma.outboxEntry.findUnique({ where: { idempotencyKey: digestKey(lan.id, todayInHanoi(now)) } })).toMatchObject({ kind: 'email' })
    expect(await prisma.notification.count({ where: { userId: { in: [lan.id, tom.id] }, digestPending: true } })).toBe(0)
    expect(await mailTo(instant.email, 'notification-digest')).toHaveLength(0)

    // Later the same day: what came since waits for tomorrow's digest.
    await prisma.$transaction((tx) => notify(tx, { userIds: [lan.id], kind: 'review.received', params: { counterpart: 'Trường B' }, link: '/dashboard' }))
    await sendNotificationDigests(new Date(now.getTime() + 60_000))
    expect(await mailTo(lan.email, 'notification-digest')).toHaveLength(1)
    expect(await prisma.notification.count({ where: { userId: lan.id, digestPending: true } })).toBe(1)

    const tomorrow = new Date(now.getTime() + DAY)
    await Promise.all([sendNotificationDigests(tomorrow), sendNotificationDigests(tomorrow)])
    const both = await mailTo(lan.email, 'notification-digest')
    expect(both).toHaveLength(2)
    expect(both[1]!.text).toContain('Bạn có 1 thông báo mới')
    expect(both[1]!.text).toContain('Trường B')
    expect(both[1]!.text).not.toContain('Kim Liên')
    expect(await mailTo(tom.email, 'notification-digest')).toHaveLength(1)
  })
})
