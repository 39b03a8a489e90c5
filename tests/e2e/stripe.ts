// The browser journeys' Stripe: the local stand-in's port (next to the app's) and keys. The
// app under test is started with them (playwright.config.ts); journeys sign webhooks with the secret.
export const STRIPE_SECRET_KEY = 'sk_test_e2e_caunoi'
export const STRIPE_WEBHOOK_SECRET = 'whsec_e2e_caunoi'
export const stripePortFor = (appPort: number) => appPort + 1000
