import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  acceptInvitation,
  decideVerification,
  findInvitation,
  inviteMember,
  isResetTokenValid,
  login,
  requestPasswordReset as queuePasswordReset,
  resendVerification,
  resetPassword,
  signup,
  verifyEmail,
} from '~/modules/accounts/accounts.server'
import { verifyPassword } from '~/modules/accounts/password.server'
import { SignupSchema } from '~/modules/accounts/schemas'
import { createSession } from '~/modules/accounts/session.server'
import { hashSubject } from '~/modules/accounts/rate-limit.server'
import { hashToken } from '~/modules/accounts/tokens.server'
import { disconnectDb, prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import { testDatabaseUrl } from '../support/database'

vi.hoisted(() => {
  // Every failed login costs a scrypt hash (about 0.1 s, several times that on a busy 2-core
  // machine), and the per-address limit is 20 × this: 2 keeps that test at 40 hashes, well
  // inside its timeout, while testing the same rules (each test reads the limit from the env).
  process.env.LOGIN_MAX_ATTEMPTS = '2'
})

// The account flows against a real database. Tokens only ever leave the server inside an
// email, so the tests read them from the Email rows, as a user would from their inbox.

const PASSWORD = 'mat-khau-dai-du-1'
const HOUR = 60 * 60 * 1000

let counter = 0
/** A fresh address per test, so the tests do not share accounts or rate-limit buckets. */
function uniqueEmail(name = 'user'): string {
  counter += 1
  return `${name}.${counter}.${Date.now().toString(36)}@example.vn`
}

let addressCounter = 0
function uniqueAddress(): string {
  addressCounter += 1
  return `203.0.113.${addressCounter}`
}

type SignupFields = Record<string, string | undefined>

/** Signs up through the same schema the form uses (from a fresh address), with the new user's id. */
async function signupWith(fields: SignupFields, lng: Language = 'vi') {
  const input = SignupSchema.parse(fields)
  const result = await signup(input, lng, uniqueAddress())
  if (!result.ok) return result
  const user = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })
  return { ...result, userId: user?.id ?? '' }
}

/** The form's request, then the outbox worker that looks the account up and sends the link. */
async function requestPasswordReset(email: string, lng: Language) {
  await queuePasswordReset(email, lng)
  await processOutbox(100)
}

function collegeFields(email: string, extra: SignupFields = {}): SignupFields {
  return {
    name: 'Nguyễn Văn An',
    email,
    password: PASSWORD,
    accountType: 'college',
    orgName: 'Trường Cao đẳng Điện Hà Nội',
    district: 'Đống Đa',
    ...extra,
  }
}

async function emailsTo(to: string) {
  return prisma.email.findMany({ where: { to }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] })
}

async function lastEmailTo(to: string) {
  const emails = await emailsTo(to)
  const email = emails.at(-1)
  if (!email) throw new Error(`no email to ${to}`)
  return email
}

/** The token of the link in the newest email to `to` that points at `path`. */
async function tokenFromEmail(to: string, path: '/verify-email' | '/reset-password' | '/invite'): Promise<string> {
  const email = await lastEmailTo(to)
  const appUrl = getEnv().appUrl
  const escaped = `${appUrl}${path}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const pattern = path === '/invite' ? new RegExp(`${escaped}/([A-Za-z0-9_-]+)`) : new RegExp(`${escaped}\\?token=([A-Za-z0-9_-]+)`)
  const match = email.text.match(pattern)
  if (!match) throw new Error(`no ${path} link in the email to ${to}: ${email.text}`)
  // The HTML part carries the same link.
  expect(email.html).toContain(match[0])
  return match[1]!
}

/** A signed-up, verified user with their organisation. */
async function verifiedCollegeUser(extra: SignupFields = {}) {
  const email = uniqueEmail('owner')
  const result = await signupWith(collegeFields(email, extra))
  if (!result.ok) throw new Error(`signup failed: ${result.error}`)
  expect(await verifyEmail(await tokenFromEmail(email, '/verify-email'))).toBe(true)
  const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId }, include: { memberships: { include: { org: true } } } })
  return { user, org: user.memberships[0]!.org }
}

describe('signup', () => {
  it('gives simultaneous signups of the same organisation name each their own key', async () => {
    const orgName = 'Trường Cao đẳng Cùng Tên Đồng Thời'
    const results = await Promise.all(Array.from({ length: 4 }, () => signupWith(collegeFields(uniqueEmail('same'), { orgName }))))
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true])
    const keys = (await prisma.organization.findMany({ where: { name: orgName }, select: { key: true } })).map((org) => org.key)
    expect(new Set(keys).size).toBe(4)
    expect(keys).toContain('truong-cao-dang-cung-ten-dong-thoi')
  })

  it('creates the user, a pending organisation with them as owner, and queues the verification email', async () => {
    const email = uniqueEmail('an')
    const before = Date.now()
    const result = await signupWith(collegeFields(email))
    expect(result.ok).toBe(true)
    if (!result.ok) return

    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId } })
    expect(user.email).toBe(email)
    expect(user.name).toBe('Nguyễn Văn An')
    expect(user.emailVerifiedAt).toBeNull()
    expect(user.locale).toBe('vi')
    expect(user.platformRole).toBe('member')
    expect(user.passwordHash).not.toContain(PASSWORD)
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true)

    const memberships = await prisma.membership.findMany({ where: { userId: user.id }, include: { org: true } })
    expect(memberships).toHaveLength(1)
    const { org, role } = memberships[0]!
    expect(role).toBe('owner')
    expect(org.kind).toBe('college')
    expect(org.name).toBe('Trường Cao đẳng Điện Hà Nội')
    expect(org.nameVi).toBe('Trường Cao đẳng Điện Hà Nội')
    expect(org.district).toBe('Đống Đa')
    expect(org.verification).toBe('pending')
    expect(org.key).toMatch(/^truong-cao-dang-dien-ha-noi(-[0-9a-f]+)?$/)

    const tokens = await prisma.userToken.findMany({ where: { userId: user.id } })
    expect(tokens).toHaveLength(1)
    expect(tokens[0]!.purpose).toBe('verify_email')
    expect(tokens[0]!.usedAt).toBeNull()
    const ttl = tokens[0]!.expiresAt.getTime() - before
    expect(ttl).toBeGreaterThan(24 * HOUR - 60_000)
    expect(ttl).toBeLessThan(24 * HOUR + 60_000)

    const emails = await emailsTo(email)
    expect(emails).toHaveLength(1)
    const sent = emails[0]!
    expect(sent.template).toBe('verify-email')
    expect(sent.locale).toBe('vi')
    expect(sent.sentAt).toBeNull()
    expect(sent.subject).toMatch(/Cầu Nối/)
    expect(sent.text).toContain('Nguyễn Văn An')
    // Only the token's hash is stored; the link carries the token itself.
    const token = await tokenFromEmail(email, '/verify-email')
    expect(tokens[0]!.tokenHash).toBe(hashToken(token))
    expect(tokens[0]!.tokenHash).not.toBe(token)

    const outbox = await prisma.outboxEntry.findUniqueOrThrow({ where: { idempotencyKey: `email:${sent.id}` } })
    expect(outbox.kind).toBe('email')
    expect(outbox.status).toBe('pending')
    expect(outbox.payload).toEqual({ emailId: sent.id })

    const audit = await prisma.auditLog.findMany({ where: { actorId: user.id }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => a.action).sort()).toEqual(['org.create', 'user.signup'])
    expect(audit.find((a) => a.action === 'org.create')).toMatchObject({ entityType: 'Organization', entityId: org.id, data: { key: org.key } })
  })

  it('creates a business organisation with a distinct key when the name is taken', async () => {
    const first = await signupWith(collegeFields(uniqueEmail('b1'), { accountType: 'business', orgName: 'Công ty Cơ khí Hà Nội' }))
    const second = await signupWith(collegeFields(uniqueEmail('b2'), { accountType: 'business', orgName: 'Công ty Cơ khí Hà Nội' }))
    expect(first.ok && second.ok).toBe(true)
    if (!first.ok || !second.ok) return
    const [a, b] = await Promise.all(
      [first.userId, second.userId].map((userId) => prisma.membership.findFirstOrThrow({ where: { userId }, include: { org: true } })),
    )
    expect(a!.org.kind).toBe('business')
    expect(b!.org.kind).toBe('business')
    expect(a!.org.key).toMatch(/^cong-ty-co-khi-ha-noi/)
    expect(b!.org.key).toMatch(/^cong-ty-co-khi-ha-noi-[0-9a-f]{6}$/)
    expect(a!.org.id).not.toBe(b!.org.id)
    expect(a!.org.key).not.toBe(b!.org.key)
  })

  it('creates a pending expert profile (no organisation) for an expert, in English', async () => {
    const email = uniqueEmail('anna')
    const result = await signupWith(
      { name: 'Anna Schmidt', email, password: PASSWORD, accountType: 'expert', headline: 'CNC trainer', country: 'de' },
      'en',
    )
    expect(result.ok).toBe(true)
    if (!result.ok) return
    const user = await prisma.user.findUniqueOrThrow({ where: { id: result.userId }, include: { expertProfile: true, memberships: true } })
    expect(user.locale).toBe('en')
    expect(user.memberships).toHaveLength(0)
    expect(user.expertProfile).toMatchObject({
      name: 'Anna Schmidt',
      headline: 'CNC trainer',
      country: 'DE',
      languages: ['en'],
      verification: 'pending',
    })
    expect(user.expertProfile!.key).toMatch(/^exp-anna-schmidt(-[0-9a-f]{6})?$/)
    const sent = await lastEmailTo(email)
    expect(sent.locale).toBe('en')
    expect(sent.subject).toBe('Verify your email for Cầu Nối')
    expect(sent.text).toContain('Hello Anna Schmidt,')
    const audit = await prisma.auditLog.findMany({ where: { actorId: user.id } })
    expect(audit.map((a) => a.action).sort()).toEqual(['expert.create', 'user.signup'])
  })

  it('answers an email that already has an account like a new one, writes no account and tells the owner', async () => {
    const email = uniqueEmail('dup')
    expect((await signupWith(collegeFields(email))).ok).toBe(true)
    const counts = async () => ({
      users: await prisma.user.count(),
      orgs: await prisma.organization.count(),
      emails: await prisma.email.count(),
      outbox: await prisma.outboxEntry.count(),
    })
    const before = await counts()
    const again = await signupWith(collegeFields(email.toUpperCase(), { orgName: 'Another college' }))
    expect(again.ok).toBe(true)
    // One email (and its outbox entry) more: "you already have an account", nothing else.
    expect(await counts()).toEqual({ ...before, emails: before.emails + 1, outbox: before.outbox + 1 })
    const notice = await prisma.email.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: 'desc' } })
    expect(notice.template).toBe('account-exists')
    expect(notice.text).toContain('/forgot-password')
  })

  it('writes the user, organisation, token, email and outbox entry in one transaction', async () => {
    // The last write of signup fails: nothing of it may remain.
    await prisma.$executeRawUnsafe(`
      CREATE FUNCTION test_fail_signup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.action = 'user.signup' THEN RAISE EXCEPTION 'signup interrupted'; END IF;
        RETURN NEW;
      END $$`)
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER test_fail_signup BEFORE INSERT ON "AuditLog" FOR EACH ROW EXECUTE FUNCTION test_fail_signup()`,
    )
    const email = uniqueEmail('tx')
    const orgName = `Trường rollback ${Date.now()}`
    const before = { emails: await prisma.email.count(), outbox: await prisma.outboxEntry.count(), tokens: await prisma.userToken.count() }
    try {
      await expect(signupWith(collegeFields(email, { orgName }))).rejects.toThrow(/signup interrupted/)
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER test_fail_signup ON "AuditLog"`)
      await prisma.$executeRawUnsafe(`DROP FUNCTION test_fail_signup()`)
    }
    expect(await prisma.user.findUnique({ where: { email } })).toBeNull()
    expect(await prisma.organization.findFirst({ where: { name: orgName } })).toBeNull()
    expect(await prisma.email.count()).toBe(before.emails)
    expect(await prisma.outboxEntry.count()).toBe(before.outbox)
    expect(await prisma.userToken.count()).toBe(before.tokens)
    // And the same address can sign up afterwards.
    expect((await signupWith(collegeFields(email, { orgName }))).ok).toBe(true)
  })

  it('creates one account for two simultaneous signups with the same email, answering both alike', async () => {
    const email = uniqueEmail('race')
    const results = await Promise.allSettled([
      signupWith(collegeFields(email, { orgName: 'Race A' })),
      signupWith(collegeFields(email, { orgName: 'Race B' })),
    ])
    expect(await prisma.user.count({ where: { email } })).toBe(1)
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : { ok: 'threw', error: String(r.reason) }))
    expect(values.filter((v) => v.ok === true)).toHaveLength(2)
    // The losing signup left no organisation behind.
    expect(await prisma.organization.count({ where: { name: { in: ['Race A', 'Race B'] } } })).toBe(1)
  })
})

describe('login and email verification', () => {
  it('refuses a wrong password, an unknown email and an unverified account', async () => {
    const email = uniqueEmail('login')
    const signed = await signupWith(collegeFields(email))
    expect(signed.ok).toBe(true)
    const address = uniqueAddress()
    expect(await login(email, 'wrong password!', address)).toEqual({ ok: false, error: 'auth.loginFailed' })
    expect(await login(uniqueEmail('nobody'), PASSWORD, address)).toEqual({ ok: false, error: 'auth.loginFailed' })
    // The right password of an unverified account: told to verify, but not signed in.
    expect(await login(email, PASSWORD, address)).toEqual({ ok: false, error: 'auth.unverified' })
  })

  it('does not reveal an unverified account to someone without its password', async () => {
    const email = uniqueEmail('unverified')
    await signupWith(collegeFields(email))
    expect(await login(email, 'not the password', uniqueAddress())).toEqual({ ok: false, error: 'auth.loginFailed' })
  })

  it('verifies with a valid token once, then logs in', async () => {
    const email = uniqueEmail('verify')
    const signed = await signupWith(collegeFields(email))
    if (!signed.ok) throw new Error('signup failed')
    const token = await tokenFromEmail(email, '/verify-email')

    expect(await verifyEmail('not-a-token')).toBe(false)
    expect(await verifyEmail(`${token}x`)).toBe(false)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })).emailVerifiedAt).toBeNull()

    expect(await verifyEmail(token)).toBe(true)
    const user = await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    const record = await prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(record.usedAt).toBeInstanceOf(Date)
    expect(await prisma.auditLog.count({ where: { actorId: user.id, action: 'user.verify_email' } })).toBe(1)

    // Used once: refused the second time.
    expect(await verifyEmail(token)).toBe(false)
    expect(await prisma.auditLog.count({ where: { actorId: user.id, action: 'user.verify_email' } })).toBe(1)

    expect(await login(email, PASSWORD, uniqueAddress())).toEqual({ ok: true, userId: user.id })
  })

  it('refuses an expired verification token', async () => {
    const email = uniqueEmail('expired')
    const signed = await signupWith(collegeFields(email))
    if (!signed.ok) throw new Error('signup failed')
    const token = await tokenFromEmail(email, '/verify-email')
    await prisma.userToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await verifyEmail(token)).toBe(false)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })).emailVerifiedAt).toBeNull()
    expect(await login(email, PASSWORD, uniqueAddress())).toEqual({ ok: false, error: 'auth.unverified' })
  })

  it('does not accept a password-reset token as a verification token', async () => {
    const email = uniqueEmail('purpose')
    const signed = await signupWith(collegeFields(email))
    if (!signed.ok) throw new Error('signup failed')
    await requestPasswordReset(email, 'vi')
    const resetToken = await tokenFromEmail(email, '/reset-password')
    expect(await verifyEmail(resetToken)).toBe(false)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })).emailVerifiedAt).toBeNull()
  })

  it('resends the verification email to unverified accounts only, a few times an hour at most', async () => {
    const email = uniqueEmail('resend')
    await signupWith(collegeFields(email))
    const first = await tokenFromEmail(email, '/verify-email')
    await resendVerification(email, 'en')
    const emails = await emailsTo(email)
    expect(emails).toHaveLength(2)
    expect(emails[1]!.locale).toBe('en')
    const second = await tokenFromEmail(email, '/verify-email')
    expect(second).not.toBe(first)
    for (let i = 0; i < 5; i++) await resendVerification(email, 'vi')
    expect(await prisma.email.count({ where: { to: email } })).toBe(1 + 3)

    // Once verified, no more verification emails; unknown addresses get none either.
    expect(await verifyEmail(second)).toBe(true)
    await prisma.rateLimiterFlexible.deleteMany({ where: { key: `verify-resend:${hashSubject(email)}` } })
    await resendVerification(email, 'vi')
    expect(await prisma.email.count({ where: { to: email } })).toBe(4)
    const nobody = uniqueEmail('nobody')
    await resendVerification(nobody, 'vi')
    expect(await prisma.email.count({ where: { to: nobody } })).toBe(0)
  })
})

describe('login rate limit', () => {
  async function verifiedEmail(): Promise<string> {
    const { user } = await verifiedCollegeUser()
    return user.email
  }

  it('blocks an (account, address) pair after LOGIN_MAX_ATTEMPTS failures for LOGIN_WINDOW_MINUTES, then twice as long', async () => {
    const { LOGIN_MAX_ATTEMPTS: max, LOGIN_WINDOW_MINUTES: window } = getEnv()
    const email = await verifiedEmail()
    const address = uniqueAddress()
    for (let i = 0; i < max - 1; i++) {
      expect(await login(email, `wrong ${i}`, address)).toEqual({ ok: false, error: 'auth.loginFailed' })
    }
    expect(await login(email, 'wrong again', address)).toEqual({ ok: false, error: 'auth.tooManyAttempts', retryAfterSeconds: window * 60 })
    const blocked = await login(email, PASSWORD, address)
    if (blocked.ok || blocked.error !== 'auth.tooManyAttempts') throw new Error(`expected tooManyAttempts, got ${JSON.stringify(blocked)}`)
    expect(blocked.retryAfterSeconds).toBeGreaterThan(window * 60 - 10)
    expect(blocked.retryAfterSeconds).toBeLessThanOrEqual(window * 60)
    // The owner at another address is not locked out.
    expect((await login(email, PASSWORD, uniqueAddress())).ok).toBe(true)

    // The block ends; the next run of failures blocks twice as long.
    await prisma.rateLimiterFlexible.updateMany({ where: { key: `login-pair:${hashSubject(`${email}\n${address}`)}` }, data: { expire: new Date(Date.now() - 1000) } })
    for (let i = 0; i < max - 1; i++) expect((await login(email, `wrong ${i}`, address)).ok).toBe(false)
    expect(await login(email, 'wrong again', address)).toEqual({ ok: false, error: 'auth.tooManyAttempts', retryAfterSeconds: window * 60 * 2 })
  })

  it('counts failures per account and address: another account from the same address still logs in', async () => {
    const { LOGIN_MAX_ATTEMPTS: max } = getEnv()
    const victim = await verifiedEmail()
    const other = await verifiedEmail()
    const address = uniqueAddress()
    for (let i = 0; i < max; i++) await login(victim, 'wrong password', address)
    expect((await login(victim, PASSWORD, address)).ok).toBe(false)
    const otherUser = await prisma.user.findUniqueOrThrow({ where: { email: other } })
    expect(await login(other, PASSWORD, address)).toEqual({ ok: true, userId: otherUser.id })
  })

  it('a successful login clears the failures counted for the pair', async () => {
    const { LOGIN_MAX_ATTEMPTS: max } = getEnv()
    const email = await verifiedEmail()
    const address = uniqueAddress()
    for (let i = 0; i < max - 1; i++) await login(email, 'wrong password', address)
    expect((await login(email, PASSWORD, address)).ok).toBe(true)
    for (let i = 0; i < max - 1; i++) await login(email, 'wrong password', address)
    expect((await login(email, PASSWORD, address)).ok).toBe(true)
  })

  it('also limits one address trying many accounts (LOGIN_MAX_ATTEMPTS × 20 a day)', async () => {
    const { LOGIN_MAX_ATTEMPTS: max } = getEnv()
    const email = await verifiedEmail()
    const address = uniqueAddress()
    // Failures spread over many (unknown) emails, each below its own limit.
    for (let i = 0; i < max * 20; i++) await login(uniqueEmail('spray'), 'wrong password', address)
    const blocked = await login(email, PASSWORD, address)
    expect(blocked).toMatchObject({ ok: false, error: 'auth.tooManyAttempts' })
    // The account itself is not locked: from elsewhere it logs in.
    expect((await login(email, PASSWORD, uniqueAddress())).ok).toBe(true)
  })
})

describe('password reset', () => {
  it('sets a new password with a one-time token and ends every session', async () => {
    const { user } = await verifiedCollegeUser()
    const request = new Request('http://localhost/login', { headers: { 'user-agent': 'test' } })
    await createSession(user.id, request)
    await createSession(user.id, request)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2)
    // A failure or two on record, to see them cleared.
    await login(user.email, 'wrong password', uniqueAddress())

    const before = Date.now()
    await requestPasswordReset(user.email, 'en')
    const email = await lastEmailTo(user.email)
    expect(email.template).toBe('reset-password')
    expect(email.subject).toBe('Reset your Cầu Nối password')
    const token = await tokenFromEmail(user.email, '/reset-password')
    const record = await prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(record.purpose).toBe('reset_password')
    expect(record.expiresAt.getTime() - before).toBeGreaterThan(HOUR - 60_000)
    expect(record.expiresAt.getTime() - before).toBeLessThan(HOUR + 60_000)
    expect(await prisma.outboxEntry.count({ where: { idempotencyKey: `email:${email.id}` } })).toBe(1)

    expect(await isResetTokenValid(token)).toBe(true)
    expect(await resetPassword(token, 'a brand new password')).toEqual({ ok: true })

    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await login(user.email, PASSWORD, uniqueAddress())).toEqual({ ok: false, error: 'auth.loginFailed' })
    expect(await login(user.email, 'a brand new password', uniqueAddress())).toEqual({ ok: true, userId: user.id })
    expect(await prisma.auditLog.count({ where: { actorId: user.id, action: 'user.reset_password' } })).toBe(1)

    // Valid once.
    expect(await isResetTokenValid(token)).toBe(false)
    expect(await resetPassword(token, 'yet another password')).toMatchObject({ ok: false })
    expect(await login(user.email, 'a brand new password', uniqueAddress())).toMatchObject({ ok: true })
  })

  it('lets only one of two simultaneous resets with the same token succeed', async () => {
    const { user } = await verifiedCollegeUser()
    await requestPasswordReset(user.email, 'vi')
    const token = await tokenFromEmail(user.email, '/reset-password')
    const results = await Promise.all([resetPassword(token, 'first new password'), resetPassword(token, 'second new password')])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    expect(await prisma.auditLog.count({ where: { actorId: user.id, action: 'user.reset_password' } })).toBe(1)
  })

  it('sends nothing for an unknown email', async () => {
    const before = { emails: await prisma.email.count(), tokens: await prisma.userToken.count() }
    const nobody = uniqueEmail('nobody')
    await requestPasswordReset(nobody, 'vi')
    expect(await prisma.email.count()).toBe(before.emails)
    expect(await prisma.userToken.count()).toBe(before.tokens)
  })

  it('refuses unknown, expired and verification tokens', async () => {
    const email = uniqueEmail('reset')
    const signed = await signupWith(collegeFields(email))
    if (!signed.ok) throw new Error('signup failed')
    const verifyToken = await tokenFromEmail(email, '/verify-email')
    expect(await isResetTokenValid(verifyToken)).toBe(false)
    expect(await resetPassword(verifyToken, 'a brand new password')).toMatchObject({ ok: false })
    expect(await resetPassword('made-up-token', 'a brand new password')).toMatchObject({ ok: false })

    await requestPasswordReset(email, 'vi')
    const token = await tokenFromEmail(email, '/reset-password')
    await prisma.userToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await isResetTokenValid(token)).toBe(false)
    expect(await resetPassword(token, 'a brand new password')).toMatchObject({ ok: false })
    const user = await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true)
  })

  it('verifies the email of an unverified account (the link proves it)', async () => {
    const email = uniqueEmail('reset-unverified')
    const signed = await signupWith(collegeFields(email))
    if (!signed.ok) throw new Error('signup failed')
    await requestPasswordReset(email, 'vi')
    expect(await resetPassword(await tokenFromEmail(email, '/reset-password'), 'a brand new password')).toEqual({ ok: true })
    expect((await prisma.user.findUniqueOrThrow({ where: { id: signed.userId } })).emailVerifiedAt).toBeInstanceOf(Date)
    expect(await login(email, 'a brand new password', uniqueAddress())).toEqual({ ok: true, userId: signed.userId })
  })

  it('sends at most five reset emails an hour per address', async () => {
    const { user } = await verifiedCollegeUser()
    const before = await prisma.email.count({ where: { to: user.email } })
    for (let i = 0; i < 8; i++) await requestPasswordReset(user.email, 'vi')
    expect(await prisma.email.count({ where: { to: user.email } })).toBe(before + 5)
  })
})

describe('invitations', () => {
  it('queues an invitation email that a signed-in user with that email accepts', async () => {
    const { user: owner, org } = await verifiedCollegeUser({ orgName: 'Trường Cao đẳng Mời' })
    const inviteeEmail = uniqueEmail('invitee')
    const before = Date.now()
    expect(await inviteMember({ id: owner.id, name: owner.name }, org, inviteeEmail, 'member', 'en')).toEqual({ ok: true })

    const invitation = await prisma.invitation.findFirstOrThrow({ where: { orgId: org.id, email: inviteeEmail } })
    expect(invitation.role).toBe('member')
    expect(invitation.invitedById).toBe(owner.id)
    expect(invitation.acceptedAt).toBeNull()
    expect(invitation.expiresAt.getTime() - before).toBeGreaterThan(7 * 24 * HOUR - 60_000)
    expect(invitation.expiresAt.getTime() - before).toBeLessThan(7 * 24 * HOUR + 60_000)

    const email = await lastEmailTo(inviteeEmail)
    expect(email.template).toBe('invitation')
    expect(email.locale).toBe('en')
    // User-supplied names stay out of the subject; the body names them as plain text.
    expect(email.subject).toBe('You are invited to join an organisation on Cầu Nối')
    expect(email.text).toContain(`${owner.name} invites you to join Trường Cao đẳng Mời on Cầu Nối`)
    expect(await prisma.outboxEntry.count({ where: { idempotencyKey: `email:${email.id}` } })).toBe(1)
    expect(await prisma.auditLog.findFirst({ where: { action: 'org.invite', entityId: org.id } })).toMatchObject({
      actorId: owner.id,
      data: { invitationId: invitation.id, email: inviteeEmail, role: 'member' },
    })

    const token = await tokenFromEmail(inviteeEmail, '/invite')
    expect(invitation.tokenHash).toBe(hashToken(token))
    expect((await findInvitation(token))?.org.name).toBe('Trường Cao đẳng Mời')

    // The invitee already has an account (another organisation).
    const signed = await signupWith(collegeFields(inviteeEmail, { orgName: 'Their own college' }))
    if (!signed.ok) throw new Error('signup failed')
    expect(await acceptInvitation(token, { id: signed.userId, email: inviteeEmail })).toBe(true)
    const membership = await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: signed.userId, orgId: org.id } } })
    expect(membership.role).toBe('member')
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeInstanceOf(Date)
    expect(await prisma.auditLog.count({ where: { action: 'org.join', actorId: signed.userId, entityId: org.id } })).toBe(1)

    // Used: refused afterwards.
    expect(await findInvitation(token)).toBeNull()
    expect(await acceptInvitation(token, { id: signed.userId, email: inviteeEmail })).toBe(false)
  })

  it('refuses a user whose email is not the invited one', async () => {
    const { user: owner, org } = await verifiedCollegeUser()
    const inviteeEmail = uniqueEmail('invitee')
    await inviteMember(owner, org, inviteeEmail, 'owner', 'vi')
    const token = await tokenFromEmail(inviteeEmail, '/invite')
    const { user: stranger } = await verifiedCollegeUser()
    expect(await acceptInvitation(token, { id: stranger.id, email: stranger.email })).toBe(false)
    expect(await prisma.membership.findUnique({ where: { userId_orgId: { userId: stranger.id, orgId: org.id } } })).toBeNull()
    // Still open for the right person.
    expect(await findInvitation(token)).not.toBeNull()
  })

  it('refuses an expired invitation', async () => {
    const { user: owner, org } = await verifiedCollegeUser()
    const inviteeEmail = uniqueEmail('late')
    await inviteMember(owner, org, inviteeEmail, 'member', 'vi')
    const token = await tokenFromEmail(inviteeEmail, '/invite')
    await prisma.invitation.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect(await findInvitation(token)).toBeNull()
    const signed = await signupWith(collegeFields(inviteeEmail))
    if (!signed.ok) throw new Error('signup failed')
    expect(await acceptInvitation(token, { id: signed.userId, email: inviteeEmail })).toBe(false)
    expect(await prisma.membership.count({ where: { userId: signed.userId, orgId: org.id } })).toBe(0)
  })

  it('refuses to invite someone who is already a member', async () => {
    const { user: owner, org } = await verifiedCollegeUser()
    const before = await prisma.invitation.count()
    expect(await inviteMember(owner, org, owner.email, 'member', 'vi')).toEqual({ ok: false, error: 'members.alreadyMember' })
    expect(await prisma.invitation.count()).toBe(before)
  })

  it('signing up with an invitation joins that organisation with the invited role instead of creating one', async () => {
    const { user: owner, org } = await verifiedCollegeUser()
    const inviteeEmail = uniqueEmail('new')
    await inviteMember(owner, org, inviteeEmail, 'owner', 'vi')
    const token = await tokenFromEmail(inviteeEmail, '/invite')
    const orgsBefore = await prisma.organization.count()

    const result = await signupWith({ name: 'Trần Bình', email: inviteeEmail, password: PASSWORD, invite: token })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(await prisma.organization.count()).toBe(orgsBefore)
    const memberships = await prisma.membership.findMany({ where: { userId: result.userId } })
    expect(memberships).toEqual([expect.objectContaining({ orgId: org.id, role: 'owner' })])
    expect((await prisma.invitation.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })).acceptedAt).toBeInstanceOf(Date)
    // The email still needs verifying.
    expect(await login(inviteeEmail, PASSWORD, uniqueAddress())).toEqual({ ok: false, error: 'auth.unverified' })
    expect(await verifyEmail(await tokenFromEmail(inviteeEmail, '/verify-email'))).toBe(true)
    expect(await login(inviteeEmail, PASSWORD, uniqueAddress())).toEqual({ ok: true, userId: result.userId })

    // The invitation is used up: a second signup with it is refused.
    const again = await signupWith({ name: 'Someone', email: uniqueEmail('again'), password: PASSWORD, invite: token })
    expect(again).toEqual({ ok: false, field: 'invite', error: 'members.inviteInvalid' })
  })

  it('refuses a signup with an invitation addressed to another email, or a made-up one', async () => {
    const { user: owner, org } = await verifiedCollegeUser()
    const inviteeEmail = uniqueEmail('right')
    await inviteMember(owner, org, inviteeEmail, 'member', 'vi')
    const token = await tokenFromEmail(inviteeEmail, '/invite')
    const wrongEmail = uniqueEmail('wrong')
    expect(await signupWith({ name: 'X', email: wrongEmail, password: PASSWORD, invite: token })).toEqual({
      ok: false,
      field: 'invite',
      error: 'members.inviteInvalid',
    })
    expect(await signupWith({ name: 'X', email: wrongEmail, password: PASSWORD, invite: 'made-up' })).toEqual({
      ok: false,
      field: 'invite',
      error: 'members.inviteInvalid',
    })
    expect(await prisma.user.findUnique({ where: { email: wrongEmail } })).toBeNull()
    expect(await findInvitation(token)).not.toBeNull()
  })
})

describe('decideVerification', () => {
  async function admin() {
    const { user } = await verifiedCollegeUser()
    return prisma.user.update({ where: { id: user.id }, data: { platformRole: 'admin' } })
  }

  it('verifies an organisation, recording who decided and the note, with an audit entry', async () => {
    const boss = await admin()
    const { org } = await verifiedCollegeUser()
    expect(org.verification).toBe('pending')
    expect(await decideVerification(boss.id, 'org', org.id, 'verified', 'Giấy phép hợp lệ')).toBe(true)
    const after = await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })
    expect(after.verification).toBe('verified')
    expect(after.verifiedAt).toBeInstanceOf(Date)
    expect(after.verifiedById).toBe(boss.id)
    expect(after.verificationNote).toBe('Giấy phép hợp lệ')
    const audit = await prisma.auditLog.findMany({ where: { entityType: 'Organization', entityId: org.id, action: 'org.verified' } })
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actorId: boss.id, data: { note: 'Giấy phép hợp lệ' } })
  })

  it('rejects an organisation without a verification date', async () => {
    const boss = await admin()
    const { org } = await verifiedCollegeUser()
    expect(await decideVerification(boss.id, 'org', org.id, 'rejected', undefined)).toBe(true)
    const after = await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })
    expect(after.verification).toBe('rejected')
    expect(after.verifiedAt).toBeNull()
    expect(after.verificationNote).toBeNull()
    expect(await prisma.auditLog.count({ where: { entityId: org.id, action: 'org.rejected', actorId: boss.id } })).toBe(1)
  })

  it('verifies an expert profile with an audit entry', async () => {
    const boss = await admin()
    const email = uniqueEmail('expert')
    const signed = await signupWith({ name: 'Lee Min', email, password: PASSWORD, accountType: 'expert', headline: 'Welding', country: 'KR' })
    if (!signed.ok) throw new Error('signup failed')
    const profile = await prisma.expertProfile.findUniqueOrThrow({ where: { userId: signed.userId } })
    expect(await decideVerification(boss.id, 'expert', profile.id, 'verified', 'Chứng chỉ IWE')).toBe(true)
    const after = await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })
    expect(after.verification).toBe('verified')
    expect(after.verifiedAt).toBeInstanceOf(Date)
    expect(await prisma.auditLog.findFirst({ where: { entityType: 'ExpertProfile', entityId: profile.id, action: { not: 'expert.create' } } })).toMatchObject({
      action: 'expert.verified',
      actorId: boss.id,
      data: { note: 'Chứng chỉ IWE' },
    })
  })

  it('answers false and records nothing for an unknown id', async () => {
    const boss = await admin()
    const before = await prisma.auditLog.count()
    expect(await decideVerification(boss.id, 'org', 'no-such-org', 'verified', undefined)).toBe(false)
    expect(await decideVerification(boss.id, 'expert', 'no-such-expert', 'rejected', 'x')).toBe(false)
    expect(await prisma.auditLog.count()).toBe(before)
  })
})

describe('with the PostgreSQL server in Hà Nội time (TimeZone=Asia/Ho_Chi_Minh)', () => {
  // Raw SQL in the rate limiter uses now(); Prisma stores UTC. A server configured for local
  // time must not turn a 15-minute lock into one of 7 hours 15 minutes.
  const database = () => new URL(testDatabaseUrl()).pathname.slice(1)

  beforeEach(async () => {
    await prisma.$executeRawUnsafe(`ALTER DATABASE "${database()}" SET timezone TO 'Asia/Ho_Chi_Minh'`)
    await disconnectDb() // new connections get the database's setting
  })

  afterEach(async () => {
    await prisma.$executeRawUnsafe(`ALTER DATABASE "${database()}" RESET timezone`)
    await disconnectDb()
  })

  it('stores login buckets under hashed keys, without the email or address', async () => {
    const { LOGIN_MAX_ATTEMPTS: max } = getEnv()
    const { user } = await verifiedCollegeUser()
    const address = uniqueAddress()
    for (let i = 0; i < max; i++) await login(user.email, 'wrong password', address)
    const bucket = await prisma.rateLimiterFlexible.findUniqueOrThrow({ where: { key: `login-pair:${hashSubject(`${user.email}\n${address}`)}` } })
    expect(bucket.key).not.toContain(user.email)
    expect(await prisma.rateLimiterFlexible.count({ where: { OR: [{ key: { contains: '@' } }, { key: { contains: address } }] } })).toBe(0)
  })
})
