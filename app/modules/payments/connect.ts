import { z } from 'zod'

// Where Stripe Connect can pay an expert out: countries in which Stripe opens Express accounts
// for individuals to self-serve (stripe.com/global, checked 2026-12; invite-only and preview
// countries left out). Việt Nam is not one of them, so most local experts are paid by bank
// transfer (manual payout, recorded by an admin). Pure, so pages can say which applies.
// docs/decisions/020-stripe-rail.md

export const STRIPE_PAYOUT_COUNTRIES: ReadonlySet<string> = new Set([
  'AE', 'AT', 'AU', 'BE', 'BG', 'BR', 'CA', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR',
  'GB', 'GI', 'GR', 'HK', 'HR', 'HU', 'IE', 'IT', 'JP', 'LI', 'LT', 'LU', 'LV', 'MT', 'MX', 'MY',
  'NL', 'NO', 'NZ', 'PL', 'PT', 'RO', 'SE', 'SG', 'SI', 'SK', 'TH', 'US',
])

/** Whether Stripe Connect can pay out an expert who lives in `country` (ISO 3166-1 alpha-2). */
export function canStripePayOut(country: string): boolean {
  return STRIPE_PAYOUT_COUNTRIES.has(country.trim().toUpperCase())
}

/** The payouts page's one form: start (or continue) Stripe's onboarding. */
export const PayoutOnboardSchema = z.object({ intent: z.literal('onboard') })
