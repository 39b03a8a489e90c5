import { expect, test } from '@playwright/test'
import { signIn } from './accounts'

// Issue 16: an occupation the taxonomy does not know, posted without JavaScript: the form
// answers with the nearest known ones; the poster keeps their own; an admin maps it from the
// queue.

test('an unknown occupation: suggestions without JavaScript, kept by the poster, mapped by an admin', async ({ browser }) => {
  const run = Date.now().toString(36).replace(/[0-9]/g, '')
  const occupation = `Nuôi chim yến ${run}`
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await signIn(page, 'kimlien@caunoi.test')
  await page.goto('/needs/new?kind=internship')
  const title = `Thực tập nuôi chim yến (${run})`
  await page.getByLabel('Tiêu đề').fill(title)
  await page.getByLabel('Ngành nghề 1').fill(occupation)
  await page.getByLabel('Số sinh viên').fill('6')
  await page.getByLabel('Từ ngày').fill('2027-09-01')
  await page.getByLabel('Đến ngày').fill('2027-12-20')
  await page.getByRole('button', { name: 'Đăng tin' }).click()

  const hint = page.getByTestId('unknown-occupations')
  await expect(hint).toContainText('Danh mục ngành nghề chưa có tên ngành bạn nhập.')
  await expect(hint).toContainText('Chăn nuôi - Thú y')
  // Next to the field (the error summary at the top repeats it).
  await expect(page.getByRole('group', { name: 'Ngành nghề', exact: true }).getByText('Ngành này chưa có trong danh mục')).toBeVisible()
  await expect(page.getByLabel('Ngành nghề 1')).toHaveValue(occupation)
  await page.getByLabel('Ngành nghề bằng ngôn ngữ kia 1').fill('Swiftlet farming')
  await page.getByLabel('Giữ tên ngành tôi đã nhập').check()
  await page.getByRole('button', { name: 'Đăng tin' }).click()
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
  await expect(page.getByText('Bằng ngôn ngữ kia: Swiftlet farming')).toBeVisible()
  await context.close()

  const admin = await browser.newPage()
  await signIn(admin, 'admin@caunoi.test')
  await admin.goto('/admin/occupation-terms')
  const term = admin.locator('li', { hasText: occupation })
  await expect(term).toContainText('Số tin đăng: 1')
  await term.getByRole('button', { name: 'Gán cho Chăn nuôi - Thú y' }).click()
  await expect(admin.getByText(/^Đã gán “nuoi chim yen/)).toBeVisible()
  await expect(admin.locator('li', { hasText: occupation })).toHaveCount(0)
  await admin.goto(`/admin/occupations?q=${encodeURIComponent(occupation)}`)
  await expect(admin.getByTestId('occupation-chan-nuoi-thu-y')).toBeVisible()
})

test('with JavaScript, leaving an occupation box with an unknown name offers the nearest known ones', async ({ page }) => {
  await signIn(page, 'kimlien@caunoi.test')
  await page.goto('/needs/new?kind=internship')
  const box = page.getByLabel('Ngành nghề 1')
  await box.fill('Sửa chữa tàu cá')
  await page.getByLabel('Tiêu đề').focus()
  const suggestions = page.getByTestId('occupation-suggestions')
  await expect(suggestions).toContainText('“Sửa chữa tàu cá” chưa có trong danh mục.')
  await suggestions.getByRole('button', { name: 'Đóng tàu thủy' }).click()
  await expect(box).toHaveValue('Đóng tàu thủy')
  await expect(suggestions).toHaveCount(0)
  // A known name asks nothing.
  await page.getByLabel('Ngành nghề 2').fill('Hàn')
  await page.getByLabel('Tiêu đề').focus()
  await expect(suggestions).toHaveCount(0)
})
