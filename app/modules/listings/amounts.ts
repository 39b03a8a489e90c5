import { minorDigits, type Currency } from '~/utils/money'

// Amounts typed in major units and shown back, and the calendar date listings are dated by.

export type AmountError =
  | 'listings.validation.amount'
  | 'listings.validation.amountDecimals'
  | 'listings.validation.amountPositive'
  | 'listings.validation.amountTooLarge'

/**
 * A typed amount in major units → integer minor units. Accepts plain digits ("2500000"),
 * Vietnamese grouping ("2.500.000", "1.234,50"), English grouping ("2,500,000", "1,234.50")
 * and a plain decimal ("450.5", "450,5"). A group of exactly three digits after a dot or
 * comma is a thousands group, so "2.500" is two thousand five hundred.
 */
export function parseAmount(text: string, currency: Currency): { ok: true; minor: number } | { ok: false; error: AmountError } {
  const compact = text.replace(/\s|\u00a0|\u202f/g, '').replace(/^(us\$|\$|€|₫)|(vnđ|vnd|usd|eur|đ|₫|€)$/i, '')
  let whole: string
  let fraction = ''
  let match: RegExpExecArray | null
  if (/^\d+$/.test(compact)) whole = compact
  else if ((match = /^(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?$/.exec(compact))) [whole, fraction] = [match[1]!.replace(/\./g, ''), match[2] ?? '']
  else if ((match = /^(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/.exec(compact))) [whole, fraction] = [match[1]!.replace(/,/g, ''), match[2] ?? '']
  else if ((match = /^(\d+)[.,](\d+)$/.exec(compact))) [whole, fraction] = [match[1]!, match[2]!]
  else return { ok: false, error: 'listings.validation.amount' }
  const digits = minorDigits(currency)
  fraction = fraction.replace(/0+$/, '')
  if (fraction.length > digits) return { ok: false, error: 'listings.validation.amountDecimals' }
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0')
  if (minor <= 0n) return { ok: false, error: 'listings.validation.amountPositive' }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, error: 'listings.validation.amountTooLarge' }
  return { ok: true, minor: Number(minor) }
}

/** Minor units → what the amount field shows: "2.500.000" / "1.234,50" (vi), "2,500,000" / "1,234.50" (en). */
export function formatAmountInput(minor: number, currency: Currency, lng: 'vi' | 'en'): string {
  const digits = minorDigits(currency)
  const factor = 10 ** digits
  const whole = Math.floor(minor / factor)
  const fraction = digits > 0 ? String(minor % factor).padStart(digits, '0') : ''
  const [group, decimal] = lng === 'vi' ? ['.', ','] : [',', '.']
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, group)
  return fraction && /[1-9]/.test(fraction) ? `${grouped}${decimal}${fraction}` : grouped
}
