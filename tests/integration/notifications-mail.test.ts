import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { isMailboxMode } from '~/modules/email/mailer.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import * as newRoute from '~/routes/proposals.new'
import { cookieFor, join, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, post, run } from '../support/routes'

// A Resend outage delays a notification's email but never loses it nor blocks the action
// that caused it: the proposal is sent and the notification shown at once; the email waits
// in the outbox and goes out, with its notification's idempotency key, once Resend is back.

vi.hoisted(() => {
  // The Resend client is made at the first delivery, after beforeAll points it at the stand-in.
  process.env.RESEND_API_KEY = 're_test_outage'
  process.env.EMAIL_FROM = 'Cầu Nối Test <test@caunoi.vn>'
})

type Recorded = { to: string; subject: string; key: string | undefined }
const requests: Recorded[] = []
let outage = true
let server: Server

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (raw += chunk))
    req.on('end', () => {
      const body = JSON.parse(raw || '{}') as { to?: string | string[]; subject?: string }
      requests.push({ to: String(body.to), subject: String(body.subject), key: req.headers['idempotency-key'] as string | undefined })
      const [status, reply] = outage
        ? [503, { name: 'application_error', message: 'Service unavailable', statusCode: 503 }]
        : [200, { id: `re_${requests.length}` }]
      res.writeHead(status, { 'content-type': 'application/json' })
      res.end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  process.env.RESEND_BASE_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

describe('a notification email during a Resend outage', () => {
  it('waits in the outbox while the user’s action succeeds, then is delivered once with its key', async () => {
    expect(isMailboxMode()).toBe(false)
    const { college, business } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { quantity: 10 })
    const offer = await makeOffer(business.key, { capacity: 10 })
    const officer = await makeUser({ name: 'Cán bộ' })
    await join(officer.id, college.id)
    const hr = await makeUser({ name: 'HR', locale: 'en' })
    await join(hr.id, business.id)

    // The college proposes through the page while Resend answers 503.
    const cookie = await cookieFor(officer.id)
    const sent = await run(() => newRoute.action(args(post('/proposals/new', { cookie, form: { needKey: need.key, offerKey: offer.key, quantity: '3' } }))))
    expect(sent.status).toBe(302)
    const proposal = await prisma.proposal.findFirstOrThrow({ where: { needId: need.id, offerId: offer.id } })
    expect(sent.headers.get('location')).toBe(`/proposals/${proposal.id}?sent=1`)
    const [notification] = await prisma.notification.findMany({ where: { userId: hr.id } })
    expect(notification).toMatchObject({ kind: 'proposal.received', link: `/proposals/${proposal.id}` })
    const key = `notification:${notification!.id}`

    await processOutbox()
    const waiting = await prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey: key } })
    expect(waiting).toMatchObject({ kind: 'email', status: 'pending', attempts: 1 })
    expect(waiting.lastError).toContain('503')
    const emailId = (waiting.payload as { emailId: string }).emailId
    expect((await prisma.email.findUniqueOrThrow({ where: { id: emailId } })).sentAt).toBeNull()
    expect(requests.filter((r) => r.to === hr.email)).toHaveLength(1)

    // Resend is back; the backoff passes.
    outage = false
    await prisma.outboxEntry.update({ where: { id: waiting.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } })
    await processOutbox()
    const delivered = await prisma.email.findUniqueOrThrow({ where: { id: emailId } })
    expect(delivered.sentAt).toBeInstanceOf(Date)
    expect(delivered.providerId).toMatch(/^re_/)
    expect(await prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey: key } })).toMatchObject({ status: 'done', attempts: 2 })
    const toHr = requests.filter((r) => r.to === hr.email)
    expect(toHr.map((r) => r.key)).toEqual([key, key])
    expect(toHr[1]!.subject).toBe('You have a new proposal on Cầu Nối')

    // Nothing more goes out on later passes.
    await processOutbox()
    expect(requests.filter((r) => r.to === hr.email)).toHaveLength(2)
  })
})
