// Money is an integer amount in the currency's minor units plus an ISO 4217 code.
// VND has no minor unit; USD and EUR have cents.

export const CURRENCIES = ['VND', 'USD', 'EUR'] as const
export type Currency = (typeof CURRENCIES)[number]

const MINOR_DIGITS: Record<Currency, number> = { VND: 0, USD: 2, EUR: 2 }

export function isCurrency(code: string): code is Currency {
  return (CURRENCIES as readonly string[]).includes(code)
}

export function minorDigits(currency: Currency): number {
  return MINOR_DIGITS[currency]
}

/** 450 USD → 45000; 2500000 VND → 2500000. Rounds half away from zero to the minor unit. */
export function toMinorUnits(majorAmount: number, currency: Currency): number {
  const factor = 10 ** MINOR_DIGITS[currency]
  // toPrecision(15) drops binary noise first: 1.005 * 100 is 100.49999999999999, meant as 100.5.
  return Math.sign(majorAmount) * Math.round(Number((Math.abs(majorAmount) * factor).toPrecision(15)))
}

export function toMajorUnits(minorAmount: number, currency: Currency): number {
  return minorAmount / 10 ** MINOR_DIGITS[currency]
}

const INTL_LOCALE: Record<string, string> = { vi: 'vi-VN', en: 'en-GB' }

// One formatter per locale and currency, made once: building an Intl formatter is costly.
const moneyFormats = new Map<string, Intl.NumberFormat>()

/** 250000 VND → "250.000 ₫" (vi) / "₫250,000" (en); 45000 USD → "450,00 US$" / "US$450.00". */
export function formatMoney(minorAmount: number, currency: Currency, locale: string): string {
  const key = `${locale}:${currency}`
  let format = moneyFormats.get(key)
  if (!format) {
    const digits = MINOR_DIGITS[currency]
    format = new Intl.NumberFormat(INTL_LOCALE[locale] ?? locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits })
    moneyFormats.set(key, format)
  }
  return format.format(toMajorUnits(minorAmount, currency))
}
