import { expect, test, type Locator, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from './accounts'

// A keyboard-only journey: sign in, search, open a listing, reach its matches, with nothing
// but Tab, Shift+Tab, typing and Enter. The presses are counted (and printed); the bound
// keeps the ways past the header and the facets from being lost again (before the header's
// search box, the focus kept after a search and the listing's link to its matches: 32 presses).

/** At most this many presses per step; a step that needs more has lost its way. */
const STEP_LIMIT = 80

async function isFocused(target: Locator) {
  return target.evaluate((element) => element === document.activeElement || element.contains(document.activeElement)).catch(() => false)
}

/** Presses `key` until `target` has focus; returns how many presses it took. */
async function pressUntil(page: Page, target: Locator, key = 'Tab'): Promise<number> {
  let presses = 0
  while (!(await isFocused(target))) {
    if (presses === STEP_LIMIT) throw new Error(`${STEP_LIMIT} presses of ${key} did not reach ${target.toString()}`)
    await page.keyboard.press(key)
    presses++
  }
  return presses
}

test('keyboard only: sign in, search, open a listing and reach its matches in few presses', async ({ page }) => {
  const counts: Record<string, number> = {}
  await page.goto('/login')
  await page.waitForLoadState('networkidle')

  counts.email = await pressUntil(page, page.locator('main input[name="email"]'))
  await page.keyboard.type('business@caunoi.test')
  counts.password = await pressUntil(page, page.locator('main input[name="password"]'))
  await page.keyboard.type(DEMO_PASSWORD)
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/dashboard$/)
  await page.waitForLoadState('networkidle')

  // From the dashboard's heading back up to a search box: the header's own where there is one,
  // else through the header's link to the search page.
  const headerSearch = page.locator('header input[type="search"]').filter({ visible: true })
  if (await headerSearch.count()) {
    counts.searchBox = await pressUntil(page, headerSearch, 'Shift+Tab')
  } else {
    counts.searchLink = await pressUntil(page, page.locator('header nav a[href="/search"]').filter({ visible: true }), 'Shift+Tab')
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/\/search/)
    await page.waitForLoadState('networkidle')
    counts.searchBox = await pressUntil(page, page.getByRole('searchbox').first())
  }
  await page.keyboard.type('thực tập điện')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/q=/)
  // The address changes before the new page renders: count from where focus lands once it has
  // (the heading after a new page, the search box after a search on this one), never earlier.
  await expect(page.locator('#search-results li a').first()).toBeVisible()
  await expect(page.locator('main h1, main input[type="search"]').and(page.locator(':focus'))).toHaveCount(1)

  // The first result's link: through the link past the filters where there is one.
  const firstResult = page.locator('#search-results li a').first()
  counts.firstResult = 0
  const skip = page.locator('a[href="#search-results"]')
  if (await skip.count()) {
    counts.firstResult += await pressUntil(page, skip)
    await page.keyboard.press('Enter')
  }
  counts.firstResult += await pressUntil(page, firstResult)
  const href = await firstResult.getAttribute('href')
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`${href}$`))
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused()

  // The listing's matches: through its link to them where there is one.
  counts.matches = 0
  const toMatches = page.locator('main a[href="#matches"]')
  if (await toMatches.count()) {
    counts.matches += await pressUntil(page, toMatches.first())
    await page.keyboard.press('Enter')
  }
  counts.matches += await pressUntil(page, page.locator('#matches li a').first())

  const total = Object.values(counts).reduce((sum, count) => sum + count, 0)
  console.log(`keyboard journey: ${total} presses ${JSON.stringify(counts)}`)
  expect(total).toBeLessThanOrEqual(26)
})
