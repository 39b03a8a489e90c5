import { expect, test } from '@playwright/test'

// Journey: a visitor (never logged in) browses the demo marketplace in Vietnamese, then in
// English: filters, opens listings, sees trust badges but no contact details, opens an
// organisation's and an expert's profile, and meets the localised 404 for an unknown key.

const VAN_TRI_NEED = 'Thực tập doanh nghiệp cho 24 sinh viên Điện công nghiệp khóa 18'
const KATRIN_SERVICE = 'PLC & mechatronics train-the-trainer in Hà Nội (TIA Portal, electro-pneumatics)'

test('a visitor browses needs and offers in Vietnamese and English', async ({ page }) => {
  // ── Vietnamese: from the home page to the needs of colleges ──
  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
  await expect(page.getByRole('heading', { name: 'Nhu cầu mới nhất' })).toBeVisible()
  await page.getByRole('link', { name: 'Tất cả nhu cầu' }).first().click()
  await expect(page).toHaveURL(/\/needs$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Nhu cầu của các trường nghề')
  await expect(page).toHaveTitle('Nhu cầu của các trường nghề · Cầu Nối')

  // Filter by kind and by occupation typed without diacritics.
  await page.getByRole('combobox', { name: 'Loại' }).selectOption({ label: 'Thực tập' })
  await page.getByLabel('Ngành nghề', { exact: true }).fill('dien cong nghiep')
  await page.getByRole('button', { name: 'Lọc' }).click()
  await expect(page).toHaveURL(/kind=internship/)
  await expect(page).toHaveURL(/occupation=dien\+cong\+nghiep/)
  const cards = page.getByRole('article')
  await expect(cards.first()).toBeVisible()
  const count = await cards.count()
  for (let i = 0; i < count; i++) {
    await expect(cards.nth(i).getByText('Thực tập', { exact: true })).toBeVisible()
    // Listings write the occupation in either language, with or without diacritics.
    await expect(cards.nth(i).getByRole('listitem').filter({ hasText: /điện công nghiệp|dien cong nghiep|industrial electrician/i }).first()).toBeVisible()
  }
  const vanTri = cards.filter({ hasText: VAN_TRI_NEED })
  await expect(vanTri.getByText('Đã xác minh')).toBeVisible()
  // The closed listing of the same college and occupation is not listed.
  await expect(page.getByText('Thực tập hè 2026 – Điện công nghiệp (đã đủ chỗ)')).toHaveCount(0)

  // An unverified centre's listing (its occupation written without diacritics) is marked so.
  await expect(cards.filter({ hasText: 'Trung tâm Thực hành Nghề Đường Lâm' }).getByText('Chưa xác minh')).toBeVisible()

  // ── The detail page ──
  await page.goto('/needs?kind=internship&occupation=dien+cong+nghiep')
  await page.getByRole('link', { name: VAN_TRI_NEED }).click()
  await expect(page).toHaveURL(/\/needs\/nd-vantri-intern-dien-k18$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(VAN_TRI_NEED)
  await expect(page).toHaveTitle(`${VAN_TRI_NEED} · Cầu Nối`)
  await expect(page.locator('meta[name="description"]')).toHaveAttribute('content', /^Sinh viên năm 3 cần 12 tuần thực tập/)
  await expect(page.locator('header').getByText('Đã xác minh')).toBeVisible()
  await expect(page.getByText('Số sinh viên')).toBeVisible()
  // No contact details for a visitor, no owner controls, no report form.
  await expect(page.getByRole('link', { name: 'Đăng nhập để xem thông tin liên hệ.' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Thông tin liên hệ' })).toHaveCount(0)
  await expect(page.getByRole('heading', { name: 'Quản lý tin' })).toHaveCount(0)
  await expect(page.getByText('Báo cáo tin này')).toHaveCount(0)

  // ── The organisation's profile ──
  await page.getByRole('link', { name: 'Trường Cao đẳng Kỹ thuật Vân Trì' }).click()
  await expect(page).toHaveURL(/\/orgs\/col-van-tri$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Trường Cao đẳng Kỹ thuật Vân Trì')
  await expect(page.getByText('Đã xác minh').first()).toBeVisible()
  await expect(page.getByText('Đông Anh').first()).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Nhu cầu đang mở' })).toBeVisible()
  await expect(page.getByRole('link', { name: VAN_TRI_NEED })).toBeVisible()

  // ── English ──
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vân Trì Polytechnic College')
  await expect(page.getByRole('heading', { name: 'Open needs' })).toBeVisible()

  await page.getByRole('navigation').getByRole('link', { name: 'Offers', exact: true }).first().click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Offers from businesses and experts')
  await page.getByRole('link', { name: 'Expert service', exact: true }).click()
  await expect(page).toHaveURL(/kind=expert_service/)
  await page.getByLabel('Occupation', { exact: true }).fill('Cơ điện tử')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page).toHaveURL(/occupation=/)
  await expect(page.getByRole('combobox', { name: 'Kind' })).toHaveValue('expert_service')
  const service = page.getByRole('article').filter({ hasText: KATRIN_SERVICE })
  await expect(service.getByText('Expert service', { exact: true })).toBeVisible()
  await expect(service.getByText('Verified')).toBeVisible()
  await service.getByRole('link', { name: KATRIN_SERVICE }).click()

  await expect(page).toHaveURL(/\/offers\/of-katrin-onsite-plc$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(KATRIN_SERVICE)
  await expect(page.getByText('Log in to see contact details.')).toBeVisible()
  await expect(page.getByText('Rate', { exact: true })).toBeVisible()
  await expect(page.getByRole('complementary').getByText(/€.*\/day/)).toBeVisible()
  await expect(page.getByText('German, English').first()).toBeVisible()

  // ── The expert's profile ──
  await page.getByRole('link', { name: 'Katrin Hoffmann' }).click()
  await expect(page).toHaveURL(/\/experts\/exp-katrin-hoffmann$/)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Katrin Hoffmann')
  await expect(page.getByText('Mechatronics & PLC master trainer (Siemens TIA Portal)')).toBeVisible()
  await expect(page.getByText('Verified').first()).toBeVisible()
  await expect(page.getByText('Germany')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Services, rates and availability' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Remote curriculum review for mechatronics programmes' })).toBeVisible()

  // ── Unknown keys: the localised 404 ──
  const missing = await page.goto('/needs/no-such-need')
  expect(missing?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found')
  await page.getByRole('button', { name: 'Tiếng Việt' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
  expect((await page.goto('/orgs/no-such-org'))?.status()).toBe(404)
  expect((await page.goto('/experts/nobody'))?.status()).toBe(404)
  expect((await page.goto('/offers/no-such-offer'))?.status()).toBe(404)
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Không tìm thấy trang')
})
