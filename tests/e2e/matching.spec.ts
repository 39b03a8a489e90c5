import { expect, test, type Page } from '@playwright/test'
import { signIn } from './accounts'

// Journey: a college (college@caunoi.test, owner of col-van-tri) opens one of its open needs
// from its dashboard and sees the matching offers ranked, each with how well it fits and
// why, in Vietnamese and then in English; its dashboard shows the matches of its needs.

// Demo data: an equipment need of col-van-tri with close matches (PLC training benches).
const NEED_KEY = 'nd-vantri-equip-plc-trainers'
const NEED_TITLE = 'Thuê 6 bàn thực hành PLC cho phòng Tự động hóa'

/** The match scores on the page, in the order shown (from the meters' accessible names). */
async function scores(page: Page, pattern: RegExp): Promise<number[]> {
  const labels = await page.locator('#matches').getByRole('img', { name: pattern }).evaluateAll((meters) => meters.map((m) => m.getAttribute('aria-label') ?? ''))
  return labels.map((label) => Number(/(\d+)\/100/.exec(label)?.[1]))
}

test('a college sees ranked matches with reasons on its need and its dashboard', async ({ page }) => {
  await signIn(page, 'college@caunoi.test')

  // The app builds the index from the demo data at start: wait until this need is matched.
  await expect(async () => {
    await page.goto(`/needs/${NEED_KEY}`)
    await expect(page.locator('#matches').getByText('Rất phù hợp').first()).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })

  // ── Opened from the dashboard, in Vietnamese ──
  await page.goto('/dashboard')
  await page.getByRole('link', { name: NEED_TITLE }).first().click()
  await expect(page).toHaveURL(new RegExp(`/needs/${NEED_KEY}$`))
  const matches = page.locator('#matches')
  await expect(matches.getByRole('heading', { name: 'Đề nghị phù hợp' })).toBeVisible()
  await expect(matches.getByText('Các đề nghị hợp với nhu cầu của bạn nhất, xếp theo mức độ phù hợp.')).toBeVisible()
  const items = matches.getByRole('listitem').filter({ has: page.getByRole('article') })
  expect(await items.count()).toBeGreaterThanOrEqual(3)
  // Best first, by the fit meters.
  const vi = await scores(page, /^Điểm phù hợp \d+\/100$/)
  expect(vi.length).toBeGreaterThanOrEqual(3)
  expect(vi).toEqual([...vi].sort((a, b) => b - a))

  // The best match: its offer's page, a verified owner, and why it fits, in Vietnamese.
  const best = items.first()
  await expect(best.getByText('Rất phù hợp')).toBeVisible()
  await expect(best.getByRole('heading', { level: 3 }).getByRole('link')).toHaveAttribute('href', /^\/offers\//)
  await expect(best.getByText('Đã xác minh')).toBeVisible()
  const reasons = best.getByRole('list', { name: 'Vì sao phù hợp' })
  await expect(reasons.getByRole('listitem').filter({ hasText: /^Cùng ngành / })).toBeVisible()
  await expect(reasons.getByRole('listitem').filter({ hasText: /^Kỹ năng chung: / })).toBeVisible()
  await expect(reasons.getByRole('listitem').filter({ hasText: /^Cách trường [\d,]+ km$/ })).toBeVisible()
  const bestTitle = await best.getByRole('heading', { level: 3 }).innerText()

  // ── English ──
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(matches.getByRole('heading', { name: 'Matching offers' })).toBeVisible()
  const englishBest = matches.getByRole('listitem').filter({ has: page.getByRole('article') }).first()
  await expect(englishBest.getByRole('heading', { level: 3 })).toHaveText(bestTitle)
  await expect(englishBest.getByText('Strong match')).toBeVisible()
  const englishReasons = englishBest.getByRole('list', { name: 'Why it matches' })
  await expect(englishReasons.getByRole('listitem').filter({ hasText: /^Same occupation: / })).toBeVisible()
  await expect(englishReasons.getByRole('listitem').filter({ hasText: /^Shared skills: / })).toBeVisible()
  await expect(englishReasons.getByRole('listitem').filter({ hasText: /^[\d.]+ km from the college$/ })).toBeVisible()
  expect(await scores(page, /^Match score \d+\/100$/)).toEqual(vi)

  // ── The dashboard: the best matches of each open need ──
  await page.goto('/dashboard')
  const section = page.getByRole('region', { name: 'New matches for your needs' })
  await expect(section).toBeVisible()
  const need = section.getByRole('listitem').filter({ has: page.getByRole('heading', { name: NEED_TITLE }) })
  const found = need.getByRole('list').first().getByRole('listitem').filter({ has: page.getByRole('link', { name: bestTitle }) })
  await expect(found.getByText('Strong match')).toBeVisible()
  await expect(found.getByText(/Same occupation: /)).toBeVisible()
  // "New" is new since the member's previous visit: signing in opened the dashboard a moment
  // ago, the first visit of this browser, so nothing is new yet.
  await expect(section.getByText('New', { exact: true })).toHaveCount(0)
  await need.getByRole('link', { name: 'See all matches' }).click()
  await expect(page).toHaveURL(new RegExp(`/needs/${NEED_KEY}#matches$`))
  // Focus follows to the matches the page scrolled to.
  await expect(page.locator('section#matches')).toBeFocused()

  // Back to Vietnamese: the choice is saved on the account, which other journeys share.
  await page.getByRole('button', { name: 'Tiếng Việt' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
})
