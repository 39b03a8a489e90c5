import { expect, test } from '@playwright/test'
import { logIn } from './accounts'

// Journey: an admin verifies an unverified college with evidence; a member of another
// college reports a listing from its detail page; the admin hides it with a reason from the
// moderation queue; visitors then get 404 while the owner sees why (and is emailed).

// Demo data: a need of col-van-tri (owner college@caunoi.test), public and open.
const NEED_KEY = 'nd-vantri-intern-dien-k18'
const NEED_TITLE = 'Thực tập doanh nghiệp cho 24 sinh viên Điện công nghiệp khóa 18'

test('an admin verifies a college with evidence and hides a reported listing; its owner sees why', async ({ browser }) => {
  const admin = await logIn(browser, 'admin@caunoi.test')

  // Verify an unverified demo college, with the evidence kept in the decision history.
  await admin.goto('/admin/verifications')
  const evidence = 'Giấy phép hoạt động GDNN số 45/GCNĐKHĐ-SLĐTBXH, đã gọi điện xác nhận'
  const row = admin.getByTestId('verify-org-col-dich-vong')
  await row.getByRole('textbox').fill(evidence)
  await row.getByRole('button', { name: 'Xác minh' }).click()
  await expect(admin.getByText('Đã cập nhật trạng thái.')).toBeVisible()
  await expect(admin.getByTestId('verify-org-col-dich-vong')).toHaveCount(0)
  const history = admin.getByTestId('verification-history').getByRole('row', { name: /Dịch Vọng/ })
  await expect(history).toContainText(evidence)
  await expect(history).toContainText('Đã xác minh')

  // A member of another college reports the listing from its detail page.
  const reporter = await logIn(browser, 'kimlien@caunoi.test')
  await reporter.goto(`/needs/${NEED_KEY}`)
  await expect(reporter.getByRole('heading', { level: 1 })).toHaveText(NEED_TITLE)
  await reporter.getByText('Báo cáo tin này').click()
  const reason = reporter.getByLabel('Lý do báo cáo')
  await reason.fill('xấu')
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click()
  await expect(reporter.getByRole('alert').getByText('Vui lòng viết ít nhất 5 ký tự.')).toBeVisible()
  await reason.fill('Trường không có khóa 18 ngành điện; số liệu sinh viên không đúng.')
  await reporter.getByRole('button', { name: 'Gửi báo cáo' }).click()
  await expect(reporter).toHaveURL(new RegExp(`/needs/${NEED_KEY}\\?reported=1$`))
  await expect(reporter.getByText('Cảm ơn bạn. Quản trị viên sẽ xem xét báo cáo.')).toBeVisible()

  // Without JavaScript, a bad reason comes back on the report page with the message.
  const noScript = await logIn(browser, 'hotel@caunoi.test', { javaScriptEnabled: false })
  await noScript.goto(`/needs/${NEED_KEY}`)
  await noScript.getByText('Báo cáo tin này').click()
  await noScript.getByLabel('Lý do báo cáo').fill('tệ')
  await noScript.getByRole('button', { name: 'Gửi báo cáo' }).click()
  await expect(noScript).toHaveURL(new RegExp(`/needs/${NEED_KEY}/report$`))
  await expect(noScript.getByRole('alert').getByText('Vui lòng viết ít nhất 5 ký tự.')).toBeVisible()
  await expect(noScript.getByLabel('Lý do báo cáo')).toHaveValue('tệ')

  // The admin sees the report in the queue and hides the listing with a reason.
  await admin.goto('/admin/moderation')
  const card = admin.getByTestId(`reported-${NEED_KEY}`)
  await expect(card.getByRole('link', { name: NEED_TITLE })).toHaveAttribute('href', `/needs/${NEED_KEY}`)
  await expect(card).toContainText('Vũ Thị Lan Anh')
  await expect(card).toContainText('Trường không có khóa 18 ngành điện')
  await card.getByLabel('Lý do ẩn (người đăng sẽ thấy)').fill('sai')
  await card.getByRole('button', { name: 'Ẩn tin' }).click()
  await expect(card.getByRole('alert').getByText('Vui lòng viết ít nhất 5 ký tự.')).toBeVisible()
  const hideReason = 'Số liệu sinh viên chưa được trường xác nhận; vui lòng cập nhật và liên hệ quản trị.'
  await card.getByLabel('Lý do ẩn (người đăng sẽ thấy)').fill(hideReason)
  await card.getByRole('button', { name: 'Ẩn tin' }).click()
  await expect(admin.getByText('Đã ẩn tin và gửi email cho người đăng.')).toBeVisible()
  await expect(admin.getByTestId(`reported-${NEED_KEY}`)).toHaveCount(0)
  await expect(admin.getByTestId(`hidden-${NEED_KEY}`)).toContainText(hideReason)

  // Visitors (and the reporter) no longer find it.
  const visitor = await (await browser.newContext()).newPage()
  expect((await visitor.goto(`/needs/${NEED_KEY}`))?.status()).toBe(404)
  expect((await reporter.goto(`/needs/${NEED_KEY}`))?.status()).toBe(404)

  // The owner sees the reason on the listing and in the email, in Vietnamese.
  const owner = await logIn(browser, 'college@caunoi.test')
  await owner.goto(`/needs/${NEED_KEY}`)
  await expect(owner.getByText(`Lý do: ${hideReason}`)).toBeVisible()
  await owner.goto(`/dev/mailbox?to=${encodeURIComponent('college@caunoi.test')}`)
  await owner.getByRole('link', { name: `Tin đăng “${NEED_TITLE}” đã bị ẩn trên Cầu Nối` }).click()
  await expect(owner.getByText(`Lý do: ${hideReason}`)).toBeVisible()

  // The admin can show it again; then visitors see it.
  await admin.getByTestId(`hidden-${NEED_KEY}`).getByRole('button', { name: 'Hiện lại' }).click()
  await expect(admin.getByText('Tin đã hiển thị trở lại.')).toBeVisible()
  expect((await visitor.goto(`/needs/${NEED_KEY}`))?.status()).toBe(200)
})
