// Money across units and currencies, for budgets against prices (docs/decisions/007-matching.md).
//
// Units: a day is 8 working hours, a month 22 working days. A "total" (a programme, a
// lease for the whole period) is compared with the other side's budget over the NEED's
// window: a daily budget of 500 USD over a need of 40 working days is a total budget of
// 20,000 USD, and a total budget spreads evenly over the need's working days.
// Currencies: through VND with the admin-editable ExchangeRate table; an amount in a
// currency without a rate cannot be compared, so it never fits a budget.

export const HOURS_PER_DAY = 8
export const WORKING_DAYS_PER_MONTH = 22

export type PriceUnit = 'hour' | 'day' | 'month' | 'total'

/** VND per one major unit of each currency (VND itself is 1). */
export type Rates = ReadonlyMap<string, number>

/** Per working day, or null for a total. */
export function perDay(amount: number, per: PriceUnit): number | null {
  switch (per) {
    case 'hour':
      return amount * HOURS_PER_DAY
    case 'day':
      return amount
    case 'month':
      return amount / WORKING_DAYS_PER_MONTH
    case 'total':
      return null
  }
}

const DAY_MS = 86_400_000

/** Monday–Friday days from `start` to `end` inclusive (calendar dates at UTC midnight); at least 1. */
export function workingDays(start: Date, end: Date): number {
  const first = Math.floor(start.getTime() / DAY_MS)
  const last = Math.floor(end.getTime() / DAY_MS)
  if (last < first) return 1
  const days = last - first + 1
  let count = Math.floor(days / 7) * 5
  // 1970-01-01 was a Thursday: weekday index 0 = Monday … 6 = Sunday.
  for (let day = first + Math.floor(days / 7) * 7; day <= last; day++) {
    const weekday = (day + 3) % 7
    if (weekday < 5) count++
  }
  return Math.max(1, count)
}

/**
 * A need's budget as a daily amount and as a total, both in its own currency: over the
 * working days it states (`statedDays`, an expert need's "days wanted"), else over the
 * working days of its window.
 */
export function budgetOverWindow(amount: number, per: PriceUnit, start: Date, end: Date, statedDays: number | null = null): { perDay: number; total: number } {
  const days = statedDays !== null && statedDays > 0 ? statedDays : workingDays(start, end)
  const daily = perDay(amount, per)
  return daily === null ? { perDay: amount / days, total: amount } : { perDay: daily, total: daily * days }
}

/** `amount` of `from` in `to`, or null when either currency has no rate. */
export function convert(amount: number, from: string, to: string, rates: Rates): number | null {
  if (from === to) return amount
  const fromRate = rates.get(from)
  const toRate = rates.get(to)
  if (!fromRate || !toRate) return null
  return (amount * fromRate) / toRate
}

/** Relative slack for float noise: 700 USD/day fits a budget of exactly 700 USD/day. */
export const MONEY_EPSILON = 1e-9

/** Does a price (per working day, or a total) fit a budget (per working day and total over the need's window)? */
export function priceFitsBudget(
  price: { currency: string; perDay: number | null; total: number | null },
  budget: { currency: string; perDay: number; total: number },
  rates: Rates,
): boolean {
  if (price.perDay !== null) {
    const limit = convert(budget.perDay, budget.currency, price.currency, rates)
    return limit !== null && price.perDay <= limit * (1 + MONEY_EPSILON)
  }
  if (price.total !== null) {
    const limit = convert(budget.total, budget.currency, price.currency, rates)
    return limit !== null && price.total <= limit * (1 + MONEY_EPSILON)
  }
  return true
}

/** How much of the budget a price uses (0 = free, 1 = all of it), in the budget's terms. */
export function budgetShare(
  price: { currency: string; perDay: number | null; total: number | null },
  budget: { currency: string; perDay: number; total: number },
  rates: Rates,
): number | null {
  const [amount, limit] = price.perDay !== null ? [price.perDay, budget.perDay] : [price.total, budget.total]
  if (amount === null || limit <= 0) return null
  const converted = convert(amount, price.currency, budget.currency, rates)
  return converted === null ? null : converted / limit
}
