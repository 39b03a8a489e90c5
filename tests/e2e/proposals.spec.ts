import { expect, test, type Browser, type Page } from '@playwright/test'

// Journeys 1 and 2: a college proposes its internship need to the best-matching placement
// (asking for more places than are left is refused next to the field); the business is
// emailed, opens the proposal from the mail, replies in its thread and accepts; both settle
// and confirm the agreement's terms, which then show on both dashboards, with a printable
// page and a calendar file.

const PASSWORD = 'caunoi-demo-2026'
// Demo data: col-van-tri's internship need for 24 students, and biz-hoshino's placement of 6.
const NEED_KEY = 'nd-vantri-intern-dien-k18'
const NEED_TITLE = 'Thực tập doanh nghiệp cho 24 sinh viên Điện công nghiệp khóa 18'
const OFFER_TITLE = 'Thực tập điện công nghiệp – hệ thống điện nhà máy'

async function logIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Mật khẩu').fill(PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/dashboard$/)
  return page
}

test('a college proposes from a match; the business replies and accepts; both confirm the agreement', async ({ browser }) => {
  const college = await logIn(browser, 'college@caunoi.test')
  // The app builds the index from the demo data at start: wait until the placement is matched.
  const propose = college.getByRole('link', { name: `Gửi đề xuất: ${OFFER_TITLE}` })
  await expect(async () => {
    await college.goto(`/needs/${NEED_KEY}`)
    await expect(propose).toBeVisible({ timeout: 1_000 })
  }).toPass({ timeout: 30_000 })
  await propose.click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Gửi đề xuất')
  await expect(college.getByRole('radio', { name: new RegExp(NEED_TITLE) })).toBeChecked()

  // Seven students where six places are left: refused next to the field, nothing sent.
  const quantity = college.getByLabel('Số lượng (học viên, thiết bị…)')
  await quantity.fill('7')
  await college.getByLabel('Lời nhắn').fill('Trường có 6 sinh viên năm cuối đã học an toàn điện, sẵn sàng từ tháng 3.')
  await college.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(college.getByText('Số lượng vượt quá chỗ còn trống (6).')).toBeVisible()
  await quantity.fill('6')
  await college.getByRole('button', { name: 'Gửi đề xuất' }).click()
  await expect(college.getByText('Đã gửi đề xuất. Bên kia sẽ nhận được email.')).toBeVisible()
  await expect(college).toHaveURL(/\/proposals\/[^/?]+\?sent=1$/)
  const proposalPath = new URL(college.url()).pathname

  // The business reads the email and follows its link to the proposal.
  const business = await logIn(browser, 'business@caunoi.test')
  await business.goto(`/dev/mailbox?to=${encodeURIComponent('business@caunoi.test')}`)
  await business.getByRole('link', { name: 'Bạn có đề xuất mới trên Cầu Nối' }).first().click()
  await business.getByRole('link', { name: new RegExp(`${proposalPath}$`) }).click()
  await expect(business).toHaveURL(new RegExp(`${proposalPath}$`))
  await expect(business.getByText('Trường có 6 sinh viên năm cuối đã học an toàn điện, sẵn sàng từ tháng 3.')).toBeVisible()

  // It replies in the thread, then accepts.
  await business.getByLabel('Tin nhắn của bạn').fill('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')
  await business.getByRole('button', { name: 'Gửi tin nhắn' }).click()
  await expect(business.getByText('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')).toBeVisible()
  await business.getByRole('button', { name: 'Chấp nhận' }).click()
  await expect(business.getByText('Đã chấp nhận đề xuất.')).toBeVisible()
  await business.getByRole('link', { name: 'Xem thỏa thuận' }).click()

  // The business settles the placement's terms and confirms them.
  await expect(business.getByRole('heading', { level: 1 })).toHaveText(`Thỏa thuận: ${NEED_TITLE}`)
  await expect(business.getByText('Chờ hai bên xác nhận').first()).toBeVisible()
  await business.getByLabel('Địa điểm thực tập').fill('Nhà máy Hoshino, KCN Thăng Long, Đông Anh')
  await business.getByLabel('Người hướng dẫn (tên, liên hệ)').fill('Kỹ sư Trần Văn Minh')
  await business.getByLabel('Phụ cấp mỗi tháng cho học viên').fill('1.500.000')
  await business.getByLabel('Tiền tệ phụ cấp').selectOption('VND')
  await business.getByRole('button', { name: 'Lưu điều khoản' }).click()
  await expect(business.getByText('Đã lưu điều khoản. Cả hai bên cần xác nhận lại.')).toBeVisible()
  await business.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(business.getByText('Bạn đã xác nhận. Đang chờ bên kia xác nhận.')).toBeVisible()
  const agreementPath = new URL(business.url()).pathname

  // The college sees the reply with the phone number now shown, and confirms the same terms.
  await college.goto(proposalPath)
  await expect(college.getByText('Chào trường, nhà máy nhận 6 bạn; liên hệ kỹ sư Minh qua 0912 000 111.')).toBeVisible()
  await expect(college.getByText('business@caunoi.test')).toBeVisible()
  await college.getByRole('link', { name: 'Xem thỏa thuận' }).click()
  await expect(college).toHaveURL(new RegExp(`${agreementPath}$`))
  const terms = college.getByRole('region', { name: 'Điều khoản' })
  await expect(terms.getByText('Nhà máy Hoshino, KCN Thăng Long, Đông Anh')).toBeVisible()
  await expect(terms.getByText('1.500.000 ₫/tháng')).toBeVisible()
  await college.getByRole('button', { name: 'Xác nhận điều khoản' }).click()
  await expect(college.getByText('Đã ghi nhận xác nhận của bạn.')).toBeVisible()
  await expect(college.getByText('Đã xác nhận', { exact: true })).toBeVisible()
  await expect(college.getByRole('link', { name: 'Thêm vào lịch (.ics)' })).toHaveAttribute('href', `${agreementPath}/calendar.ics`)

  // The printable page, in English.
  await college.getByRole('link', { name: 'Bản in' }).click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Thỏa thuận hợp tác')
  await college.getByRole('button', { name: 'English' }).click()
  await expect(college.getByRole('heading', { level: 1 })).toHaveText('Cooperation agreement')
  await expect(college.getByText('Kỹ sư Trần Văn Minh')).toBeVisible()
  await expect(college.getByText('Number of students')).toBeVisible()
  await college.getByRole('button', { name: 'Tiếng Việt' }).click()
  await expect(college.locator('html')).toHaveAttribute('lang', 'vi')

  // Both dashboards list it.
  for (const page of [college, business]) {
    await page.goto('/dashboard')
    const agreements = page.getByRole('region', { name: 'Thỏa thuận' })
    await expect(agreements.getByRole('link', { name: `${NEED_TITLE} ↔ ${OFFER_TITLE}` })).toBeVisible()
    await expect(agreements.getByText('Đã xác nhận')).toBeVisible()
  }
})
