import { expect, test, type Page, type TestInfo } from '@playwright/test'
import { signInIn } from './a11y-support'

// The phone journey at 390×844: the header's menu, the search page's filters behind a button
// that gives the number of results (the first result near the top), a compact dashboard.
// Screenshots of each step are attached to the run (test-results/…, not committed), and the
// measures printed (`phone: …`): the header's height, where the first result starts, the
// dashboard's height.

test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })

/** A screenshot kept in the test's output folder (test-results/<port>/…) and attached to its result. */
async function shot(page: Page, testInfo: TestInfo, name: string, fullPage = false) {
  const path = testInfo.outputPath(`${name.replace(/[^a-z0-9]+/gi, '-')}.png`)
  await page.screenshot({ path, fullPage })
  await testInfo.attach(name, { path, contentType: 'image/png' })
}

async function height(page: Page, selector: string) {
  return Math.round((await page.locator(selector).first().boundingBox())?.height ?? -1)
}

test('phone: the header is one row with a menu button; the menu opens and closes', async ({ page }, testInfo) => {
  await page.goto('/')
  await page.waitForLoadState('networkidle')
  const headerHeight = await height(page, 'body > header')
  console.log(`phone: header ${headerHeight}px`)
  await shot(page, testInfo, 'home')
  expect(headerHeight).toBeLessThanOrEqual(72)

  const menu = page.locator('header summary')
  await expect(menu).toBeVisible()
  const needs = page.getByRole('navigation').getByRole('link', { name: 'Nhu cầu', exact: true })
  await expect(needs).toBeHidden()
  await menu.click()
  await expect(page.locator('header details')).toHaveAttribute('open', '')
  await expect(needs).toBeVisible()
  await shot(page, testInfo, 'home, menu open')
  // Following a link closes the menu.
  await needs.click()
  await expect(page).toHaveURL(/\/needs$/)
  await expect(needs).toBeHidden()
  await expect(page.locator('header details')).not.toHaveAttribute('open', '')
})

test('phone: search results come first, the filters behind a button with the count', async ({ page }, testInfo) => {
  await page.goto('/search?q=thuc+tap')
  await page.waitForLoadState('networkidle')
  const firstResult = page.locator('#search-results li').first()
  const top = Math.round((await firstResult.boundingBox())?.y ?? -1)
  console.log(`phone: first result at ${top}px`)
  await shot(page, testInfo, 'search')
  expect(top).toBeLessThan(844)

  const filters = page.locator('aside > details > summary')
  await expect(filters).toContainText(/Bộ lọc · \d+ kết quả/)
  const checkbox = page.locator('aside input[type="checkbox"][name="need"]:not([disabled])').first()
  await expect(checkbox).toBeHidden()
  await filters.click()
  await expect(checkbox).toBeVisible()
  await shot(page, testInfo, 'search, filters open')
  // Ticking a facet searches again: the filters stay open and focus stays on the box.
  const value = await checkbox.getAttribute('value')
  await checkbox.check()
  await expect(page).toHaveURL(new RegExp(`need=${value}`))
  const same = page.locator(`aside input[name="need"][value="${value}"]`)
  await expect(same).toBeChecked()
  await expect(same).toBeFocused()
  await expect(same).toBeVisible()
})

test('phone: the college dashboard is compact', async ({ browser }, testInfo) => {
  const page = await signInIn(browser, 'college@caunoi.test', 'vi')
  await page.setViewportSize({ width: 390, height: 844 })
  await page.goto('/dashboard')
  await page.waitForLoadState('networkidle')
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight)
  console.log(`phone: college dashboard ${pageHeight}px`)
  await shot(page, testInfo, 'college dashboard', true)
  expect(pageHeight).toBeLessThan(6000)
  await page.context().close()
})

test('without JavaScript: the menu and the filters open on a phone, and are shown as they are on a wide screen', async ({ browser }) => {
  for (const wide of [false, true]) {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: wide ? { width: 1280, height: 800 } : { width: 390, height: 844 } })
    const page = await context.newPage()
    await page.goto('/search?q=thuc+tap')
    const needs = page.getByRole('navigation').getByRole('link', { name: 'Nhu cầu', exact: true })
    const checkbox = page.locator('aside input[type="checkbox"][name="need"]').first()
    if (wide) {
      await expect(needs).toBeVisible()
      await expect(checkbox).toBeVisible()
    } else {
      await expect(needs).toBeHidden()
      await page.locator('header summary').click()
      await expect(needs).toBeVisible()
      await expect(checkbox).toBeHidden()
      await page.locator('aside > details > summary').click()
      await expect(checkbox).toBeVisible()
    }
    await context.close()
  }
})
