import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test } from '@playwright/test'

// Another website, as a browser meets it (issue 9, findings 4 and 6): a page on another
// origin that frames Cầu Nối, and one that posts a login form to it so that the visitor's
// browser would be signed in as the attacker (login CSRF). Chromium must refuse both.

let evil: http.Server
let evilUrl = ''
let appUrl = ''

test.beforeAll(async ({ baseURL }) => {
  appUrl = baseURL!
  evil = http.createServer((req, res) => {
    res.setHeader('Content-Type', 'text/html; charset=utf-8')
    if (req.url === '/frame') {
      res.end(`<!doctype html><title>Evil frame</title><h1>Evil</h1><iframe id="victim" src="${appUrl}/login" width="800" height="600"></iframe>`)
      return
    }
    // Auto-submits the attacker's own credentials to the app's login.
    res.end(
      `<!doctype html><title>Evil login</title><form id="f" method="post" action="${appUrl}/login">` +
        `<input name="email" value="business@caunoi.test"><input name="password" value="caunoi-demo-2026"></form>` +
        `<script>document.getElementById('f').submit()</script>`,
    )
  })
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve))
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}`
})

test.afterAll(async () => {
  await new Promise((resolve) => evil.close(resolve))
})

test('another site cannot frame the app', async ({ page }) => {
  await page.goto(`${evilUrl}/frame`)
  await expect(page.getByRole('heading', { name: 'Evil' })).toBeVisible()
  const victim = page.frameLocator('#victim')
  // The app's login form never renders inside the other site's page.
  await page.waitForLoadState('load')
  await expect(victim.getByLabel('Email')).toHaveCount(0)
  await expect(victim.getByRole('button', { name: 'Đăng nhập' })).toHaveCount(0)
  // The same page opened directly works (the check above is not vacuous).
  await page.goto('/login')
  await expect(page.getByRole('button', { name: 'Đăng nhập' })).toBeVisible()
})

test('a form on another site cannot sign the visitor in (login CSRF)', async ({ page, context }) => {
  await page.goto(`${evilUrl}/login-csrf`)
  await expect(page).toHaveURL(`${appUrl}/login`)
  await expect(page.getByText('Yêu cầu bị từ chối')).toBeVisible()
  expect((await context.cookies(appUrl)).map((cookie) => cookie.name)).not.toContain('cn_session')
  await page.goto('/dashboard')
  await expect(page).toHaveURL(/\/login\?redirectTo=%2Fdashboard$/)
})
