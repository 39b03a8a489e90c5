import { randomBytes, randomUUID } from 'node:crypto'
import type { z } from 'zod'
import type { MemberRole, OutboxEntry } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { isUniqueViolation, prisma } from '~/modules/db/db.server'
import { queueEmail } from '~/modules/email/mailer.server'
import { recordOwnerIndexChange } from '~/modules/outbox/search-index.server'
import { isLanguage, type Language } from '~/modules/i18n/i18n'
import { enqueue, registerOutboxHandler } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import { slugify } from '~/utils/slug'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.server'
import { passwordProblem } from './password-policy'
import { block, consume, peek, reset, type Limit } from './rate-limit.server'
import type { SignupSchema } from './schemas'
import { hashToken, newToken } from './tokens.server'

const VERIFY_TTL_MS = 24 * 60 * 60 * 1000
const RESET_TTL_MS = 60 * 60 * 1000
const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000

type SignupInput = z.infer<typeof SignupSchema>

/**
 * `ok` also when the email already has an account (that owner gets an email instead), so
 * the form does not reveal which addresses are registered.
 */
export type SignupResult =
  | { ok: true }
  | { ok: false; field: 'invite'; error: string }
  | { ok: false; field: 'form'; error: 'security.tooManySignups'; retryAfterSeconds: number }

const HOUR = 3600
const DAY = 24 * HOUR

const signupLimit = (): Limit => ({ name: 'signup-addr', points: getEnv().SIGNUP_MAX_PER_HOUR, windowSeconds: HOUR })
/** "You already have an account" emails per address and hour (a signup form must not spam an owner). */
const ACCOUNT_EXISTS_LIMIT: Limit = { name: 'account-exists', points: 3, windowSeconds: HOUR }
const VERIFY_RESEND_LIMIT: Limit = { name: 'verify-resend', points: 3, windowSeconds: HOUR }
const RESET_LIMIT: Limit = { name: 'reset', points: 5, windowSeconds: HOUR }
/** Invitations per organisation and per inviting user. */
const INVITE_ORG_LIMIT: Limit = { name: 'invite-org', points: 50, windowSeconds: DAY }
const INVITE_USER_LIMIT: Limit = { name: 'invite-user', points: 20, windowSeconds: HOUR }

/** A key for a new organisation or expert: the name's slug, or with a random suffix when taken (or `suffixed`). */
async function freeOwnerKey(base: string, isTaken: (key: string) => Promise<boolean>, suffixed: boolean): Promise<string> {
  if (!suffixed && !(await isTaken(base))) return base
  for (;;) {
    const key = `${base}-${randomBytes(3).toString('hex')}`
    if (!(await isTaken(key))) return key
  }
}

const orgKeyTaken = async (key: string) => Boolean(await prisma.organization.findUnique({ where: { key }, select: { id: true } }))
const expertKeyTaken = async (key: string) => Boolean(await prisma.expertProfile.findUnique({ where: { key }, select: { id: true } }))

/** Tries at a signup whose new organisation or expert key a simultaneous signup took first. */
const SIGNUP_ATTEMPTS = 3

/** Creates the user (and their organisation or expert profile, or joins an invitation) and sends the verification email. */
export async function signup(input: SignupInput, lng: Language, address: string): Promise<SignupResult> {
  const limited = await consume(signupLimit(), address)
  if (!limited.allowed) return { ok: false, field: 'form', error: 'security.tooManySignups', retryAfterSeconds: limited.retryAfterSeconds }

  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true, name: true, email: true, locale: true } })
  if (existing) {
    // As much work as a new account (the hash dominates), and the same answer.
    await hashPassword(input.password)
    await sendAccountExists(existing, lng)
    return { ok: true }
  }

  const invitation = input.invite ? await prisma.invitation.findUnique({ where: { tokenHash: hashToken(input.invite) } }) : null
  if (input.invite && (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date() || invitation.email !== input.email)) {
    return { ok: false, field: 'invite', error: 'members.inviteInvalid' }
  }

  const passwordHash = await hashPassword(input.password)
  const { token, tokenHash } = newToken()

  const create = async (attempt: number) => {
    const suffixed = attempt > 0
    const orgKey =
      !invitation && input.accountType !== 'expert'
        ? await freeOwnerKey(slugify(input.orgName ?? input.name) || 'org', orgKeyTaken, suffixed)
        : null
    const expertKey =
      !invitation && input.accountType === 'expert'
        ? await freeOwnerKey(`exp-${slugify(input.name, 40) || 'expert'}`, expertKeyTaken, suffixed)
        : null
    return prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, locale: lng } })
      if (invitation) {
        await tx.membership.create({ data: { userId: user.id, orgId: invitation.orgId, role: invitation.role } })
        await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } })
      } else if (orgKey && (input.accountType === 'college' || input.accountType === 'business')) {
        const org = await tx.organization.create({
          data: {
            key: orgKey,
            kind: input.accountType,
            name: input.orgName!,
            nameVi: input.orgName!,
            district: input.district || null,
            verification: 'pending',
          },
        })
        await tx.membership.create({ data: { userId: user.id, orgId: org.id, role: 'owner' } })
        await recordAudit(tx, user.id, 'org.create', 'Organization', org.id, { key: org.key })
      } else if (expertKey) {
        const profile = await tx.expertProfile.create({
          data: {
            key: expertKey,
            userId: user.id,
            name: input.name,
            headline: input.headline ?? '',
            country: input.country ?? 'VN',
            languages: [lng],
            verification: 'pending',
          },
        })
        await recordAudit(tx, user.id, 'expert.create', 'ExpertProfile', profile.id, { key: profile.key })
      }
      await tx.userToken.create({
        data: { userId: user.id, purpose: 'verify_email', tokenHash, expiresAt: new Date(Date.now() + VERIFY_TTL_MS) },
      })
      await queueEmail(
        tx,
        user.email,
        { name: 'verify-email', recipientName: user.name, url: `${getEnv().appUrl}/verify-email?token=${token}` },
        lng,
      )
      await recordAudit(tx, user.id, 'user.signup', 'User', user.id)
      return user
    })
  }

  for (let attempt = 0; ; attempt++) {
    try {
      await create(attempt)
      break
    } catch (error) {
      // A simultaneous signup with the same email (a double submit) won the unique index.
      if (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })) break
      // Another signup took the organisation's or expert's key a moment ago: another key.
      if (isUniqueViolation(error) && attempt + 1 < SIGNUP_ATTEMPTS) continue
      throw error
    }
  }
  // Also when a simultaneous signup with this email won: the same answer as ever.
  return { ok: true }
}

/** Tells the owner of an existing account that someone tried to sign up with their email. */
async function sendAccountExists(user: { id: string; name: string; email: string; locale: string }, lng: Language) {
  if (!(await consume(ACCOUNT_EXISTS_LIMIT, user.email)).allowed) return
  const appUrl = getEnv().appUrl
  await prisma.$transaction(async (tx) => {
    await queueEmail(
      tx,
      user.email,
      { name: 'account-exists', recipientName: user.name, url: `${appUrl}/login`, resetUrl: `${appUrl}/forgot-password` },
      isLanguage(user.locale) ? user.locale : lng,
    )
    await recordAudit(tx, null, 'user.signup_existing', 'User', user.id)
  })
}

/** Marks the email verified if the token is valid and unused. */
export async function verifyEmail(token: string): Promise<boolean> {
  const record = await prisma.userToken.findUnique({ where: { tokenHash: hashToken(token) } })
  if (!record || record.purpose !== 'verify_email' || record.usedAt || record.expiresAt < new Date()) return false
  await prisma.$transaction(async (tx) => {
    await tx.userToken.update({ where: { id: record.id }, data: { usedAt: new Date() } })
    await tx.user.update({ where: { id: record.userId }, data: { emailVerifiedAt: new Date() } })
    await recordAudit(tx, record.userId, 'user.verify_email', 'User', record.userId)
  })
  return true
}

export async function resendVerification(email: string, lng: Language) {
  const user = await prisma.user.findUnique({ where: { email } })
  if (!user || user.emailVerifiedAt) return
  // At most a few resends an hour per address, so the form cannot be used to spam someone.
  if (!(await consume(VERIFY_RESEND_LIMIT, email)).allowed) return
  const { token, tokenHash } = newToken()
  await prisma.$transaction(async (tx) => {
    await tx.userToken.create({
      data: { userId: user.id, purpose: 'verify_email', tokenHash, expiresAt: new Date(Date.now() + VERIFY_TTL_MS) },
    })
    await queueEmail(
      tx,
      user.email,
      { name: 'verify-email', recipientName: user.name, url: `${getEnv().appUrl}/verify-email?token=${token}` },
      lng,
    )
  })
}

export type LoginResult =
  | { ok: true; userId: string }
  | { ok: false; error: 'auth.loginFailed' | 'auth.unverified' }
  | { ok: false; error: 'auth.tooManyAttempts'; retryAfterSeconds: number }

/**
 * Failed logins are counted per (account, client address) pair and per client address
 * (the login-protection pattern of rate-limiter-flexible):
 * - LOGIN_MAX_ATTEMPTS consecutive failures of one pair (a success resets them) block that
 *   pair for LOGIN_WINDOW_MINUTES, the next block twice as long, and so on up to a day.
 *   A stranger elsewhere therefore cannot lock the owner out from the owner's address.
 * - LOGIN_MAX_ATTEMPTS × 20 failures from one address in a day, whatever the accounts,
 *   block that address until the day's window ends (slow brute force, password spraying).
 */
function loginLimits() {
  const env = getEnv()
  return {
    pair: { name: 'login-pair', points: env.LOGIN_MAX_ATTEMPTS, windowSeconds: DAY } satisfies Limit,
    pairBlocks: { name: 'login-pair-blocks', points: 1000, windowSeconds: 7 * DAY } satisfies Limit,
    address: { name: 'login-addr', points: env.LOGIN_MAX_ATTEMPTS * 20, windowSeconds: DAY } satisfies Limit,
    firstBlockSeconds: env.LOGIN_WINDOW_MINUTES * 60,
  }
}

export async function login(email: string, password: string, address: string): Promise<LoginResult> {
  const limits = loginLimits()
  const pair = `${email}\n${address}`
  const states = await Promise.all([peek(limits.pair, pair), peek(limits.address, address)])
  const refused = states.find((state) => !state.allowed)
  if (refused) return { ok: false, error: 'auth.tooManyAttempts', retryAfterSeconds: refused.retryAfterSeconds }

  const user = await prisma.user.findUnique({ where: { email } })
  const valid = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false)
  if (!user || !valid) {
    const [pairState, addressState] = await Promise.all([consume(limits.pair, pair), consume(limits.address, address)])
    if (pairState.consumed >= limits.pair.points) {
      const blocks = await consume(limits.pairBlocks, pair)
      const seconds = Math.min(limits.firstBlockSeconds * 2 ** Math.min(blocks.consumed - 1, 20), DAY)
      await block(limits.pair, pair, seconds)
      return { ok: false, error: 'auth.tooManyAttempts', retryAfterSeconds: seconds }
    }
    if (!addressState.allowed) return { ok: false, error: 'auth.tooManyAttempts', retryAfterSeconds: addressState.retryAfterSeconds }
    return { ok: false, error: 'auth.loginFailed' }
  }
  await Promise.all([reset(limits.pair, pair), reset(limits.pairBlocks, pair)])
  if (!user.emailVerifiedAt) return { ok: false, error: 'auth.unverified' }
  return { ok: true, userId: user.id }
}

/**
 * Records the request and nothing else: known and unknown emails cost the same (one outbox
 * row), so neither the answer nor its time tells whether the address has an account. The
 * outbox worker looks the account up and sends the link (handleAccountEmail).
 */
export async function requestPasswordReset(email: string, lng: Language) {
  await prisma.$transaction((tx) =>
    enqueue(tx, 'account_email', { purpose: 'reset-password', email, lng }, `account-email:${randomUUID()}`),
  )
}

type AccountEmailPayload = { purpose: 'reset-password'; email: string; lng: string }

async function handleAccountEmail(entry: OutboxEntry) {
  const { purpose, email, lng } = entry.payload as AccountEmailPayload
  if (purpose !== 'reset-password') throw new Error(`unknown account email ${String(purpose)}`)
  const user = await prisma.user.findUnique({ where: { email } })
  if (!user) return
  if (!(await consume(RESET_LIMIT, email)).allowed) return
  const { token, tokenHash } = newToken()
  const expiresAt = new Date(Date.now() + RESET_TTL_MS)
  await prisma.$transaction(async (tx) => {
    await tx.userToken.create({ data: { userId: user.id, purpose: 'reset_password', tokenHash, expiresAt } })
    // A link that no longer works is not worth sending late (the mail provider was down meanwhile).
    await queueEmail(
      tx,
      user.email,
      { name: 'reset-password', recipientName: user.name, url: `${getEnv().appUrl}/reset-password?token=${token}` },
      isLanguage(lng) ? lng : 'vi',
      { expiresAt },
    )
  })
}

registerOutboxHandler('account_email', handleAccountEmail)

async function findResetToken(token: string) {
  const record = await prisma.userToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { email: true, emailVerifiedAt: true } } },
  })
  if (!record || record.purpose !== 'reset_password' || record.usedAt || record.expiresAt < new Date()) return null
  return record
}

export async function isResetTokenValid(token: string): Promise<boolean> {
  return (await findResetToken(token)) !== null
}

export type ResetResult = { ok: true } | { ok: false; error: 'auth.resetInvalid' } | { ok: false; field: 'password'; error: string }

/** Sets a new password and ends every session of the user; following the emailed link also proves the email. */
export async function resetPassword(token: string, password: string): Promise<ResetResult> {
  const record = await findResetToken(token)
  if (!record) return { ok: false, error: 'auth.resetInvalid' }
  const problem = passwordProblem(password, record.user.email)
  if (problem) return { ok: false, field: 'password', error: problem }
  const passwordHash = await hashPassword(password)
  const claimed = await prisma.$transaction(async (tx) => {
    // Of two simultaneous resets with one token, only the first finds it unused.
    const { count } = await tx.userToken.updateMany({ where: { id: record.id, usedAt: null }, data: { usedAt: new Date() } })
    if (!count) return false
    await tx.user.update({
      where: { id: record.userId },
      data: { passwordHash, emailVerifiedAt: record.user.emailVerifiedAt ?? new Date() },
    })
    await tx.session.deleteMany({ where: { userId: record.userId } })
    await recordAudit(tx, record.userId, 'user.reset_password', 'User', record.userId)
    return true
  })
  return claimed ? { ok: true } : { ok: false, error: 'auth.resetInvalid' }
}

export type InviteResult =
  | { ok: true }
  | { ok: false; error: 'members.alreadyMember' | 'security.invitePending' }
  | { ok: false; error: 'security.tooManyInvites'; retryAfterSeconds: number }

export async function inviteMember(
  actor: { id: string; name: string },
  org: { id: string; name: string },
  email: string,
  role: MemberRole,
  lng: Language,
): Promise<InviteResult> {
  const member = await prisma.membership.findFirst({ where: { orgId: org.id, user: { email } } })
  if (member) return { ok: false, error: 'members.alreadyMember' }
  const pending = await prisma.invitation.findFirst({
    where: { orgId: org.id, email, acceptedAt: null, expiresAt: { gt: new Date() } },
    select: { id: true },
  })
  if (pending) return { ok: false, error: 'security.invitePending' }
  for (const [limit, subject] of [[INVITE_ORG_LIMIT, org.id], [INVITE_USER_LIMIT, actor.id]] as const) {
    const state = await consume(limit, subject)
    if (!state.allowed) return { ok: false, error: 'security.tooManyInvites', retryAfterSeconds: state.retryAfterSeconds }
  }
  const { token, tokenHash } = newToken()
  await prisma.$transaction(async (tx) => {
    // Two simultaneous invitations of one address: the second waits, then finds the first.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invite:${org.id}:${email}`}))`
    const again = await tx.invitation.findFirst({
      where: { orgId: org.id, email, acceptedAt: null, expiresAt: { gt: new Date() } },
      select: { id: true },
    })
    if (again) return
    const invitation = await tx.invitation.create({
      data: { orgId: org.id, email, role, tokenHash, invitedById: actor.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) },
    })
    await queueEmail(tx, email, { name: 'invitation', inviter: actor.name, org: org.name, url: `${getEnv().appUrl}/invite/${token}` }, lng)
    await recordAudit(tx, actor.id, 'org.invite', 'Organization', org.id, { invitationId: invitation.id, email, role })
  })
  return { ok: true }
}

export async function findInvitation(token: string) {
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { org: { select: { id: true, name: true, nameVi: true } } },
  })
  if (!invitation || invitation.acceptedAt || invitation.expiresAt < new Date()) return null
  return invitation
}

/** A signed-in user accepts an invitation addressed to their email. */
export async function acceptInvitation(token: string, user: { id: string; email: string }): Promise<boolean> {
  const invitation = await findInvitation(token)
  if (!invitation || invitation.email !== user.email) return false
  await prisma.$transaction(async (tx) => {
    await tx.membership.upsert({
      where: { userId_orgId: { userId: user.id, orgId: invitation.orgId } },
      create: { userId: user.id, orgId: invitation.orgId, role: invitation.role },
      update: {},
    })
    await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedAt: new Date() } })
    await recordAudit(tx, user.id, 'org.join', 'Organization', invitation.orgId, { invitationId: invitation.id })
  })
  return true
}

/** An admin's verification decision on an organisation or an expert, with the evidence. */
export async function decideVerification(
  adminId: string,
  subject: 'org' | 'expert',
  id: string,
  decision: 'verified' | 'rejected',
  note: string | undefined,
): Promise<boolean> {
  const verifiedAt = decision === 'verified' ? new Date() : null
  return prisma.$transaction(async (tx) => {
    if (subject === 'org') {
      const { count } = await tx.organization.updateMany({
        where: { id },
        data: { verification: decision, verifiedAt, verifiedById: adminId, verificationNote: note ?? null },
      })
      if (!count) return false
      await recordAudit(tx, adminId, `org.${decision}`, 'Organization', id, { note })
      // Verified posters rank first: their listings' documents change.
      await recordOwnerIndexChange(tx, 'organization', id)
    } else {
      const { count } = await tx.expertProfile.updateMany({ where: { id }, data: { verification: decision, verifiedAt } })
      if (!count) return false
      await recordAudit(tx, adminId, `expert.${decision}`, 'ExpertProfile', id, { note })
      await recordOwnerIndexChange(tx, 'expert', id)
    }
    return true
  })
}

/** The language the account's emails are written in. */
export async function setUserLocale(userId: string, language: Language): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { locale: language } })
}
