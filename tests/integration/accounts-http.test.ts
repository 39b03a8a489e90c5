import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { getEnv } from '~/modules/runtime/env.server'
import { startTestApp, type TestApp } from '../support/http'
import { cookieFor, makeUser as makeUserRow } from '../factories/users'

// Rate limits over real HTTP (issue 9, findings 2, 3 and 5): the production build behind the
// real edge, so the client address is what the edge decides it is.

const PASSWORD = 'mat-khau-dai-du-1'
let counter = 0
const unique = (name: string) => `${name}-${++counter}-${Date.now().toString(36)}`

const makeUser = () => makeUserRow({ password: PASSWORD })

function postForm(app: TestApp, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(`${app.url}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Origin: app.url, 'Accept-Language': 'en', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form),
  })
}

const login = (app: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  postForm(app, '/login', { email, password }, headers)

let trusting: TestApp
let trustingNobody: TestApp

beforeAll(async () => {
  trusting = await startTestApp({ trustProxy: 'loopback' })
  trustingNobody = await startTestApp()
})

afterAll(async () => {
  await trusting?.stop()
  await trustingNobody?.stop()
})

describe('login limits over HTTP', () => {
  it('a stranger failing on an account does not lock the owner out of their own address; the stranger gets 429 with Retry-After', async () => {
    const { LOGIN_MAX_ATTEMPTS: max, LOGIN_WINDOW_MINUTES: window } = getEnv()
    const owner = await makeUser()
    const stranger = { 'X-Forwarded-For': '198.51.100.66' }
    for (let i = 0; i < max - 1; i++) expect((await login(trusting, owner.email, `wrong ${i}`, stranger)).status).toBe(400)
    for (let i = 0; i < 3; i++) {
      const refused = await login(trusting, owner.email, i === 0 ? 'wrong again' : PASSWORD, stranger)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(window * 60 - 10)
    }
    const ownHome = await login(trusting, owner.email, PASSWORD, { 'X-Forwarded-For': '203.0.113.44' })
    expect(ownHome.status).toBe(302)
    expect(ownHome.headers.get('set-cookie')).toMatch(/cn_session=/)
  })

  it('rotating X-Forwarded-For does not escape the limit when no proxy is trusted', async () => {
    const { LOGIN_MAX_ATTEMPTS: max } = getEnv()
    const owner = await makeUser()
    const statuses: number[] = []
    for (let i = 0; i < max + 2; i++) {
      statuses.push((await login(trustingNobody, owner.email, `wrong ${i}`, { 'X-Forwarded-For': `192.0.2.${i + 1}` })).status)
    }
    expect(statuses.slice(0, max - 1).every((s) => s === 400)).toBe(true)
    expect(statuses.slice(max - 1)).toEqual(Array(3).fill(429))
  })

  it('a 6,000-character X-Forwarded-For is no 500, and every bucket key is short and hashed', async () => {
    const owner = await makeUser()
    const huge = `${'9'.repeat(6000)}, 198.51.100.7`
    for (const app of [trusting, trustingNobody]) {
      const response = await login(app, owner.email, 'wrong password', { 'X-Forwarded-For': huge })
      expect(response.status).toBe(400)
    }
    const longest = await prisma.$queryRaw<{ length: number }[]>`SELECT coalesce(max(length(key)), 0)::int AS length FROM "RateLimiterFlexible"`
    expect(longest[0]!.length).toBeLessThanOrEqual(96)
    expect(await prisma.rateLimiterFlexible.count({ where: { OR: [{ key: { contains: '@' } }, { key: { contains: '.' } }] } })).toBe(0)
  })
})

describe('invitations over HTTP', () => {
  async function ownerWithOrg() {
    const owner = await makeUser()
    const key = unique('org')
    const org = await prisma.organization.create({ data: { key, kind: 'college', name: `http://spam.example ${key}`, nameVi: key } })
    await prisma.membership.create({ data: { userId: owner.id, orgId: org.id, role: 'owner' } })
    const cookie = await cookieFor(owner.id)
    return { owner, org, cookie }
  }

  it('refuses a second invitation to an address with a pending one, next to the field', async () => {
    const { org, cookie } = await ownerWithOrg()
    const invite = (email: string) => postForm(trusting, `/org/${org.key}/members`, { email, role: 'member' }, { Cookie: cookie })
    const email = `${unique('invitee')}@example.vn`
    expect((await invite(email)).status).toBe(200)
    const again = await invite(email)
    expect(again.status).toBe(400)
    expect(await again.text()).toContain('This address already has a pending invitation.')
    expect(await prisma.invitation.count({ where: { orgId: org.id, email } })).toBe(1)
    const sent = await prisma.email.findFirstOrThrow({ where: { to: email } })
    expect(sent.subject).not.toContain('spam.example')
  })

  it('limits invitations per inviting user with 429 and Retry-After', async () => {
    const { org, cookie } = await ownerWithOrg()
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 21; i++) {
      last = await postForm(trusting, `/org/${org.key}/members`, { email: `${unique('bulk')}@example.vn`, role: 'member' }, { Cookie: cookie })
      statuses.push(last.status)
    }
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true)
    expect(statuses[20]).toBe(429)
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await prisma.invitation.count({ where: { orgId: org.id } })).toBe(20)
  })
})
