import AxeBuilder from '@axe-core/playwright'
import { expect, type Browser, type Page } from '@playwright/test'
import { DEMO_PASSWORD } from './accounts'

// Shared by the accessibility specs: axe with counts per impact, and signing in in either language.

export const LANGUAGES = [
  { lang: 'vi', locale: 'vi-VN' },
  { lang: 'en', locale: 'en-GB' },
] as const
export type Lang = (typeof LANGUAGES)[number]['lang']

export const localeOf = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB')

export type AxeFinding = { rule: string; impact: string | null | undefined; nodes: string[] }

/**
 * Runs axe on the page and prints one line of counts per impact (`axe <label>: critical=…`), so
 * a run shows where the moderate and minor findings stand; returns the serious and critical ones.
 */
export async function axe(page: Page, label: string): Promise<AxeFinding[]> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const byImpact = { critical: 0, serious: 0, moderate: 0, minor: 0 }
  for (const violation of violations) {
    const impact = violation.impact ?? 'minor'
    if (impact in byImpact) byImpact[impact as keyof typeof byImpact] += violation.nodes.length
  }
  const rules = violations.map((violation) => `${violation.id}(${violation.impact}×${violation.nodes.length}: ${violation.nodes[0]?.target.join(' ')})`).join(' ')
  console.log(`axe ${label}: critical=${byImpact.critical} serious=${byImpact.serious} moderate=${byImpact.moderate} minor=${byImpact.minor} ${rules}`)
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ rule: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(' ')) }))
}

/**
 * A page of its own browser context signed in as a demo account, in `lang` (the browser's
 * Accept-Language decides the language: no switcher cookie is set). The login form is filled
 * by its fields' names, so the same steps work in both languages.
 */
export async function signInIn(browser: Browser, email: string, lang: Lang, options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({ locale: localeOf(lang), javaScriptEnabled: options.javaScriptEnabled ?? true })
  const page = await context.newPage()
  await page.goto('/login')
  await page.locator('main input[name="email"]').fill(email)
  await page.locator('main input[name="password"]').fill(DEMO_PASSWORD)
  await page.locator('main form button[type="submit"]').first().click()
  await expect(page).toHaveURL(/\/dashboard$/)
  return page
}
