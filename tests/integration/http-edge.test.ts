import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { buildBusiness, buildCollege, buildDocument, buildNeed } from '../factories/listings'
import { startTestApp, type TestApp } from '../support/http'
import { cookieFor, makeUser } from '../factories/users'

// The HTTP edge over real HTTP (issue 9): the production build behind the same middlewares
// as `npm start`, on a loopback port. Requests from this test come from 127.0.0.1, so "a
// stranger" is a request that carries forwarding headers: it came through a proxy, and the
// app does not trust proxies unless TRUST_PROXY names them.

let app: TestApp
const college = buildCollege()
const business = buildBusiness()
const need = buildNeed({ org: college, kind: 'internship', startDate: '2027-03-01', endDate: '2027-06-30' })
const PASSWORD = 'mat-khau-dai-du-1'
let owner: { id: string; email: string }
let admin: { id: string; email: string }
let stranger: { id: string; email: string }

const fromProxy = { 'X-Forwarded-For': '198.51.100.23' }
const foreign = { Origin: 'https://evil.example' }

function form(fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams(fields)
}

beforeAll(async () => {
  const result = await importDocument(buildDocument({ organizations: [college, business], needs: [need] }))
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  owner = await makeUser({ email: 'owner@example.vn', password: PASSWORD })
  admin = await makeUser({ email: 'admin@example.vn', password: PASSWORD, platformRole: 'admin' })
  stranger = await makeUser({ email: 'stranger@example.vn', password: PASSWORD })
  const org = await prisma.organization.findUniqueOrThrow({ where: { key: college.key } })
  await prisma.membership.create({ data: { userId: owner.id, orgId: org.id, role: 'owner' } })
  await prisma.email.create({ data: { to: owner.email, subject: 'Đặt lại mật khẩu', text: 'http://localhost/reset-password?token=secret-token', html: '', template: 'password_reset', locale: 'vi' } })
  app = await startTestApp()
}, 60_000)

afterAll(async () => {
  await app?.stop()
})

describe('the development mailbox (finding 1)', () => {
  it('opens to this machine itself', async () => {
    const response = await fetch(`${app.url}/dev/mailbox`)
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('Đặt lại mật khẩu')
  })

  it('is not found for a request that came through a proxy, whatever the socket says', async () => {
    const proxied: Record<string, string>[] = [fromProxy, { Forwarded: 'for=198.51.100.23' }, { 'X-Real-IP': '198.51.100.23' }]
    for (const headers of proxied) {
      const list = await fetch(`${app.url}/dev/mailbox`, { headers })
      expect(list.status).toBe(404)
      const text = await list.text()
      expect(text).not.toContain('Đặt lại mật khẩu')
      expect(text).not.toContain('secret-token')
    }
    const email = await prisma.email.findFirstOrThrow({ where: { to: owner.email } })
    const one = await fetch(`${app.url}/dev/mailbox/${email.id}`, { headers: fromProxy })
    expect(one.status).toBe(404)
    expect(await one.text()).not.toContain('secret-token')
  })

  it('is not found for a signed-in member from outside, and open to an admin', async () => {
    const member = await fetch(`${app.url}/dev/mailbox`, { headers: { ...fromProxy, Cookie: await cookieFor(stranger.id) } })
    expect(member.status).toBe(404)
    const byAdmin = await fetch(`${app.url}/dev/mailbox`, { headers: { ...fromProxy, Cookie: await cookieFor(admin.id) } })
    expect(byAdmin.status).toBe(200)
    expect(await byAdmin.text()).toContain('Đặt lại mật khẩu')
  })

  it('is not linked from the pages a stranger sees', async () => {
    const home = await (await fetch(`${app.url}/`, { headers: fromProxy })).text()
    expect(home).not.toContain('href="/dev/mailbox"')
  })
})

describe('cross-site requests (finding 4)', () => {
  it('refuses a foreign-Origin POST through the ?_data= path with 403 and changes nothing', async () => {
    const cookie = await cookieFor(owner.id)
    const response = await fetch(`${app.url}/needs/${need.key}/manage?_data=routes%2Fneeds.%24key.manage`, {
      method: 'POST',
      headers: { ...foreign, Cookie: cookie },
      body: form({ intent: 'close' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect((await prisma.need.findUniqueOrThrow({ where: { key: need.key } })).status).toBe('open')
  })

  it('refuses login from another site (login CSRF): 403, no session cookie', async () => {
    const response = await fetch(`${app.url}/login`, {
      method: 'POST',
      headers: foreign,
      body: form({ email: stranger.email, password: PASSWORD }),
      redirect: 'manual',
    })
    expect(response.status).toBe(403)
    expect(response.headers.get('set-cookie')).toBeNull()
    const page = await response.text()
    expect(page).toContain('Yêu cầu bị từ chối')
    expect(page).toContain('Request refused')
  })

  it('refuses what a browser marks cross-site even without Origin, and Origin "null"', async () => {
    const bySite = await fetch(`${app.url}/login`, { method: 'POST', headers: { 'Sec-Fetch-Site': 'cross-site' }, body: form({ email: 'x' }) })
    expect(bySite.status).toBe(403)
    const opaque = await fetch(`${app.url}/login`, { method: 'POST', headers: { Origin: 'null' }, body: form({ email: 'x' }) })
    expect(opaque.status).toBe(403)
  })

  it('lets the site’s own forms through', async () => {
    const cookie = await cookieFor(owner.id)
    const response = await fetch(`${app.url}/needs/${need.key}/manage`, {
      method: 'POST',
      headers: { Origin: app.url, Cookie: cookie, 'Sec-Fetch-Site': 'same-origin' },
      body: form({ intent: 'close', redirectTo: '/tìm-kiếm?q=thực tập' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    // Finding 10: a non-ASCII target is encoded, not a 500 after the change was saved.
    expect(response.headers.get('location')).toBe('/t%C3%ACm-ki%E1%BA%BFm?q=th%E1%BB%B1c%20t%E1%BA%ADp')
    expect((await prisma.need.findUniqueOrThrow({ where: { key: need.key } })).status).toBe('closed')
    await fetch(`${app.url}/needs/${need.key}/manage`, { method: 'POST', headers: { Origin: app.url, Cookie: cookie }, body: form({ intent: 'reopen' }), redirect: 'manual' })
  })
})

describe('security headers (finding 6)', () => {
  it('sends a CSP whose nonce the page’s scripts carry, and refuses framing', async () => {
    const response = await fetch(`${app.url}/`)
    expect(response.status).toBe(200)
    const csp = response.headers.get('content-security-policy') ?? ''
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
    expect(nonce).toBeTruthy()
    expect(csp).toContain("frame-ancestors 'none'")
    expect(csp).toContain("object-src 'none'")
    expect(csp).not.toContain("'unsafe-inline' 'self'")
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/)
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    // Served over plain HTTP: no HSTS (it is sent when APP_URL is https).
    expect(response.headers.get('strict-transport-security')).toBeNull()
    const html = await response.text()
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((match) => match[0])
    expect(scripts.length).toBeGreaterThan(0)
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`)
    // A fresh nonce per response.
    const again = (await fetch(`${app.url}/`)).headers.get('content-security-policy')
    expect(again).not.toBe(csp)
  })
})

describe('bad input (findings 9 and 10)', () => {
  it('answers 400, not 500, to a NUL byte in a path or a query, signed in or not', async () => {
    for (const path of [`/needs/a%00b`, `/orgs/%00`, `/experts/x%00`, `/search?q=th%00uc`, `/invite/%00`, `/reset-password?token=%00`]) {
      const response = await fetch(`${app.url}${path}`)
      expect(response.status, path).toBe(400)
    }
  })

  it('keeps a NUL byte in a form field out of the database: the report is saved without it', async () => {
    const cookie = await cookieFor(stranger.id)
    const response = await fetch(`${app.url}/needs/${need.key}/report`, {
      method: 'POST',
      headers: { Origin: app.url, Cookie: cookie },
      body: form({ reason: 'Tin lừa\u0000 đảo, số điện thoại không liên lạc được' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    const report = await prisma.listingReport.findFirstOrThrow({ where: { reporterId: stranger.id } })
    expect(report.reason).toBe('Tin lừa đảo, số điện thoại không liên lạc được')
  })

  it('answers a non-ASCII redirectTo with an encoded redirect', async () => {
    const response = await fetch(`${app.url}/settings/language`, {
      method: 'POST',
      headers: { Origin: app.url },
      body: form({ language: 'en', redirectTo: '/tìm-kiếm' }),
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/t%C3%ACm-ki%E1%BA%BFm')
  })
})

describe('/healthz (finding 13)', () => {
  it('tells strangers only the status, and this machine and admins the figures', async () => {
    const outside = await fetch(`${app.url}/healthz`, { headers: fromProxy })
    expect(await outside.json()).toEqual({ status: expect.stringMatching(/^(ok|degraded)$/) })
    const local = (await (await fetch(`${app.url}/healthz`)).json()) as { checks?: { database?: { ok: boolean } } }
    expect(local.checks?.database?.ok).toBe(true)
    const byAdmin = (await (await fetch(`${app.url}/healthz`, { headers: { ...fromProxy, Cookie: await cookieFor(admin.id) } })).json()) as {
      checks?: unknown
    }
    expect(byAdmin.checks).toBeDefined()
  })
})
