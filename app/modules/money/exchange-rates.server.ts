import { prisma } from '~/modules/db/db.server'
import type { Rates } from './units'

// VND per one unit of each currency, from the admin-editable ExchangeRate table (a rate may
// be stored either way round: USD→VND 26300 or VND→USD 0.000038). Cached for a few seconds.
// A currency the table does not price yet uses the default below.

const CACHE_MS = 5_000

/** VND per USD and per EUR, late 2026: the starting point admins edit. */
export const DEFAULT_RATES: Readonly<Record<string, number>> = { USD: 26_300, EUR: 30_600 }

/** Reference data for a new database: the default rates, keeping any rate already there. */
export async function seedDefaultRates(): Promise<void> {
  await prisma.exchangeRate.createMany({
    data: Object.entries(DEFAULT_RATES).map(([base, rate]) => ({ base, quote: 'VND', rate })),
    skipDuplicates: true,
  })
}

const globalForRates = globalThis as unknown as { __matchingRates?: { rates: Rates; loadedAt: number } }

export async function loadRates(): Promise<Rates> {
  const cached = globalForRates.__matchingRates
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.rates
  const rows = await prisma.exchangeRate.findMany({ where: { OR: [{ quote: 'VND' }, { base: 'VND' }] } })
  const rates = new Map<string, number>([['VND', 1], ...Object.entries(DEFAULT_RATES)])
  const direct = new Map<string, number>()
  const inverse = new Map<string, number>()
  for (const row of rows) {
    const rate = Number(row.rate)
    if (!(rate > 0)) continue
    if (row.quote === 'VND' && row.base !== 'VND') direct.set(row.base, rate)
    else if (row.base === 'VND' && row.quote !== 'VND') inverse.set(row.quote, 1 / rate)
  }
  // A rate stored as X→VND wins over one stored as VND→X.
  for (const [currency, rate] of [...inverse, ...direct]) rates.set(currency, rate)
  globalForRates.__matchingRates = { rates, loadedAt: Date.now() }
  return rates
}

/** The rates as a cache stamp part (runtime/stamped-cache.server.ts): they are reloaded into a new Map now and then, so compare what they say. */
export function ratesStamp(rates: Rates): string {
  return [...rates].map(([currency, rate]) => `${currency}=${rate}`).sort().join(',')
}

/** Forget the cached rates (after an admin edits them, and in tests). */
export function forgetRates() {
  globalForRates.__matchingRates = undefined
}
