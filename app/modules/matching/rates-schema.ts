import { z } from 'zod'
import { CURRENCIES } from '~/utils/money'

// The admin exchange-rate form (/admin/rates), shared by client and server through Conform.
// A rate is VND per one unit of a supported currency, stored as Decimal(20, 8): at most 12
// digits before the decimal point and 8 after. Messages are translation keys.

/** The currencies an admin can price in VND (VND itself is 1). */
export const RATE_CURRENCIES = CURRENCIES.filter((currency) => currency !== 'VND') as Exclude<(typeof CURRENCIES)[number], 'VND'>[]

const DECIMAL = /^\d{1,12}([.,]\d{1,8})?$/
// "26.300" or "26,300" is 26300 to a Vietnamese reader and 26.3 to a program: refuse it.
const THOUSANDS_LOOKALIKE = /^\d{1,3}[.,]\d{3}$/

export const RateSchema = z.object({
  currency: z.enum(RATE_CURRENCIES, { error: 'matching.rates.errors.currency' }),
  rate: z
    .string({ error: 'validation.required' })
    .trim()
    .min(1, { error: 'validation.required', abort: true })
    .regex(DECIMAL, { error: 'matching.rates.errors.format', abort: true })
    .refine((text) => !THOUSANDS_LOOKALIKE.test(text), { error: 'matching.rates.errors.ambiguous', abort: true })
    .transform((text) => text.replace(',', '.'))
    .refine((text) => Number(text) > 0, { error: 'matching.rates.errors.positive' }),
})

export type RateInput = z.infer<typeof RateSchema>
