import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { recordSearchRebuild } from '~/modules/outbox/search-index.server'
import { DEFAULT_RATES, forgetRates } from '~/modules/money/exchange-rates.server'
import { RATE_CURRENCIES, type RateInput } from './rates-schema'

// The admin-editable rate table (/admin/rates): VND per unit of each supported currency.
// Matching filters read the rates live (a change applies to the next match); the VND-per-day
// values documents carry for sorting need a rebuild, queued in the same transaction.

export type StoredRate = { base: string; quote: string; rate: string; updatedAt: string; updatedBy: string | null }
export type CurrencyRate = {
  currency: (typeof RATE_CURRENCIES)[number]
  /** the stored X→VND rate, or null while the default is in use */
  stored: StoredRate | null
  default: number | null
}

/** Every stored row, and each supported currency with its X→VND row (if any). */
export async function listRates(): Promise<{ currencies: CurrencyRate[]; rows: StoredRate[] }> {
  const rows = await prisma.exchangeRate.findMany({ orderBy: [{ base: 'asc' }, { quote: 'asc' }] })
  const editorIds = [...new Set(rows.flatMap((row) => (row.updatedById ? [row.updatedById] : [])))]
  const editors = new Map(
    (await prisma.user.findMany({ where: { id: { in: editorIds } }, select: { id: true, name: true } })).map((user) => [user.id, user.name]),
  )
  const stored = rows.map((row) => ({
    base: row.base,
    quote: row.quote,
    rate: row.rate.toString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedById ? (editors.get(row.updatedById) ?? null) : null,
  }))
  return {
    currencies: RATE_CURRENCIES.map((currency) => ({
      currency,
      stored: stored.find((row) => row.base === currency && row.quote === 'VND') ?? null,
      default: DEFAULT_RATES[currency] ?? null,
    })),
    rows: stored,
  }
}

/** Sets VND per one `currency`, audited, with the index rebuild queued in the same transaction. */
export async function saveRate(adminId: string, { currency, rate }: RateInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.exchangeRate.findUnique({ where: { base_quote: { base: currency, quote: 'VND' } } })
    await tx.exchangeRate.upsert({
      where: { base_quote: { base: currency, quote: 'VND' } },
      create: { base: currency, quote: 'VND', rate, updatedById: adminId },
      update: { rate, updatedById: adminId },
    })
    await recordAudit(tx, adminId, 'exchangeRate.update', 'ExchangeRate', `${currency}/VND`, {
      base: currency,
      quote: 'VND',
      before: before ? before.rate.toString() : null,
      after: rate,
    })
    await recordSearchRebuild(tx, 'rates')
  })
  forgetRates()
}
