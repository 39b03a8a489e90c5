import { getEnv } from '~/modules/runtime/env.server'

// The one payments interface. Stripe Checkout and Connect arrive with the sponsorship and
// expert-contract work; until a key is set the UI says payments are not configured.
export function isPaymentsConfigured(): boolean {
  return Boolean(getEnv().STRIPE_SECRET_KEY)
}
