import { describe, expect, it } from 'vitest'
import type { MemberRole, OrgKind } from '~/generated/prisma/client'
import { hashToken, newToken } from '~/modules/accounts/tokens.server'
import { prisma } from '~/modules/db/db.server'
import { languageCookie } from '~/modules/i18n/i18n.server'
import { processOutbox } from '~/modules/outbox/outbox.server'
import { getEnv } from '~/modules/runtime/env.server'
import * as adminVerifications from '~/routes/admin.verifications'
import * as dashboard from '~/routes/dashboard'
import * as forgotPassword from '~/routes/forgot-password'
import * as healthz from '~/routes/healthz'
import * as invite from '~/routes/invite.$token'
import * as loginRoute from '~/routes/login'
import * as logout from '~/routes/logout'
import * as members from '~/routes/org.$key.members'
import * as resetPasswordRoute from '~/routes/reset-password'
import * as settingsLanguage from '~/routes/settings.language'
import * as signupRoute from '~/routes/signup'
import * as verifyEmailRoute from '~/routes/verify-email'
import { asPeer, LOCAL_PEER } from '../support/http'
import { cookieFor, makeUser as makeUserRow, type UserOptions } from '../factories/users'
import { args, errorsOf, expectRedirect, get, post, run, type Outcome } from '../support/routes'

// Loaders and actions called directly with real Requests, as Remix would call them (../support/routes.ts).

const PASSWORD = 'mat-khau-dai-du-1'
// ── helpers ──

/** A user who signs in with PASSWORD. */
const makeUser = (options: UserOptions = {}) => makeUserRow({ password: PASSWORD, ...options })

let counter = 0
function unique(name: string): string {
  counter += 1
  return `${name}-${counter}-${Date.now().toString(36)}`
}

async function makeOrg(kind: OrgKind = 'college') {
  const key = unique('org')
  return prisma.organization.create({ data: { key, kind, name: `Org ${key}`, nameVi: `Tổ chức ${key}`, verification: 'pending' } })
}

async function join(userId: string, orgId: string, role: MemberRole) {
  await prisma.membership.create({ data: { userId, orgId, role } })
}

function expectLoginRedirect(outcome: Outcome, from: string) {
  expect(outcome.thrown).toBe(true)
  expectRedirect(outcome, `/login?redirectTo=${encodeURIComponent(from)}`)
}

// ── refusals ──

describe('signed-out users', () => {
  it('are sent to log in from the dashboard, members, admin and invitation pages, with the way back', async () => {
    const org = await makeOrg()
    expectLoginRedirect(await run(() => dashboard.loader(args(get('/dashboard')))), '/dashboard')
    const membersPath = `/org/${org.key}/members`
    expectLoginRedirect(await run(() => members.loader(args(get(membersPath), { key: org.key }))), membersPath)
    expectLoginRedirect(
      await run(() => members.action(args(post(membersPath, { form: { email: 'x@example.vn', role: 'member' } }), { key: org.key }))),
      membersPath,
    )
    expectLoginRedirect(await run(() => adminVerifications.loader(args(get('/admin/verifications?tab=org')))), '/admin/verifications?tab=org')
    expectLoginRedirect(
      await run(() => adminVerifications.action(args(post('/admin/verifications', { form: { subject: 'org', id: org.id, decision: 'verified' } })))),
      '/admin/verifications',
    )
    expectLoginRedirect(await run(() => invite.action(args(post('/invite/abc'), { token: 'abc' }))), '/invite/abc')
    expect(await prisma.invitation.count({ where: { orgId: org.id } })).toBe(0)
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).verification).toBe('pending')
  })

  it('count as signed out with an unknown, expired or unverified session', async () => {
    expectLoginRedirect(await run(() => dashboard.loader(args(get('/dashboard', { cookie: 'cn_session=forged' })))), '/dashboard')
    expectLoginRedirect(await run(() => dashboard.loader(args(get('/dashboard', { cookie: 'cn_session=' })))), '/dashboard')

    const user = await makeUser()
    const cookie = await cookieFor(user.id)
    expect((await run(() => dashboard.loader(args(get('/dashboard', { cookie }))))).status).toBe(200)
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expectLoginRedirect(await run(() => dashboard.loader(args(get('/dashboard', { cookie })))), '/dashboard')

    const unverified = await makeUser({ verified: false })
    expectLoginRedirect(await run(async () => dashboard.loader(args(get('/dashboard', { cookie: await cookieFor(unverified.id) })))), '/dashboard')
  })

  it('logout ends the session and clears the cookie', async () => {
    const user = await makeUser()
    const cookie = await cookieFor(user.id)
    const outcome = await run(() => logout.action(args(post('/logout', { cookie }))))
    expectRedirect(outcome, '/')
    expect(outcome.headers.get('set-cookie')).toMatch(/^cn_session=;.*Max-Age=0/)
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0)
    expectLoginRedirect(await run(() => dashboard.loader(args(get('/dashboard', { cookie })))), '/dashboard')
  })
})

describe('organisation members page', () => {
  async function setup() {
    const orgA = await makeOrg('college')
    const orgB = await makeOrg('business')
    const owner = await makeUser({ name: 'Chủ A' })
    const member = await makeUser({ name: 'Thành viên A' })
    const ownerB = await makeUser({ name: 'Chủ B' })
    await join(owner.id, orgA.id, 'owner')
    await join(member.id, orgA.id, 'member')
    await join(ownerB.id, orgB.id, 'owner')
    return { orgA, orgB, owner, member, ownerB }
  }

  it("answers 404 to a member of A for B's members, loader and action, and invites nobody", async () => {
    const { orgB, owner } = await setup()
    const cookie = await cookieFor(owner.id)
    const path = `/org/${orgB.key}/members`
    const loaded = await run(() => members.loader(args(get(path, { cookie }), { key: orgB.key })))
    expect(loaded.thrown).toBe(true)
    expect(loaded.status).toBe(404)
    const acted = await run(() => members.action(args(post(path, { cookie, form: { email: 'spy@example.vn', role: 'owner' } }), { key: orgB.key })))
    expect(acted.thrown).toBe(true)
    expect(acted.status).toBe(404)
    expect(await prisma.invitation.count({ where: { orgId: orgB.id } })).toBe(0)
    expect(await prisma.email.count({ where: { to: 'spy@example.vn' } })).toBe(0)
  })

  it('answers the same 404 for an organisation that does not exist', async () => {
    const { owner } = await setup()
    const cookie = await cookieFor(owner.id)
    const outcome = await run(() => members.loader(args(get('/org/no-such-org/members', { cookie }), { key: 'no-such-org' })))
    expect(outcome).toMatchObject({ thrown: true, status: 404 })
  })

  it('shows the members to a member, without the invite form', async () => {
    const { orgA, owner, member } = await setup()
    const outcome = await run(async () => members.loader(args(get(`/org/${orgA.key}/members`, { cookie: await cookieFor(member.id) }), { key: orgA.key })))
    expect(outcome.status).toBe(200)
    const data = outcome.data as Awaited<ReturnType<typeof members.loader>>
    expect(data.isOwner).toBe(false)
    expect(data.org.key).toBe(orgA.key)
    expect(data.members.map((m) => m.email).sort()).toEqual([owner.email, member.email].sort())
  })

  it('refuses an invitation from a member who is not an owner with 403 (they know the organisation exists)', async () => {
    const { orgA, member } = await setup()
    const outcome = await run(async () =>
      members.action(
        args(post(`/org/${orgA.key}/members`, { cookie: await cookieFor(member.id), form: { email: 'friend@example.vn', role: 'owner' } }), {
          key: orgA.key,
        }),
      ),
    )
    expect(outcome.thrown).toBe(true)
    expect(outcome.status).toBe(403)
    expect(await prisma.invitation.count({ where: { orgId: orgA.id } })).toBe(0)
  })

  it('lets the owner invite, and answers bad input with 400 and translation keys', async () => {
    const { orgA, owner, member } = await setup()
    const cookie = await cookieFor(owner.id)
    const path = `/org/${orgA.key}/members`
    const params = { key: orgA.key }

    const loaded = await run(() => members.loader(args(get(path, { cookie }), params)))
    expect((loaded.data as { isOwner: boolean }).isOwner).toBe(true)

    const empty = await run(() => members.action(args(post(path, { cookie, form: {} }), params)))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty)).toEqual({ email: ['validation.required'], role: ['validation.choose'] })

    const bad = await run(() => members.action(args(post(path, { cookie, form: { email: 'not-an-email', role: 'king' } }), params)))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ email: ['validation.email'], role: ['validation.choose'] })

    const already = await run(() => members.action(args(post(path, { cookie, form: { email: member.email.toUpperCase(), role: 'member' } }), params)))
    expect(already.status).toBe(400)
    expect(errorsOf(already)).toEqual({ email: ['members.alreadyMember'] })
    expect(await prisma.invitation.count({ where: { orgId: orgA.id } })).toBe(0)

    const invitee = `${unique('invitee')}@example.vn`
    const ok = await run(() => members.action(args(post(path, { cookie, form: { email: invitee, role: 'member' }, headers: { 'accept-language': 'en' } }), params)))
    expect(ok.status).toBe(200)
    expect((ok.data as { invited: string }).invited).toBe(invitee)
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { orgId: orgA.id } })
    expect(invitation).toMatchObject({ email: invitee, role: 'member', invitedById: owner.id })
    const email = await prisma.email.findFirstOrThrow({ where: { to: invitee } })
    expect(email.locale).toBe('en')
    expect(email.text).toContain(`${getEnv().appUrl}/invite/`)

    const after = await run(() => members.loader(args(get(path, { cookie }), params)))
    expect((after.data as { invitations: { email: string }[] }).invitations.map((i) => i.email)).toEqual([invitee])
  })
})

describe('admin verifications', () => {
  it('answers 403 to members, organisation owners and city viewers, loader and action', async () => {
    const org = await makeOrg()
    const owner = await makeUser()
    await join(owner.id, org.id, 'owner')
    const viewer = await makeUser({ platformRole: 'city_viewer' })
    for (const user of [owner, viewer, await makeUser()]) {
      const cookie = await cookieFor(user.id)
      const loaded = await run(() => adminVerifications.loader(args(get('/admin/verifications', { cookie }))))
      expect(loaded).toMatchObject({ thrown: true, status: 403 })
      const acted = await run(() =>
        adminVerifications.action(args(post('/admin/verifications', { cookie, form: { subject: 'org', id: org.id, decision: 'verified' } }))),
      )
      expect(acted).toMatchObject({ thrown: true, status: 403 })
    }
    expect((await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).verification).toBe('pending')
    expect(await prisma.auditLog.count({ where: { entityId: org.id } })).toBe(0)
  })

  it('lets an admin list and decide, answering bad input with 400 and an unknown id with 404', async () => {
    const admin = await makeUser({ platformRole: 'admin' })
    const cookie = await cookieFor(admin.id)
    const org = await makeOrg('business')

    const loaded = await run(() => adminVerifications.loader(args(get('/admin/verifications', { cookie }))))
    expect(loaded.status).toBe(200)
    expect((loaded.data as { organizations: { id: string }[] }).organizations.map((o) => o.id)).toContain(org.id)

    const empty = await run(() => adminVerifications.action(args(post('/admin/verifications', { cookie, form: {} }))))
    expect(empty.status).toBe(400)
    expect(empty.data).toMatchObject({ ok: false })
    expect(errorsOf(empty)).toEqual({ subject: ['validation.choose'], id: ['validation.required'], decision: ['validation.choose'] })

    const bad = await run(() =>
      adminVerifications.action(
        args(post('/admin/verifications', { cookie, form: { subject: 'user', id: org.id, decision: 'maybe', note: 'n'.repeat(501) } })),
      ),
    )
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ subject: ['validation.choose'], decision: ['validation.choose'], note: ['validation.tooLong'] })

    const unknown = await run(() =>
      adminVerifications.action(args(post('/admin/verifications', { cookie, form: { subject: 'org', id: 'nope', decision: 'verified' } }))),
    )
    expect(unknown).toMatchObject({ thrown: true, status: 404 })

    const ok = await run(() =>
      adminVerifications.action(args(post('/admin/verifications', { cookie, form: { subject: 'org', id: org.id, decision: 'verified', note: 'OK' } }))),
    )
    expect(ok.status).toBe(200)
    expect(ok.data).toEqual({ ok: true })
    expect(await prisma.organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ verification: 'verified', verifiedById: admin.id })
    expect(await prisma.auditLog.count({ where: { entityId: org.id, action: 'org.verified', actorId: admin.id } })).toBe(1)
  })
})

// ── forms ──

describe('login', () => {
  it('answers missing and bad fields with 400 and translation keys, never echoing the password', async () => {
    const empty = await run(() => loginRoute.action(args(post('/login', { form: {} }))))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty)).toEqual({ email: ['validation.required'], password: ['validation.required'] })

    const bad = await run(() => loginRoute.action(args(post('/login', { form: { email: 'nope', password: 'secret-password' } }))))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ email: ['validation.email'] })
    expect(JSON.stringify(bad.data)).not.toContain('secret-password')
  })

  it('answers a wrong password or an unverified account with a form error', async () => {
    const user = await makeUser()
    const wrong = await run(() =>
      loginRoute.action(args(post('/login', { form: { email: user.email, password: 'wrong password' }, headers: { 'x-forwarded-for': '198.51.100.1' } }))),
    )
    expect(wrong.status).toBe(400)
    expect(errorsOf(wrong)).toEqual({ '': ['auth.loginFailed'] })
    expect(wrong.headers.get('set-cookie')).toBeNull()

    const unverified = await makeUser({ verified: false })
    const outcome = await run(() =>
      loginRoute.action(args(post('/login', { form: { email: unverified.email, password: PASSWORD }, headers: { 'x-forwarded-for': '198.51.100.1' } }))),
    )
    expect(outcome.status).toBe(400)
    expect(errorsOf(outcome)).toEqual({ '': ['auth.unverified'] })
    expect(await prisma.session.count({ where: { userId: unverified.id } })).toBe(0)
  })

  it('answers 429 with the minutes to wait once the limit is reached', async () => {
    const user = await makeUser()
    const headers = { 'x-forwarded-for': '198.51.100.2' }
    for (let i = 0; i < getEnv().LOGIN_MAX_ATTEMPTS; i++) {
      await run(() => loginRoute.action(args(post('/login', { form: { email: user.email, password: 'wrong password' }, headers }))))
    }
    const outcome = await run(() => loginRoute.action(args(post('/login', { form: { email: user.email, password: PASSWORD }, headers }))))
    expect(outcome.status).toBe(429)
    expect(errorsOf(outcome)).toEqual({ '': ['auth.tooManyAttempts'] })
    expect((outcome.data as { minutes: number }).minutes).toBe(getEnv().LOGIN_WINDOW_MINUTES)
    expect(Number(outcome.headers.get('retry-after'))).toBeGreaterThan(getEnv().LOGIN_WINDOW_MINUTES * 60 - 10)
  })

  it('signs in with a session cookie and follows only same-site redirects', async () => {
    const user = await makeUser()
    const ok = await run(() => loginRoute.action(args(post('/login', { form: { email: user.email.toUpperCase(), password: PASSWORD, redirectTo: '/org/x/members' } }))))
    expectRedirect(ok, '/org/x/members')
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!
    expect(cookie).toMatch(/^cn_session=.+/)
    expect(ok.headers.get('set-cookie')).toMatch(/HttpOnly/)
    expect(ok.headers.get('set-cookie')).toMatch(/SameSite=Lax/)
    expect((await run(() => dashboard.loader(args(get('/dashboard', { cookie }))))).status).toBe(200)

    const evil = await run(() => loginRoute.action(args(post('/login', { form: { email: user.email, password: PASSWORD, redirectTo: 'https://evil.example/' } }))))
    expectRedirect(evil, '/dashboard')
    const tab = await run(() => loginRoute.action(args(post('/login', { form: { email: user.email, password: PASSWORD, redirectTo: '/\t/evil.example' } }))))
    expectRedirect(tab, '/dashboard')

    // Signed in: the login page and action send to the dashboard.
    expectRedirect(await run(() => loginRoute.loader(args(get('/login', { cookie })))), '/dashboard')
    expectRedirect(await run(() => loginRoute.action(args(post('/login', { cookie, form: { email: user.email, password: PASSWORD } })))), '/dashboard')
  })

  it('resends the verification email on request, and answers a bad email with 400', async () => {
    const unverified = await makeUser({ verified: false })
    const resent = await run(() => loginRoute.action(args(post('/login', { form: { intent: 'resend', email: unverified.email, password: 'x' } }))))
    expect(resent.status).toBe(200)
    expect(resent.data).toMatchObject({ resent: true })
    expect(await prisma.email.count({ where: { to: unverified.email, template: 'verify-email' } })).toBe(1)

    const bad = await run(() => loginRoute.action(args(post('/login', { form: { intent: 'resend', email: 'nope' } }))))
    expect(bad.status).toBe(400)
    expect(bad.data).toMatchObject({ resent: false })
    expect(errorsOf(bad)).toEqual({ email: ['validation.email'] })
  })
})

describe('signup', () => {
  it('answers missing and bad fields with 400 and translation keys, without the password', async () => {
    const empty = await run(() => signupRoute.action(args(post('/signup', { form: {} }))))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty)).toEqual({
      name: ['validation.required'],
      email: ['validation.required'],
      password: ['validation.required'],
      accountType: ['validation.choose'],
    })

    const bad = await run(() =>
      signupRoute.action(args(post('/signup', { form: { name: 'An', email: 'an@', password: 'short-pw', accountType: 'college', orgName: 'X' } }))),
    )
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ email: ['validation.email'], password: ['validation.passwordTooShort'] })
    expect(JSON.stringify(bad.data)).not.toContain('short-pw')

    const expert = await run(() =>
      signupRoute.action(args(post('/signup', { form: { name: 'Anna', email: `${unique('anna')}@example.de`, password: PASSWORD, accountType: 'expert' } }))),
    )
    expect(expert.status).toBe(400)
    expect(errorsOf(expert)).toEqual({ headline: ['validation.required'], country: ['validation.required'] })
  })

  it('answers a taken email exactly like a new one, and an invalid invitation with 400', async () => {
    const user = await makeUser()
    const taken = await run(() =>
      signupRoute.action(args(post('/signup', { form: { name: 'An', email: user.email, password: PASSWORD, accountType: 'college', orgName: 'X' } }))),
    )
    expectRedirect(taken, `/verify-email?sent=${encodeURIComponent(user.email)}`)

    const invalid = await run(() =>
      signupRoute.action(args(post('/signup', { form: { name: 'An', email: `${unique('an')}@example.vn`, password: PASSWORD, invite: 'made-up' } }))),
    )
    expect(invalid.status).toBe(400)
    expect(errorsOf(invalid)).toEqual({ '': ['members.inviteInvalid'] })
  })

  it('creates the account in the request language and sends to the check-your-email page', async () => {
    const email = `${unique('new')}@example.vn`
    // The switcher's cookie wins over the browser's Accept-Language.
    const lng = (await languageCookie.serialize('en')).split(';')[0]!
    const outcome = await run(() =>
      signupRoute.action(
        args(
          post('/signup', {
            form: { name: 'An', email, password: PASSWORD, accountType: 'business', orgName: 'Công ty Mới' },
            headers: { cookie: lng, 'accept-language': 'vi-VN,vi;q=0.9' },
          }),
        ),
      ),
    )
    expectRedirect(outcome, `/verify-email?sent=${encodeURIComponent(email)}`)
    const user = await prisma.user.findUniqueOrThrow({ where: { email } })
    expect(user.locale).toBe('en')
    const sent = await prisma.email.findFirstOrThrow({ where: { to: email } })
    expect(sent.locale).toBe('en')

    // The link in the email verifies the account through the verify-email loader.
    const token = sent.text.match(/verify-email\?token=([A-Za-z0-9_-]+)/)![1]!
    const verified = await run(() => verifyEmailRoute.loader(args(get(`/verify-email?token=${token}`))))
    expect(verified.thrown).toBe(true)
    expectRedirect(verified, '/login?verified=1')
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeInstanceOf(Date)
    const again = await run(() => verifyEmailRoute.loader(args(get(`/verify-email?token=${token}`))))
    expect(again.data).toEqual({ state: 'invalid', email: null })
    const sentPage = await run(() => verifyEmailRoute.loader(args(get(`/verify-email?sent=${encodeURIComponent(email)}`))))
    expect(sentPage.data).toEqual({ state: 'sent', email })
  })

  it('shows a valid invitation on the signup page and nothing for a bad one', async () => {
    const org = await makeOrg()
    const owner = await makeUser()
    const { token, tokenHash } = newToken()
    await prisma.invitation.create({
      data: { orgId: org.id, email: 'guest@example.vn', role: 'member', tokenHash, invitedById: owner.id, expiresAt: new Date(Date.now() + 60_000) },
    })
    const shown = await run(() => signupRoute.loader(args(get(`/signup?invite=${token}`))))
    expect(shown.data).toEqual({ invite: { token, email: 'guest@example.vn', org: org.name } })
    const bad = await run(() => signupRoute.loader(args(get('/signup?invite=nope'))))
    expect(bad.data).toEqual({ invite: null })
  })
})

describe('forgot and reset password', () => {
  it('answers a bad email with 400, and the same success whether or not the account exists', async () => {
    const empty = await run(() => forgotPassword.action(args(post('/forgot-password', { form: {} }))))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty)).toEqual({ email: ['validation.required'] })
    const bad = await run(() => forgotPassword.action(args(post('/forgot-password', { form: { email: 'x@' } }))))
    expect(bad.status).toBe(400)
    expect(errorsOf(bad)).toEqual({ email: ['validation.email'] })

    const nobody = `${unique('nobody')}@example.vn`
    const unknown = await run(() => forgotPassword.action(args(post('/forgot-password', { form: { email: nobody } }))))
    const user = await makeUser()
    const known = await run(() => forgotPassword.action(args(post('/forgot-password', { form: { email: user.email } }))))
    expect(unknown.status).toBe(200)
    expect(known.status).toBe(200)
    expect((unknown.data as { sent: boolean }).sent).toBe(true)
    expect((known.data as { sent: boolean }).sent).toBe(true)
    // Both only recorded a request; the outbox worker decides whom to write to.
    await processOutbox(100)
    expect(await prisma.email.count({ where: { to: nobody } })).toBe(0)
    expect(await prisma.email.count({ where: { to: user.email, template: 'reset-password' } })).toBe(1)
  })

  it('answers bad input and a bad token with 400, and a good reset with a redirect to log in', async () => {
    const user = await makeUser()
    const { token, tokenHash } = newToken()
    await prisma.userToken.create({ data: { userId: user.id, purpose: 'reset_password', tokenHash, expiresAt: new Date(Date.now() + 60_000) } })

    expect((await run(() => resetPasswordRoute.loader(args(get(`/reset-password?token=${token}`))))).data).toEqual({ token, valid: true })
    expect((await run(() => resetPasswordRoute.loader(args(get('/reset-password?token=nope'))))).data).toEqual({ token: 'nope', valid: false })
    expect((await run(() => resetPasswordRoute.loader(args(get('/reset-password'))))).data).toEqual({ token: '', valid: false })

    const empty = await run(() => resetPasswordRoute.action(args(post('/reset-password', { form: {} }))))
    expect(empty.status).toBe(400)
    expect(errorsOf(empty)).toEqual({ token: ['auth.resetInvalid'], password: ['validation.required'], confirmPassword: ['validation.required'] })

    const short = await run(() => resetPasswordRoute.action(args(post('/reset-password', { form: { token, password: 'short', confirmPassword: 'short' } }))))
    expect(short.status).toBe(400)
    expect(errorsOf(short)).toEqual({ password: ['validation.passwordTooShort'] })

    const differ = await run(() =>
      resetPasswordRoute.action(args(post('/reset-password', { form: { token, password: 'new password 1', confirmPassword: 'new password 2' } }))),
    )
    expect(differ.status).toBe(400)
    expect(errorsOf(differ)).toEqual({ confirmPassword: ['validation.passwordsDiffer'] })
    expect(JSON.stringify(differ.data)).not.toContain('new password')

    const badToken = await run(() =>
      resetPasswordRoute.action(args(post('/reset-password', { form: { token: 'nope', password: 'new password 1', confirmPassword: 'new password 1' } }))),
    )
    expect(badToken.status).toBe(400)
    expect(errorsOf(badToken)).toEqual({ '': ['auth.resetInvalid'] })

    const ok = await run(() =>
      resetPasswordRoute.action(args(post('/reset-password', { form: { token, password: 'new password 1', confirmPassword: 'new password 1' } }))),
    )
    expectRedirect(ok, '/login?reset=1')
    const used = await prisma.userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } })
    expect(used.usedAt).toBeInstanceOf(Date)
  })
})

describe('invitation page', () => {
  it('accepts for the invited user only', async () => {
    const org = await makeOrg()
    const owner = await makeUser()
    const invited = await makeUser()
    const stranger = await makeUser()
    const { token, tokenHash } = newToken()
    await prisma.invitation.create({
      data: { orgId: org.id, email: invited.email, role: 'owner', tokenHash, invitedById: owner.id, expiresAt: new Date(Date.now() + 60_000) },
    })

    const anonymous = await run(() => invite.loader(args(get(`/invite/${token}`), { token })))
    expect(anonymous.data).toEqual({ token, invitation: { org: org.name, email: invited.email, role: 'owner' }, signedInAs: null })

    const strangerCookie = await cookieFor(stranger.id)
    const refused = await run(() => invite.action(args(post(`/invite/${token}`, { cookie: strangerCookie }), { token })))
    expect(refused).toMatchObject({ thrown: true, status: 404 })
    expect(await prisma.membership.count({ where: { orgId: org.id } })).toBe(0)

    const cookie = await cookieFor(invited.id)
    expectRedirect(await run(() => invite.action(args(post(`/invite/${token}`, { cookie }), { token }))), '/dashboard')
    expect(await prisma.membership.findFirst({ where: { orgId: org.id, userId: invited.id } })).toMatchObject({ role: 'owner' })

    // Used: the page shows no invitation, accepting again is 404.
    expect((await run(() => invite.loader(args(get(`/invite/${token}`, { cookie }), { token })))).data).toMatchObject({ invitation: null })
    expect(await run(() => invite.action(args(post(`/invite/${token}`, { cookie }), { token })))).toMatchObject({ thrown: true, status: 404 })
  })
})

describe('settings.language', () => {
  it('answers an unsupported language with 400 and sets nothing', async () => {
    const forms: Record<string, string>[] = [{}, { language: 'fr' }, { language: '' }, { language: 'VI' }]
    for (const form of forms) {
      const outcome = await run(() => settingsLanguage.action(args(post('/settings/language', { form }))))
      expect(outcome.status).toBe(400)
      expect(outcome.headers.get('set-cookie')).toBeNull()
    }
  })

  it('remembers the language in a cookie and on the account, redirecting same-site only', async () => {
    const user = await makeUser()
    const cookie = await cookieFor(user.id)
    const outcome = await run(() => settingsLanguage.action(args(post('/settings/language', { cookie, form: { language: 'en', redirectTo: '/dashboard?x=1' } }))))
    expectRedirect(outcome, '/dashboard?x=1')
    expect(outcome.headers.get('set-cookie')).toMatch(/^lng=[^;]+;/)
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).locale).toBe('en')

    const evil = await run(() => settingsLanguage.action(args(post('/settings/language', { form: { language: 'vi', redirectTo: '//evil.example' } }))))
    expectRedirect(evil, '/')
  })
})

describe('healthz', () => {
  it('answers 200 with the database and the outbox lag', async () => {
    await prisma.outboxEntry.deleteMany()
    const response = await asPeer(LOCAL_PEER, () => healthz.loader({ request: new Request('http://localhost/healthz'), params: {}, context: {} }))
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const body = (await response.json()) as {
      status: string
      checks: { database: { ok: boolean; latencyMs: number }; outbox: { ok: boolean; lagSeconds: number; pending: number; dead: number; failed: number } }
    }
    expect(body.status).toBe('ok')
    expect(body.checks.database.ok).toBe(true)
    expect(body.checks.database.latencyMs).toBeGreaterThanOrEqual(0)
    expect(body.checks.outbox).toEqual({ ok: true, lagSeconds: 0, pending: 0, dead: 0, failed: 0 })
  })

  it('reports the lag of a waiting entry and answers 503 past five minutes', async () => {
    await prisma.outboxEntry.deleteMany()
    const entry = await prisma.outboxEntry.create({
      data: { kind: 'search_index', payload: {}, idempotencyKey: unique('lag'), createdAt: new Date(Date.now() - 60_000) },
    })
    const waiting = await asPeer(LOCAL_PEER, () => healthz.loader({ request: new Request('http://localhost/healthz'), params: {}, context: {} }))
    expect(waiting.status).toBe(200)
    const body = (await waiting.json()) as { checks: { outbox: { ok: boolean; lagSeconds: number; pending: number } } }
    expect(body.checks.outbox.ok).toBe(true)
    expect(body.checks.outbox.pending).toBe(1)
    expect(body.checks.outbox.lagSeconds).toBeGreaterThanOrEqual(59)
    expect(body.checks.outbox.lagSeconds).toBeLessThan(70)

    await prisma.outboxEntry.update({ where: { id: entry.id }, data: { createdAt: new Date(Date.now() - 301_000) } })
    const late = await asPeer(LOCAL_PEER, () => healthz.loader({ request: new Request('http://localhost/healthz'), params: {}, context: {} }))
    expect(late.status).toBe(503)
    const lateBody = (await late.json()) as { status: string; checks: { database: { ok: boolean }; outbox: { ok: boolean } } }
    expect(lateBody.status).toBe('degraded')
    expect(lateBody.checks.database.ok).toBe(true)
    expect(lateBody.checks.outbox.ok).toBe(false)
    await prisma.outboxEntry.deleteMany()
  })
})
