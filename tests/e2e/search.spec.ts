import { expect, test, type APIRequestContext, type Page } from '@playwright/test'

// Journey: a visitor searches the demo marketplace without diacritics, narrows the results
// with a facet, sorts by newest and pages through them; the address keeps the whole search,
// so a reload and the back button show the same results; then the page in English.

const titles = (page: Page) => page.getByRole('article').getByRole('heading').allTextContents()

/**
 * The page shows the address's search: the address bar changes a moment before React
 * renders the new results, so reading the page right after `toHaveURL` may read the old one.
 */
async function showing(page: Page) {
  await expect(page.getByRole('search')).toHaveAttribute('data-search', new URL(page.url()).search)
}

/** After a full page load: the scripts have run, so a facet click submits at once. */
const scriptsLoaded = (page: Page) => page.waitForLoadState('networkidle')

/**
 * Readiness, not time: the app answers from a complete index (200) and no change from the
 * journeys before this one waits in the outbox, so counts read now stay put.
 */
async function indexInStep(request: APIRequestContext) {
  await expect
    .poll(
      async () => {
        const response = await request.get('/healthz')
        const body = (await response.json()) as { checks?: { search?: { pendingSync?: number } } }
        return response.status() === 200 && body.checks?.search?.pendingSync === 0
      },
      { timeout: 30_000, intervals: [100] },
    )
    .toBe(true)
}

test('a visitor searches without diacritics, filters, sorts and pages, and the URL keeps the search', async ({ page, request }) => {
  await indexInStep(request)
  await page.goto('/')
  await page.getByRole('link', { name: 'Tìm kiếm', exact: true }).click()
  await expect(page).toHaveURL(/\/search$/)
  await showing(page)
  await scriptsLoaded(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Tìm kiếm nhu cầu và đề nghị')
  await expect(page).toHaveTitle('Tìm kiếm nhu cầu và đề nghị · Cầu Nối')

  // ── Words without diacritics find accented listings ──
  await page.getByLabel('Từ khóa').fill('thuc tap')
  await page.getByRole('button', { name: 'Tìm', exact: true }).click()
  await expect(page).toHaveURL(/\/search\?q=thuc\+tap$/)
  await showing(page)
  const cards = page.getByRole('article')
  await expect(cards.first()).toBeVisible()
  await expect(cards.getByRole('heading').filter({ hasText: /Thực tập/ }).first()).toBeVisible()
  const allCount = Number((await page.getByRole('status').filter({ hasText: /^Kết quả: \d+$/ }).textContent())?.replace(/\D/g, ''))
  expect(allCount).toBeGreaterThan(40)

  // ── A facet: offers of internship places; its count is what it gives ──
  const placements = page.getByRole('checkbox', { name: /^Chỗ thực tập \d+$/ })
  const placementCount = Number((await placements.evaluate((input) => input.closest('label')?.textContent ?? '')).replace(/\D/g, ''))
  expect(placementCount).toBeGreaterThan(20)
  expect(placementCount).toBeLessThan(allCount)
  await placements.check()
  await expect(page).toHaveURL(/\/search\?q=thuc\+tap&offer=placement$/)
  await showing(page)
  await expect(page.getByRole('status').filter({ hasText: /^Kết quả:/ })).toHaveText(`Kết quả: ${placementCount}`)
  await expect(page.getByRole('checkbox', { name: /^Chỗ thực tập \d+$/ })).toBeChecked()
  const count = await cards.count()
  for (let i = 0; i < count; i++) await expect(cards.nth(i).getByText('Chỗ thực tập', { exact: true })).toBeVisible()

  // ── Newest first ──
  await page.getByLabel('Sắp xếp').selectOption({ label: 'Mới nhất' })
  await expect(page).toHaveURL(/\/search\?q=thuc\+tap&offer=placement&sort=newest$/)
  await showing(page)
  await expect(page.getByLabel('Sắp xếp')).toHaveValue('newest')
  const pages = Math.ceil(placementCount / 20)
  await expect(page.getByText(`Trang 1/${pages}`)).toBeVisible()
  const firstPage = await titles(page)
  expect(firstPage).toHaveLength(20)

  // ── The next page, kept in the URL through a reload ──
  await page.getByRole('link', { name: 'Trang sau' }).click()
  await expect(page).toHaveURL(/\/search\?q=thuc\+tap&offer=placement&sort=newest&page=2$/)
  await showing(page)
  await expect(page.getByText(`Trang 2/${pages}`)).toBeVisible()
  const secondPage = await titles(page)
  expect(secondPage.length).toBeGreaterThan(0)
  expect(secondPage.filter((title) => firstPage.includes(title))).toEqual([])
  await page.reload()
  await scriptsLoaded(page)
  await expect(page.getByText(`Trang 2/${pages}`)).toBeVisible()
  expect(await titles(page)).toEqual(secondPage)
  await expect(page.getByLabel('Từ khóa')).toHaveValue('thuc tap')
  await expect(page.getByRole('checkbox', { name: /^Chỗ thực tập \d+$/ })).toBeChecked()

  // ── Back to the first page ──
  await page.goBack()
  await expect(page).toHaveURL(/sort=newest$/)
  await showing(page)
  await expect(page.getByText(`Trang 1/${pages}`)).toBeVisible()
  expect(await titles(page)).toEqual(firstPage)

  // ── The same search in English ──
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page).toHaveURL(/\/search\?q=thuc\+tap&offer=placement&sort=newest$/)
  await showing(page)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search needs and offers')
  await expect(page.getByRole('status').filter({ hasText: /^Results:/ })).toHaveText(`Results: ${placementCount}`)
  await expect(page.getByRole('checkbox', { name: /^Placement \d+$/ })).toBeChecked()
  await expect(page.getByLabel('Sort by')).toHaveValue('newest')
  await expect(page.getByRole('link', { name: 'Search', exact: true })).toBeVisible()
  expect(await titles(page)).toEqual(firstPage)
  // Occupations by their English names.
  await expect(page.getByRole('group', { name: 'Occupation' }).getByRole('checkbox').first()).toBeVisible()
  await expect(page.getByRole('checkbox', { name: /^Industrial electrician \d+$/ })).toBeVisible()
})
