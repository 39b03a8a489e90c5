import { describe, expect, it } from 'vitest'
import { basisPointsOf, feeOf } from '~/modules/payments/fees'

// The platform fee in the currency's minor unit: VND has none (whole đồng), USD has cents.

describe('the platform fee', () => {
  it('rounds half up to the minor unit', () => {
    // 8% of 3,333,333 ₫ is 266,666.64 ₫ → 266,667 ₫ (VND amounts are whole đồng).
    expect(feeOf(3_333_333, 800)).toBe(266_667)
    // 7.5% of US$450.10 (45010 cents) is 3375.75 cents → 3376 cents.
    expect(feeOf(45_010, 750)).toBe(3_376)
    // Exactly half a cent rounds up: 2.5% of 2 cents is 0.05 → 0; 5% of 10 cents is 0.5 → 1.
    expect(feeOf(10, 500)).toBe(1)
    expect(feeOf(2, 250)).toBe(0)
  })

  it('is exact on large VND amounts and refuses nonsense', () => {
    expect(feeOf(9_007_199_254_740_991, 1)).toBe(900_719_925_474)
    expect(feeOf(0, 800)).toBe(0)
    expect(() => feeOf(1.5, 800)).toThrow(RangeError)
    expect(() => feeOf(100, 10_001)).toThrow(RangeError)
    expect(basisPointsOf(7.5)).toBe(750)
  })
})
