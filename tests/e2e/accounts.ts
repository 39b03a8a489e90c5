import { expect, type Browser, type Page } from '@playwright/test'

// The demo accounts of seeds/demo-accounts.json, as the journeys sign in with them.

export const DEMO_PASSWORD = 'caunoi-demo-2026'

/** Signs `page` in as a demo account; it lands on its dashboard. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Đăng nhập' }).click()
  await expect(page).toHaveURL(/\/dashboard$/)
}

/** A page of its own browser context (its own cookies), signed in as a demo account. */
export async function logIn(browser: Browser, email: string, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true })).newPage()
  await signIn(page, email)
  return page
}
