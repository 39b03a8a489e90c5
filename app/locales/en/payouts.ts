import type { Shape } from '../shape'
import type { payouts as vi } from '../vi/payouts'

// English strings for an expert's payouts (merged under the `payouts` key).
export const payouts: Shape<typeof vi> = {
  title: 'Payouts',
  dashboardLink: 'Payouts',
  intro: 'When a college pays for an expert contract, the platform keeps a {{percent}}% fee and pays the rest to you.',
  country: 'Country of residence: {{country}}',
  status: {
    ready: 'Stripe pays you out: your share of every card payment goes straight to your Stripe account.',
    onboarding: 'You have a Stripe account, but Stripe cannot pay it out yet: complete the details Stripe asks for. Until then, the platform pays you by bank transfer.',
    available: 'Stripe can pay out experts in your country. Create a Stripe Express account to be paid automatically after each contract.',
    manual: 'Stripe cannot pay you out in this country yet. The platform pays you by bank transfer (a manual payout) once the college has paid for the contract.',
  },
  notConfigured: 'This server is not connected to Stripe; every payout is a bank transfer.',
  create: 'Create a Stripe account',
  continue: 'Continue with Stripe',
  returned: 'You are back from Stripe. The status below is what Stripe reports now.',
  linkExpired: 'The onboarding link expired. Press the button again for a new one.',
  errors: {
    unsupportedCountry: 'Stripe Connect cannot pay out to your country; the platform will pay you by bank transfer.',
    notConfigured: 'This server is not connected to Stripe.',
    unavailable: 'Stripe cannot be reached right now. Try again in a few minutes.',
  },
}
