import { expect, test } from '@playwright/test'

// Journey: a visitor switches to English, signs up as a college member, verifies the
// email through the development mailbox and logs in.
test('a college member signs up in English, verifies the email and logs in', async ({ page }) => {
  const email = `officer-${Date.now()}@college.test`
  const password = 'correct-horse-battery'

  await page.goto('/')
  await expect(page.locator('html')).toHaveAttribute('lang', 'vi')
  await page.getByRole('button', { name: 'English' }).click()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/bridge between vocational colleges/)

  await page.getByRole('link', { name: 'Sign up' }).first().click()
  await expect(page).toHaveTitle(/Create an account/)

  // Bad input is refused next to the fields, in English.
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByText('Please fill in this field.').first()).toBeVisible()

  await page.getByLabel('Full name').fill('Nguyễn Thị Lan')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('short')
  await page.getByLabel('I am signing up as').selectOption('college')
  await page.getByLabel('College or business name').fill('Trường Cao đẳng Nghề Thử nghiệm')
  await page.getByLabel('District').fill('Bắc Từ Liêm')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByRole('alert').getByText('The password needs at least 10 characters.')).toBeVisible()
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign up' }).click()

  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible()
  await expect(page.getByText(email)).toBeVisible()

  // Logging in before verifying is refused.
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByText('Please verify your email before logging in')).toBeVisible()

  // The development mailbox holds the verification email.
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`)
  await page.getByRole('link', { name: 'Verify your email for Cầu Nối' }).click()
  await page.getByRole('link', { name: /\/verify-email\?token=/ }).click()
  await expect(page.getByText('Your email is verified. You can log in now.')).toBeVisible()

  // A wrong password is refused; the right one logs in.
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('wrong-password-123')
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(page.getByText('Wrong email or password.')).toBeVisible()
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()

  await expect(page).toHaveURL(/\/dashboard$/)
  await expect(page.getByRole('heading', { name: 'Hello, Nguyễn Thị Lan' })).toBeVisible()
  await expect(page.getByText('Trường Cao đẳng Nghề Thử nghiệm')).toBeVisible()
  await expect(page.getByText('Awaiting verification')).toBeVisible()

  // The choice of language survives a new page load.
  await page.reload()
  await expect(page.locator('html')).toHaveAttribute('lang', 'en')
})

// Journey: an administrator verifies a newly registered college; its member then sees it
// verified, and cannot open another organisation's member list.
test('an admin verifies a new college; members only see their own organisation', async ({ browser }) => {
  const password = 'correct-horse-battery'
  const email = `officer-${Date.now()}@verify.test`
  const member = await browser.newPage()
  await member.goto('/signup')
  // Right after a full page load, an empty submit shows the errors next to the fields.
  await member.getByRole('button', { name: 'Đăng ký' }).click()
  await expect(member.getByText('Vui lòng nhập trường này.').first()).toBeVisible()
  await member.getByLabel('Họ và tên').fill('Trần Văn Minh')
  await member.getByLabel('Email').fill(email)
  await member.getByLabel('Mật khẩu').fill(password)
  await member.getByLabel('Tôi đăng ký với tư cách').selectOption('college')
  await member.getByLabel('Tên trường / doanh nghiệp').fill('Trường Trung cấp Kiểm thử Xác minh')
  await member.getByRole('button', { name: 'Đăng ký' }).click()
  await expect(member.getByRole('heading', { name: 'Kiểm tra hộp thư của bạn' })).toBeVisible()
  await member.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`)
  await member.getByRole('link', { name: /Xác minh email/ }).click()
  await member.getByRole('link', { name: /verify-email\?token=/ }).click()
  await member.getByLabel('Email').fill(email)
  await member.getByLabel('Mật khẩu').fill(password)
  await member.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(member.getByText('Đang chờ xác minh')).toBeVisible()

  const admin = await browser.newPage()
  await admin.goto('/login')
  await admin.getByLabel('Email').fill('admin@caunoi.test')
  await admin.getByLabel('Mật khẩu').fill('caunoi-demo-2026')
  await admin.getByRole('button', { name: 'Đăng nhập' }).click()
  await admin.getByRole('link', { name: 'Xác minh', exact: true }).click()
  const row = admin.locator('li', { hasText: 'Trường Trung cấp Kiểm thử Xác minh' })
  await row.getByRole('textbox').fill('Đã gọi điện xác nhận với phòng đào tạo')
  await row.getByRole('button', { name: 'Xác minh' }).click()
  await expect(admin.getByText('Đã cập nhật trạng thái.')).toBeVisible()
  await expect(admin.locator('li', { hasText: 'Trường Trung cấp Kiểm thử Xác minh' })).toHaveCount(0)

  await member.reload()
  await expect(member.getByText('Đã xác minh', { exact: true })).toBeVisible()
  // Another organisation's member list is not found, not merely forbidden.
  const response = await member.goto('/org/col-van-tri/members')
  expect(response?.status()).toBe(404)
  await expect(member.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible()
})
