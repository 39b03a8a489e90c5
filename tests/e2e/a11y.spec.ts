import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { logIn } from './accounts'

// Accessibility: axe-core over the main public pages in both languages, failing on any
// serious or critical violation; and the keyboard's way past the header (the skip link).
// Each page's counts per impact are printed (`axe vi need: …`) so a run shows where the
// moderate and minor findings stand too.

const PAGES: [name: string, path: string, status?: number][] = [
  ['home', '/'],
  ['needs', '/needs'],
  ['offers', '/offers'],
  ['need', '/needs/nd-vantri-intern-dien-k18'],
  ['offer', '/offers/of-katrin-onsite-plc'],
  ['search', '/search?q=thuc+tap'],
  ['organisation', '/orgs/col-van-tri'],
  ['expert', '/experts/exp-katrin-hoffmann'],
  ['login', '/login'],
  ['signup', '/signup'],
  ['404', '/no-such-page', 404],
  // A listing's, an organisation's 404 and an unknown deeper address: the root's error page.
  ['404 of a need', '/needs/no-such-need', 404],
  ['404 of an organisation', '/orgs/no-such-org', 404],
  ['404 of a deep address', '/a/b/c', 404],
]

/** Forms submitted empty: their errors shown next to the fields. */
const FAILED_FORMS: [name: string, path: string][] = [
  ['login', '/login'],
  ['signup', '/signup'],
]

const LANGUAGES = [
  { lang: 'vi', locale: 'vi-VN' },
  { lang: 'en', locale: 'en-GB' },
] as const

async function axe(page: Page, label: string) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const byImpact = { critical: 0, serious: 0, moderate: 0, minor: 0 }
  for (const violation of violations) {
    const impact = violation.impact ?? 'minor'
    if (impact in byImpact) byImpact[impact as keyof typeof byImpact] += violation.nodes.length
  }
  const rules = violations.map((violation) => `${violation.id}(${violation.impact}×${violation.nodes.length}: ${violation.nodes[0]?.target.join(' ')})`).join(' ')
  console.log(`axe ${label}: critical=${byImpact.critical} serious=${byImpact.serious} moderate=${byImpact.moderate} minor=${byImpact.minor} ${rules}`)
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
}

for (const { lang, locale } of LANGUAGES) {
  test.describe(`axe, ${lang}`, () => {
    test.use({ locale })
    for (const [name, path, status = 200] of PAGES) {
      test(`${name} (${path}) has no serious or critical violation`, async ({ page }) => {
        const response = await page.goto(path)
        expect(response?.status()).toBe(status)
        await expect(page.locator('html')).toHaveAttribute('lang', lang)
        await page.waitForLoadState('networkidle')
        // Every page names itself, the 404 included.
        expect((await page.title()).trim()).not.toBe('')
        const serious = await axe(page, `${lang} ${name}`)
        expect(
          serious.map((violation) => ({ rule: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) })),
        ).toEqual([])
      })
    }
    for (const [name, path] of FAILED_FORMS) {
      test(`${name} (${path}) after a failed submit has no serious or critical violation`, async ({ page }) => {
        await page.goto(path)
        await page.waitForLoadState('networkidle')
        await page.getByRole('main').locator('button[type="submit"]').first().click()
        await expect(page.getByRole('main').getByRole('alert').first()).toBeVisible()
        const serious = await axe(page, `${lang} ${name} after a failed submit`)
        expect(serious.map((violation) => ({ rule: violation.id, nodes: violation.nodes.map((node) => node.target.join(' ')) }))).toEqual([])
      })
    }
  })
}

/** Each demo account's own pages (in Vietnamese, the default language). */
const SIGNED_IN: [email: string, paths: string[]][] = [
  ['college@caunoi.test', ['/dashboard', '/proposals', '/notifications', '/org/col-van-tri/members', '/org/col-van-tri/profile', '/needs/new', '/searches', '/settings/notifications']],
  ['business@caunoi.test', ['/dashboard', '/proposals', '/offers/new']],
  ['expert@caunoi.test', ['/dashboard', '/expert/profile', '/expert/payouts']],
  ['admin@caunoi.test', ['/admin/verifications', '/admin/moderation', '/admin/occupations', '/admin/occupation-terms', '/admin/rates', '/admin/payments', '/admin/outbox']],
  ['city@caunoi.test', ['/dashboard']],
]

for (const [email, paths] of SIGNED_IN) {
  test(`axe, signed in as ${email}: no serious or critical violation`, async ({ browser }) => {
    const page = await logIn(browser, email)
    const found: { path: string; rule: string; nodes: string[] }[] = []
    for (const path of paths) {
      expect((await page.goto(path))?.status(), path).toBe(200)
      for (const violation of await axe(page, `vi ${email} ${path}`)) found.push({ path, rule: violation.id, nodes: violation.nodes.map((node) => node.target.join(' ')) })
    }
    expect(found).toEqual([])
  })
}

test('the public folder: icons, manifest and robots.txt are served and linked', async ({ page, request }) => {
  for (const [path, type] of [
    ['/favicon.ico', /image\/(x-icon|vnd\.microsoft\.icon)/],
    ['/icon.svg', /image\/svg\+xml/],
    ['/apple-touch-icon.png', /image\/png/],
    ['/icon-192.png', /image\/png/],
    ['/icon-512.png', /image\/png/],
    ['/manifest.webmanifest', /application\/manifest\+json/],
    ['/robots.txt', /text\/plain/],
  ] as const) {
    const response = await request.get(path)
    expect(response.status(), path).toBe(200)
    expect(response.headers()['content-type'], path).toMatch(type)
  }
  const manifest = (await (await request.get('/manifest.webmanifest')).json()) as Record<string, unknown>
  expect(manifest).toMatchObject({ name: 'Cầu Nối', start_url: '/', display: 'standalone', theme_color: '#0f766e' })
  const robots = await (await request.get('/robots.txt')).text()
  for (const path of ['/dev/', '/admin/', '/dashboard', '/proposals', '/org/', '/expert/', '/api/', '/login']) expect(robots).toContain(`Disallow: ${path}\n`)
  expect(robots).toContain('Allow: /needs\n')

  // The page links them, and the browser loads them under the Content-Security-Policy.
  const blocked: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) blocked.push(message.text())
  })
  await page.goto('/')
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest')
  await expect(page.locator('link[rel="icon"][type="image/svg+xml"]')).toHaveAttribute('href', '/icon.svg')
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute('href', '/apple-touch-icon.png')
  await expect(page.locator('meta[name="theme-color"]')).toHaveAttribute('content', '#0f766e')
  await page.waitForLoadState('networkidle')
  expect(blocked).toEqual([])
})

test('keyboard: the first Tab reaches the skip link, Enter moves focus to the main content', async ({ page }) => {
  await page.goto('/needs/nd-vantri-intern-dien-k18')
  await page.waitForLoadState('networkidle')
  await page.keyboard.press('Tab')
  const skip = page.getByRole('link', { name: 'Bỏ qua, tới nội dung chính' })
  await expect(skip).toBeFocused()
  await expect(skip).toBeVisible()
  await page.keyboard.press('Enter')
  await expect(page.locator('main#main')).toBeFocused()
  // The next Tab lands inside the content, not back in the header.
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('main') !== null)).toBe(true)
})

test('keyboard: on the search page the results are reached without passing every facet', async ({ page }) => {
  await page.goto('/search?q=thuc+tap')
  await page.waitForLoadState('networkidle')
  // From the search box, Tab until the link past the filters: a few stops, not the ~30 facets.
  await page.getByRole('searchbox').first().focus()
  const skip = page.getByRole('link', { name: 'Bỏ qua bộ lọc, tới kết quả' })
  let presses = 0
  while (presses < 10 && !(await skip.evaluate((el) => el === document.activeElement))) {
    await page.keyboard.press('Tab')
    presses++
  }
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.locator('#search-results')).toBeFocused()
  // The next Tab is on a result.
  await page.keyboard.press('Tab')
  expect(await page.evaluate(() => document.activeElement?.closest('#search-results li') !== null)).toBe(true)
})

test('keyboard: after a client-side navigation focus is on the new page’s heading, announced', async ({ page }) => {
  await page.goto('/')
  await page.waitForLoadState('networkidle')
  // The first load leaves focus alone.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)
  await page.getByRole('navigation').getByRole('link', { name: 'Nhu cầu', exact: true }).click()
  await expect(page).toHaveURL(/\/needs$/)
  const heading = page.getByRole('heading', { level: 1 })
  await expect(heading).toHaveText('Nhu cầu của các trường nghề')
  await expect(heading).toBeFocused()
  await expect(page.getByTestId('route-announcer')).toHaveText('Nhu cầu của các trường nghề · Cầu Nối')
})
