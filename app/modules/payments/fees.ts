// The platform fee: a percentage of the payment, in hundredths of a percent (basis points),
// rounded half up to the currency's minor unit (whole đồng for VND, cents for USD and EUR:
// amounts are already in minor units). Pure, so the payer sees the same figure before paying.

export const BASIS_POINTS = 10_000

export function feeOf(amountMinor: number, basisPoints: number): number {
  if (!Number.isInteger(amountMinor) || amountMinor < 0) throw new RangeError('amount must be a whole number of minor units')
  if (!Number.isInteger(basisPoints) || basisPoints < 0 || basisPoints > BASIS_POINTS) throw new RangeError('basis points must be 0–10000')
  const scaled = BigInt(amountMinor) * BigInt(basisPoints)
  return Number((scaled + BigInt(BASIS_POINTS / 2)) / BigInt(BASIS_POINTS))
}

/** "7.5" (percent, as configured) → 750 basis points. */
export function basisPointsOf(percent: number): number {
  return Math.round(percent * 100)
}
