import { describe, expect, it } from 'vitest'
import { CURRENCIES, formatMoney, isCurrency, minorDigits, toMajorUnits, toMinorUnits } from '~/utils/money'

// Intl output uses no-break spaces; compare with ordinary spaces.
const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ')

describe('currencies', () => {
  it('knows exactly VND, USD and EUR', () => {
    expect([...CURRENCIES].sort()).toEqual(['EUR', 'USD', 'VND'])
    for (const code of CURRENCIES) expect(isCurrency(code)).toBe(true)
    for (const code of ['vnd', 'usd', 'GBP', '', 'VN', 'USDD']) expect(isCurrency(code)).toBe(false)
  })

  it('has no minor unit for VND and cents for USD and EUR', () => {
    expect(minorDigits('VND')).toBe(0)
    expect(minorDigits('USD')).toBe(2)
    expect(minorDigits('EUR')).toBe(2)
  })
})

describe('toMinorUnits', () => {
  it('converts major amounts to integer minor units', () => {
    expect(toMinorUnits(450, 'USD')).toBe(45000)
    expect(toMinorUnits(19.99, 'USD')).toBe(1999)
    expect(toMinorUnits(0.1, 'EUR')).toBe(10)
    expect(toMinorUnits(2_500_000, 'VND')).toBe(2_500_000)
    expect(toMinorUnits(0, 'USD')).toBe(0)
  })

  it('always returns an integer', () => {
    for (const amount of [0.1, 0.2, 0.3, 1.1, 33.333, 1234.5678, 2500000.4]) {
      for (const currency of CURRENCIES) expect(Number.isInteger(toMinorUnits(amount, currency))).toBe(true)
    }
  })

  it('rounds half away from zero to the minor unit', () => {
    expect(toMinorUnits(0.125, 'EUR')).toBe(13)
    expect(toMinorUnits(-0.125, 'EUR')).toBe(-13)
    expect(toMinorUnits(2.5, 'VND')).toBe(3)
    expect(toMinorUnits(-2.5, 'VND')).toBe(-3)
    expect(toMinorUnits(1.4, 'VND')).toBe(1)
    expect(toMinorUnits(-1.4, 'VND')).toBe(-1)
  })

  it('rounds decimal halves that binary floating point cannot represent exactly', () => {
    // 1.005 * 100 === 100.49999999999999 in IEEE 754
    expect(toMinorUnits(1.005, 'USD')).toBe(101)
    expect(toMinorUnits(2.675, 'USD')).toBe(268)
    expect(toMinorUnits(-1.005, 'USD')).toBe(-101)
    expect(toMinorUnits(8.345, 'EUR')).toBe(835)
  })

  it('round-trips through toMajorUnits', () => {
    for (const minor of [0, 1, 99, 100, 1999, 45000, 123456789]) {
      expect(toMinorUnits(toMajorUnits(minor, 'USD'), 'USD')).toBe(minor)
      expect(toMinorUnits(toMajorUnits(minor, 'VND'), 'VND')).toBe(minor)
    }
  })
})

describe('toMajorUnits', () => {
  it('divides by the minor unit', () => {
    expect(toMajorUnits(45000, 'USD')).toBe(450)
    expect(toMajorUnits(1999, 'EUR')).toBe(19.99)
    expect(toMajorUnits(2_500_000, 'VND')).toBe(2_500_000)
    expect(toMajorUnits(-5, 'USD')).toBe(-0.05)
  })
})

describe('formatMoney', () => {
  it('formats VND without decimals in both languages', () => {
    expect(plain(formatMoney(250000, 'VND', 'vi'))).toBe('250.000 ₫')
    expect(plain(formatMoney(250000, 'VND', 'en'))).toBe('₫250,000')
  })

  it('formats USD and EUR from cents with two decimals', () => {
    expect(plain(formatMoney(45000, 'USD', 'vi'))).toBe('450,00 US$')
    expect(plain(formatMoney(45000, 'USD', 'en'))).toBe('US$450.00')
    expect(plain(formatMoney(1999, 'EUR', 'en'))).toBe('€19.99')
    expect(plain(formatMoney(5, 'EUR', 'en'))).toBe('€0.05')
    expect(plain(formatMoney(-1999, 'EUR', 'vi'))).toBe('-19,99 €')
  })

  it('accepts a full Intl locale as well as an app language', () => {
    expect(plain(formatMoney(123456, 'EUR', 'de-DE'))).toBe('1.234,56 €')
  })
})
