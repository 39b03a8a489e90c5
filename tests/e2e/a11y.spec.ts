import { expect, test, type Page } from '@playwright/test'
import { axe, LANGUAGES, signInIn, type AxeFinding, type Lang } from './a11y-support'

// Accessibility: axe-core over every main page in both languages, anonymous and signed in as
// each kind of demo account, and over each main form after a failed submit, failing on any
// serious or critical violation (each page's counts per impact are printed: `axe vi need: …`);
// the keyboard's ways past the header and the facets, and focus after navigation.

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
  ['forgot password', '/forgot-password'],
  ['404', '/no-such-page', 404],
  // A listing's, an organisation's 404 and an unknown deeper address: the root's error page.
  ['404 of a need', '/needs/no-such-need', 404],
  ['404 of an organisation', '/orgs/no-such-org', 404],
  ['404 of a deep address', '/a/b/c', 404],
]

/** Each demo account's own pages. */
const SIGNED_IN: [email: string, paths: string[]][] = [
  [
    'college@caunoi.test',
    [
      '/dashboard',
      '/proposals',
      '/notifications',
      '/org/col-van-tri/members',
      '/org/col-van-tri/profile',
      '/needs/new',
      '/needs/new?kind=internship',
      '/needs/nd-vantri-intern-dien-k18',
      '/needs/nd-vantri-intern-dien-k18/edit',
      '/needs/nd-vantri-intern-dien-k18/manage',
      '/proposals/new?offer=of-tlp-intern-maintenance',
      '/search?q=thuc+tap',
      '/searches',
      '/settings/notifications',
    ],
  ],
  ['business@caunoi.test', ['/dashboard', '/proposals', '/offers/new', '/offers/new?kind=placement', '/org/biz-hoshino/profile', '/needs/nd-vantri-intern-dien-k18/report']],
  ['expert@caunoi.test', ['/dashboard', '/expert/profile', '/expert/payouts', '/offers/of-katrin-onsite-plc']],
  ['admin@caunoi.test', ['/dashboard', '/admin/verifications', '/admin/moderation', '/admin/occupations', '/admin/occupation-terms', '/admin/rates', '/admin/payments', '/admin/outbox']],
  ['city@caunoi.test', ['/dashboard']],
]

type FailedForm = {
  name: string
  path: string
  /** signed in as this demo account; anonymous without */
  account?: string
  /** the form to submit (the first form of <main> with a visible field by default) */
  form?: string
  /** makes the submit fail where the form starts out valid (a profile's required name cleared) */
  prepare?: (page: Page) => Promise<void>
}

/** Each main form submitted so that it fails: empty, or with a required field cleared. */
const FAILED_FORMS: FailedForm[] = [
  { name: 'login', path: '/login' },
  { name: 'signup', path: '/signup' },
  { name: 'forgot password', path: '/forgot-password' },
  { name: 'new internship need', path: '/needs/new?kind=internship', account: 'college@caunoi.test' },
  { name: 'new placement offer', path: '/offers/new?kind=placement', account: 'business@caunoi.test' },
  {
    name: 'new proposal',
    path: '/proposals/new?offer=of-tlp-intern-maintenance',
    account: 'college@caunoi.test',
    // Everything is optional here: an end before the start is what fails.
    prepare: async (page) => {
      await page.locator('main input[name="startDate"]').fill('2030-05-01')
      await page.locator('main input[name="endDate"]').fill('2030-04-01')
    },
  },
  {
    name: 'organisation profile',
    path: '/org/col-van-tri/profile',
    account: 'college@caunoi.test',
    prepare: (page) => page.locator('main input[name="name"]').fill(''),
  },
  {
    name: 'expert profile',
    path: '/expert/profile',
    account: 'expert@caunoi.test',
    prepare: (page) => page.locator('main input[name="name"]').fill(''),
  },
  { name: 'invitation', path: '/org/col-van-tri/members', account: 'college@caunoi.test', form: 'main form:has(input[name="email"])' },
  { name: 'report', path: '/needs/nd-vantri-intern-dien-k18/report', account: 'business@caunoi.test' },
]

const visibleForm = 'main form:has(input:not([type="hidden"]), textarea, select)'

async function failSubmit(page: Page, form: FailedForm) {
  await page.goto(form.path)
  await page.waitForLoadState('networkidle')
  await form.prepare?.(page)
  await page.locator(form.form ?? visibleForm).first().locator('button[type="submit"]').last().click()
  await expect(page.getByRole('main').getByRole('alert').first()).toBeVisible()
  // The form's error summary, with focus on it.
  await expect(page.locator('main [id$="-error-summary"]')).toBeFocused()
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
        expect(await axe(page, `${lang} ${name}`)).toEqual([])
      })
    }
    for (const form of FAILED_FORMS.filter((form) => !form.account)) {
      test(`${form.name} (${form.path}) after a failed submit has no serious or critical violation`, async ({ page }) => {
        await failSubmit(page, form)
        expect(await axe(page, `${lang} ${form.name} after a failed submit`)).toEqual([])
      })
    }
  })
}

for (const [email, paths] of SIGNED_IN) {
  for (const { lang } of LANGUAGES) {
    test(`axe, ${lang}, signed in as ${email}: no serious or critical violation`, async ({ browser }) => {
      const page = await signInIn(browser, email, lang as Lang)
      const found: (AxeFinding & { path: string })[] = []
      for (const path of paths) {
        expect((await page.goto(path))?.status(), path).toBe(200)
        await expect(page.locator('html')).toHaveAttribute('lang', lang)
        await page.waitForLoadState('networkidle')
        for (const finding of await axe(page, `${lang} ${email} ${path}`)) found.push({ path, ...finding })
      }
      for (const form of FAILED_FORMS.filter((form) => form.account === email)) {
        await failSubmit(page, form)
        for (const finding of await axe(page, `${lang} ${email} ${form.name} after a failed submit`)) found.push({ path: `${form.path} (failed submit)`, ...finding })
      }
      await page.context().close()
      expect(found).toEqual([])
    })
  }
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

/** The email field's label, its required marker and the summary, in a browser with or without JavaScript. */
for (const javaScriptEnabled of [true, false]) {
  test(`forms ${javaScriptEnabled ? 'with' : 'without'} JavaScript: required fields marked, an error summary linked to the fields takes focus`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, locale: 'vi-VN' })
    const page = await context.newPage()
    await page.goto('/signup')
    if (javaScriptEnabled) await page.waitForLoadState('networkidle')
    const email = page.locator('main input[name="email"]')
    const emailId = (await email.getAttribute('id'))!
    // Marked before anything is submitted: visibly in the label, and for assistive technology.
    await expect(email).toHaveAttribute('required', '')
    await expect(page.locator(`label[for="${emailId}"] [data-required-marker]`)).toBeVisible()
    await expect(page.locator('main form').first().getByText('*').first()).toBeVisible()

    await email.fill('not-an-email')
    await page.locator('main form button[type="submit"]').last().click()
    const summary = page.locator('main [id$="-error-summary"]')
    await expect(summary).toBeFocused()
    await expect(summary.getByRole('heading')).toHaveText(/Có \d+ mục cần sửa/)
    // Each problem links to its field; the email's says what is wrong with it.
    const toEmail = summary.locator(`a[href="#${emailId}"]`)
    await expect(toEmail).toContainText('Email không hợp lệ.')
    if (javaScriptEnabled) await expect(toEmail).toContainText('Email: ')
    await toEmail.click()
    await expect(page.locator(`[id="${emailId}"]`)).toBeFocused()
    // The message is next to the field too.
    await expect(page.locator(`[id="${emailId}-error"]`)).toHaveText('Email không hợp lệ.')
    await context.close()
  })
}

test('search: ticking a facet searches again and keeps focus on that box; the order too', async ({ page }) => {
  await page.goto('/search?q=thuc+tap')
  await page.waitForLoadState('networkidle')
  const box = page.locator('aside input[type="checkbox"][name="need"]:not([disabled])').first()
  const value = (await box.getAttribute('value'))!
  await box.focus()
  await page.keyboard.press('Space')
  await expect(page).toHaveURL(new RegExp(`need=${value}`))
  const same = page.locator(`aside input[name="need"][value="${value}"]`)
  await expect(same).toBeChecked()
  await expect(same).toBeFocused()
  // Unticked again with the keyboard: the search widens, focus stays.
  await page.keyboard.press('Space')
  await expect(page).not.toHaveURL(new RegExp(`need=${value}`))
  await expect(same).not.toBeChecked()
  await expect(same).toBeFocused()

  await page.locator('#search-sort').selectOption('newest')
  await expect(page).toHaveURL(/sort=newest/)
  await expect(page.locator('#search-sort')).toBeFocused()
})

test('a visitor’s listing page links to its matches and moves focus to them', async ({ page }) => {
  await page.goto('/needs/nd-vantri-intern-dien-k18')
  await page.waitForLoadState('networkidle')
  await page.locator('main a[href="#matches"]').click()
  await expect(page.locator('section#matches')).toBeFocused()
})

test('occupation chips follow the viewer’s language where the taxonomy knows the occupation', async ({ browser }) => {
  for (const [locale, heading, name] of [
    ['en-GB', 'Occupations', 'Industrial electrician'],
    ['vi-VN', 'Ngành nghề', 'Điện công nghiệp'],
  ] as const) {
    const context = await browser.newContext({ locale })
    const page = await context.newPage()
    await page.goto('/needs/nd-vantri-intern-dien-k18')
    const chips = page.getByRole('main').locator('div').filter({ has: page.getByRole('heading', { name: heading, exact: true }) }).last()
    await expect(chips.getByRole('listitem')).toHaveText([name])
    // On the listing's card too (the college's page lists its needs).
    await page.goto('/orgs/col-van-tri')
    const card = page.getByRole('article').filter({ has: page.locator('a[href="/needs/nd-vantri-intern-dien-k18"]') })
    await expect(card.getByRole('listitem').filter({ hasText: name })).toHaveCount(1)
    await context.close()
  }
})
