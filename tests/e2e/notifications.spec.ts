import { expect, test } from '@playwright/test'
import { signIn } from './accounts'

// Journey: a business member (hotel@caunoi.test: no other journey reads its mail, and this one
// changes how it hears of new proposals) saves a search from the search page, renames and deletes it
// on /searches, and chooses how each kind of notification reaches them; the navigation's
// bell leads to their notifications.


test('a member saves a search, manages it, and sets notification preferences', async ({ page }) => {
  await signIn(page, 'hotel@caunoi.test')

  // The bell, named for screen readers.
  await page.getByRole('link', { name: /^Thông báo/ }).click()
  await expect(page).toHaveURL(/\/notifications$/)
  await expect(page.getByRole('heading', { name: 'Thông báo' })).toBeVisible()

  // Save the search the page shows: the name starts as its words.
  await page.goto('/search?q=ke+toan')
  const name = page.getByLabel('Tên tìm kiếm')
  await expect(name).toHaveValue('ke toan')
  await name.fill('Kế toán mỗi sáng')
  await page.getByRole('button', { name: 'Lưu tìm kiếm' }).click()
  await expect(page).toHaveURL(/\/searches\?done=created$/)
  await expect(page.getByText('Đã lưu tìm kiếm.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Kế toán mỗi sáng' })).toBeVisible()

  // Open it: back on the search page with its words.
  await page.getByRole('link', { name: 'Mở' }).click()
  await expect(page).toHaveURL(/\/search\?q=ke\+toan$/)
  await page.goBack()

  // An empty name is refused next to the field; then renamed; then deleted.
  await page.goto('/searches')
  const rename = page.getByRole('textbox', { name: 'Tên tìm kiếm' })
  await rename.fill('')
  await page.getByRole('button', { name: 'Đổi tên' }).click()
  await expect(page.getByRole('alert').getByText('Vui lòng nhập trường này.')).toBeVisible()
  await rename.fill('Kế toán (Long Biên)')
  await page.getByRole('button', { name: 'Đổi tên' }).click()
  await expect(page.getByText('Đã đổi tên.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Kế toán (Long Biên)' })).toBeVisible()
  await page.getByRole('button', { name: 'Xóa' }).click()
  await expect(page.getByText('Đã xóa tìm kiếm.')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Kế toán (Long Biên)' })).toHaveCount(0)

  // Preferences: new proposals in the daily digest, kept after a reload.
  await page.goto('/settings/notifications')
  const received = page.getByRole('group', { name: 'Đề xuất mới' })
  await expect(received.getByLabel('Email ngay')).toBeChecked()
  await received.getByLabel('Email tổng hợp hằng ngày').check()
  await page.getByRole('button', { name: 'Lưu cài đặt' }).click()
  await expect(page.getByText('Đã lưu cài đặt thông báo.')).toBeVisible()
  await page.reload()
  await expect(page.getByRole('group', { name: 'Đề xuất mới' }).getByLabel('Email tổng hợp hằng ngày')).toBeChecked()
})
