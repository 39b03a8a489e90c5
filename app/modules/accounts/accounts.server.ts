import { randomBytes } from 'node:crypto'
import type { z } from 'zod'
import type { MemberRole } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { isUniqueViolation, prisma } from '~/modules/db/db.server'
import { queueEmail } from '~/modules/email/mailer.server'
import { recordOwnerIndexChange } from '~/modules/search/sync.server'
import type { Language } from '~/modules/i18n/i18n'
import { getEnv } from '~/modules/runtime/env.server'
import { slugify } from '~/utils/slug'
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.server'
import { hit, peek, reset } from './rate-limit.server'
import type { SignupSchema } from './schemas'
import { hashToken, newToken } from './tokens.server'

const VERIFY_TTL_MS = 24 * 60 * 60 * 1000
const RESET_TTL_MS = 60 * 60 * 1000
const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000

type SignupInput = z.infer<typeof SignupSchema>

export type SignupResult = { ok: true; userId: string } | { ok: false; field: 'email' | 'invite'; error: string }

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
export async function signup(input: SignupInput, lng: Language): Promise<SignupResult> {
  const existing = await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })
  if (existing) return { ok: false, field: 'email', error: 'auth.emailTaken' }

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

  let user = null
  for (let attempt = 0; ; attempt++) {
    try {
      user = await create(attempt)
      break
    } catch (error) {
      // A simultaneous signup with the same email (a double submit) won the unique index.
      if (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })) break
      // Another signup took the organisation's or expert's key a moment ago: another key.
      if (isUniqueViolation(error) && attempt + 1 < SIGNUP_ATTEMPTS) continue
      throw error
    }
  }
  if (!user) return { ok: false, field: 'email', error: 'auth.emailTaken' }
  return { ok: true, userId: user.id }
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
  const { count } = await hit(`verify-resend:${email}`, 3600)
  if (count > 3) return
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
  | { ok: false; error: 'auth.tooManyAttempts'; retryAfterMinutes: number }

/**
 * Checks the password. Failed attempts are counted per email and per client address;
 * past the limit, logins are refused until the window ends (even with the right password).
 */
export async function login(email: string, password: string, address: string): Promise<LoginResult> {
  const env = getEnv()
  const windowSeconds = env.LOGIN_WINDOW_MINUTES * 60
  const keys = [`login:${email}`, `login-ip:${address}`]
  const limits = [env.LOGIN_MAX_ATTEMPTS, env.LOGIN_MAX_ATTEMPTS * 4]
  const states = await Promise.all(keys.map((key) => peek(key, windowSeconds)))
  const blocked = states.findIndex((state, i) => state.count >= limits[i]!)
  if (blocked >= 0) {
    return { ok: false, error: 'auth.tooManyAttempts', retryAfterMinutes: Math.ceil(states[blocked]!.retryAfterSeconds / 60) }
  }

  const user = await prisma.user.findUnique({ where: { email } })
  const valid = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false)
  if (!user || !valid) {
    await Promise.all(keys.map((key) => hit(key, windowSeconds)))
    return { ok: false, error: 'auth.loginFailed' }
  }
  await reset(keys[0]!)
  if (!user.emailVerifiedAt) return { ok: false, error: 'auth.unverified' }
  return { ok: true, userId: user.id }
}

export async function requestPasswordReset(email: string, lng: Language) {
  const user = await prisma.user.findUnique({ where: { email } })
  if (!user) return
  const { count } = await hit(`reset:${email}`, 3600)
  if (count > 5) return
  const { token, tokenHash } = newToken()
  await prisma.$transaction(async (tx) => {
    await tx.userToken.create({
      data: { userId: user.id, purpose: 'reset_password', tokenHash, expiresAt: new Date(Date.now() + RESET_TTL_MS) },
    })
    await queueEmail(
      tx,
      user.email,
      { name: 'reset-password', recipientName: user.name, url: `${getEnv().appUrl}/reset-password?token=${token}` },
      lng,
    )
  })
}

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

/** Sets a new password and ends every session of the user; following the emailed link also proves the email. */
export async function resetPassword(token: string, password: string): Promise<boolean> {
  const record = await findResetToken(token)
  if (!record) return false
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
  if (!claimed) return false
  await reset(`login:${record.user.email}`)
  return true
}

export type InviteResult = { ok: true } | { ok: false; error: 'members.alreadyMember' }

export async function inviteMember(
  actor: { id: string; name: string },
  org: { id: string; name: string },
  email: string,
  role: MemberRole,
  lng: Language,
): Promise<InviteResult> {
  const member = await prisma.membership.findFirst({ where: { orgId: org.id, user: { email } } })
  if (member) return { ok: false, error: 'members.alreadyMember' }
  const { token, tokenHash } = newToken()
  await prisma.$transaction(async (tx) => {
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
