import { describe, expect, it } from 'vitest'
import { requestPasswordReset } from '~/modules/accounts/accounts.server'
import { hashPassword } from '~/modules/accounts/password.server'
import { consume, hashSubject } from '~/modules/accounts/rate-limit.server'
import { prisma } from '~/modules/db/db.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import { defineSchedules } from '~/modules/composition/schedules.server'
import { recordDueSlots } from '~/modules/outbox/schedule.server'
import * as signupRoute from '~/routes/signup'
import type { RequestPeer } from '~/modules/runtime/request-context.server'
import { asPeer } from '../support/http'

// Issue 9, findings 2 (bucket upkeep), 7 (no account enumeration) and 8 (signup limit).

let counter = 0
const unique = (name: string) => `${name}.${++counter}.${Date.now().toString(36)}`
const peer = (address: string): RequestPeer => ({ address, socketAddress: address, forwarded: false })

function signupRequest(email: string) {
  const body = new URLSearchParams({ name: 'An', email, password: 'mat-khau-dai-du-1', accountType: 'expert', headline: 'Kỹ sư', country: 'VN' })
  return new Request('http://localhost/signup', { method: 'POST', body })
}

async function runSignup(address: string, email: string) {
  try {
    return await asPeer(peer(address), () => signupRoute.action({ request: signupRequest(email), params: {}, context: {} }))
  } catch (error) {
    if (error instanceof Response) return error
    throw error
  }
}

type Data = { type: 'DataWithResponseInit'; data: { result: { error?: Record<string, string[]> } }; init: ResponseInit }

describe('forgot password: the same work for known and unknown emails (finding 7)', () => {
  it('records one outbox entry and nothing else either way; the worker sends only to an account', async () => {
    const user = await prisma.user.create({ data: { email: `${unique('known')}@example.vn`, name: 'Lan', passwordHash: await hashPassword('mat-khau-dai-du-1'), emailVerifiedAt: new Date() } })
    const unknown = `${unique('unknown')}@example.vn`
    const snapshot = async () => ({ emails: await prisma.email.count(), tokens: await prisma.userToken.count(), entries: await prisma.outboxEntry.count({ where: { kind: 'account_email' } }) })

    for (const email of [user.email, unknown]) {
      const before = await snapshot()
      await requestPasswordReset(email, 'vi')
      expect(await snapshot()).toEqual({ ...before, entries: before.entries + 1 })
    }
    await processOutbox(100)
    expect(await prisma.email.count({ where: { to: user.email, template: 'reset-password' } })).toBe(1)
    expect(await prisma.email.count({ where: { to: unknown } })).toBe(0)
    expect(await prisma.outboxEntry.count({ where: { kind: 'account_email', status: 'pending' } })).toBe(0)
  })
})

describe('signup (findings 7 and 8)', () => {
  it('answers an existing email with the same redirect as a new one, and mails the owner instead', async () => {
    const owner = await prisma.user.create({ data: { email: `${unique('owner')}@example.vn`, name: 'Minh', passwordHash: 'x', locale: 'en' } })
    const fresh = await runSignup('198.51.100.80', `${unique('fresh')}@example.vn`)
    const taken = await runSignup('198.51.100.80', owner.email)
    expect(fresh).toBeInstanceOf(Response)
    expect(taken).toBeInstanceOf(Response)
    for (const response of [fresh, taken] as Response[]) expect(response.status).toBe(302)
    expect((taken as Response).headers.get('location')).toBe(`/verify-email?sent=${encodeURIComponent(owner.email)}`)
    const mail = await prisma.email.findFirstOrThrow({ where: { to: owner.email } })
    expect(mail.template).toBe('account-exists')
    expect(mail.subject).toBe('You already have a Cầu Nối account')
    expect(mail.text).toContain('/login')
    expect(mail.text).toContain('/forgot-password')
    expect(await prisma.user.count({ where: { email: owner.email } })).toBe(1)
  })

  it(`refuses more than SIGNUP_MAX_PER_HOUR signups from one address with 429 and Retry-After`, async () => {
    const max = getEnv().SIGNUP_MAX_PER_HOUR
    const address = '198.51.100.81'
    for (let i = 0; i < max; i++) expect(((await runSignup(address, `${unique('many')}@example.vn`)) as Response).status).toBe(302)
    const refused = (await runSignup(address, `${unique('many')}@example.vn`)) as unknown as Data
    expect(refused.init.status).toBe(429)
    expect(Number(new Headers(refused.init.headers).get('Retry-After'))).toBeGreaterThan(0)
    expect(refused.data.result.error).toEqual({ '': ['security.tooManySignups'] })
    // Another address still signs up.
    expect(((await runSignup('198.51.100.82', `${unique('other')}@example.vn`)) as Response).status).toBe(302)
  })
})

describe('rate-limit buckets (finding 2)', () => {
  it('are deleted by the scheduled sweep once expired', async () => {
    const limit = { name: 'test-sweep', points: 5, windowSeconds: 60 }
    await consume(limit, 'expired subject')
    await consume(limit, 'live subject')
    await prisma.rateLimiterFlexible.update({ where: { key: `test-sweep:${hashSubject('expired subject')}` }, data: { expire: new Date(Date.now() - 1000) } })
    defineSchedules()
    await recordDueSlots()
    await processOutbox()
    expect(await prisma.rateLimiterFlexible.findUnique({ where: { key: `test-sweep:${hashSubject('expired subject')}` } })).toBeNull()
    expect(await prisma.rateLimiterFlexible.findUnique({ where: { key: `test-sweep:${hashSubject('live subject')}` } })).not.toBeNull()
  })
})
