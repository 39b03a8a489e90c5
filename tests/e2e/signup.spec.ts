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
  await expect(page.getByText('The password needs at least 10 characters.')).toBeVisible()
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
