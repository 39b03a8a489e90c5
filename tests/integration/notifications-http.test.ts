import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { notify } from '~/modules/notifications/notifications.server'
import { cookieFor, makeUser } from '../factories/users'
import { startTestApp, type TestApp } from '../support/http'

// The notification and saved-search pages over real HTTP (the production build behind the
// HTTP edge): the bell's accessible count, and forms sent from another site refused (403)
// with nothing changed while the same forms from the app's own pages work.

let app: TestApp
let user: { id: string }
let cookie: string
const foreign = { Origin: 'https://evil.example' }

beforeAll(async () => {
  user = await makeUser({ name: 'Hoa' })
  cookie = await cookieFor(user.id)
  for (let i = 0; i < 3; i++) {
    await prisma.$transaction((tx) => notify(tx, { userIds: [user.id], kind: 'review.received', params: { counterpart: `Trường ${i}` }, link: '/dashboard' }))
  }
  app = await startTestApp()
}, 60_000)

afterAll(async () => {
  await app?.stop()
})

const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: 'POST', headers: { Cookie: cookie, ...headers }, body: new URLSearchParams(fields), redirect: 'manual' })

describe('over HTTP', () => {
  it('shows the bell with the unread count in its accessible name', async () => {
    const page = await (await fetch(`${app.url}/notifications`, { headers: { Cookie: cookie } })).text()
    expect(page).toContain('aria-label="Thông báo, 3 chưa đọc"')
    expect(page).toContain('Trường 2 đã đánh giá sự hợp tác với bạn.')
  })

  it('refuses the forms from another site and changes nothing; from the app they work', async () => {
    const prefs = { proposal_received: 'off' }
    const attempts: [string, Record<string, string>][] = [
      ['/notifications', { intent: 'read-all' }],
      ['/searches', { intent: 'save', query: 'q=han', name: 'Hàn' }],
      ['/settings/notifications', prefs],
    ]
    for (const [path, fields] of attempts) expect((await postForm(path, fields, foreign)).status).toBe(403)
    expect(await prisma.notification.count({ where: { userId: user.id, readAt: null } })).toBe(3)
    expect(await prisma.savedSearch.count({ where: { userId: user.id } })).toBe(0)

    const own = { Origin: app.url }
    expect((await postForm('/notifications', { intent: 'read-all' }, own)).status).toBe(302)
    expect((await postForm('/searches', { intent: 'save', query: 'q=han', name: 'Hàn' }, own)).status).toBe(302)
    expect(await prisma.notification.count({ where: { userId: user.id, readAt: null } })).toBe(0)
    expect(await prisma.savedSearch.findMany({ where: { userId: user.id }, select: { name: true, query: true } })).toEqual([{ name: 'Hàn', query: 'q=han' }])
  })
})
