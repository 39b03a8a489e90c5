import Stripe from 'stripe'
import { prisma } from '~/modules/db/db.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { registerPaymentProvider } from './payments.server'
import type { PaymentProvider, PaymentToStart, StartedPayment } from './provider'

// The Stripe rail: one client from the environment, the `stripe_checkout` provider (a hosted
// Checkout Session per payment; for an expert with a payout account, a destination charge
// that keeps the platform's fee), and `startCheckout`, which the payment pages call.
// Every create call carries an idempotency key derived from our own ids, so a retry (the
// SDK's, the outbox's, a double click) reaches the same Stripe object.
// docs/decisions/020-stripe-rail.md

/** How long a payer has on Stripe's page (Stripe allows 30 minutes to 24 hours). */
export const CHECKOUT_MINUTES = 60

let cached: { key: string; base: string | undefined; client: Stripe } | undefined

/** The Stripe client, or null without STRIPE_SECRET_KEY. STRIPE_API_BASE points it elsewhere (the tests' stand-in). */
export function stripeClient(): Stripe | null {
  const env = getEnv()
  const key = env.STRIPE_SECRET_KEY
  if (!key) return null
  if (cached && cached.key === key && cached.base === env.STRIPE_API_BASE) return cached.client
  const base = env.STRIPE_API_BASE ? new URL(env.STRIPE_API_BASE) : null
  const protocol = base?.protocol === 'http:' ? 'http' : 'https'
  const client = new Stripe(key, {
    ...(base ? { host: base.hostname, port: base.port || (protocol === 'http' ? 80 : 443), protocol } : {}),
    // Retries reuse our idempotency keys; a local stand-in answers at once or not at all.
    maxNetworkRetries: base ? 0 : 2,
    timeout: 20_000,
    appInfo: { name: 'Cau Noi' },
  })
  cached = { key, base: env.STRIPE_API_BASE, client }
  return client
}

/** The client, for code that only runs when Stripe is configured. */
export function requireStripe(): Stripe {
  const client = stripeClient()
  if (!client) throw new Error('Stripe is not configured (STRIPE_SECRET_KEY)')
  return client
}

/** Stripe's currency codes are lower case; amounts are already in the currency's minor unit (VND has none). */
const stripeCurrency = (currency: string) => currency.toLowerCase()

/** `returnUrl` with Checkout's outcome appended; `{CHECKOUT_SESSION_ID}` must reach Stripe unencoded. */
function withOutcome(returnUrl: string, outcome: 'success' | 'cancelled'): string {
  const separator = returnUrl.includes('?') ? '&' : '?'
  return outcome === 'success' ? `${returnUrl}${separator}checkout=success&session_id={CHECKOUT_SESSION_ID}` : `${returnUrl}${separator}checkout=cancelled`
}

/** The Checkout Session's parameters for one payment (pure: what is sent is what the tests read back). */
export function checkoutParams(payment: PaymentToStart & { expiresAt: Date }): Stripe.Checkout.SessionCreateParams {
  const metadata = { paymentId: payment.id, reference: payment.reference, purpose: payment.purpose }
  const destination = payment.purpose === 'expert_contract' && payment.payoutAccountId ? payment.payoutAccountId : null
  return {
    mode: 'payment',
    line_items: [
      {
        quantity: 1,
        price_data: {
          currency: stripeCurrency(payment.currency),
          unit_amount: payment.amount,
          product_data: { name: payment.description.slice(0, 250) || payment.reference, description: `Cầu Nối ${payment.reference}` },
        },
      },
    ],
    client_reference_id: payment.id,
    metadata,
    ...(payment.payerEmail ? { customer_email: payment.payerEmail } : {}),
    locale: payment.locale,
    success_url: withOutcome(payment.returnUrl, 'success'),
    cancel_url: withOutcome(payment.returnUrl, 'cancelled'),
    expires_at: Math.floor(payment.expiresAt.getTime() / 1000),
    payment_intent_data: {
      metadata,
      description: `Cầu Nối ${payment.reference}`,
      // A destination charge: Stripe moves the money, less our fee, to the expert's account.
      ...(destination ? { application_fee_amount: payment.platformFee, transfer_data: { destination } } : {}),
    },
  }
}

export const stripeProvider: PaymentProvider = {
  method: 'stripe_checkout',
  // Without keys the card option is not offered at all: a card payment is never simulated.
  available: () => Boolean(getEnv().STRIPE_SECRET_KEY),
  async start(payment): Promise<StartedPayment> {
    // A retry must send the same parameters as the first try (same idempotency key), so the
    // expiry comes with the payment when the caller fixed it (startCheckout does).
    const expiresAt = payment.expiresAt ?? new Date(Date.now() + CHECKOUT_MINUTES * 60_000)
    const session = await requireStripe().checkout.sessions.create(checkoutParams({ ...payment, expiresAt }), { idempotencyKey: `checkout:${payment.id}` })
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a URL`)
    return { kind: 'redirect', url: session.url, sessionId: session.id, expiresAt: new Date(session.expires_at * 1000) }
  },
  async refund(payment) {
    if (!payment.stripePaymentId) throw new Error(`payment ${payment.id} has no Stripe PaymentIntent to refund`)
    const refund = await requireStripe().refunds.create(
      {
        payment_intent: payment.stripePaymentId,
        metadata: { paymentId: payment.id },
        // A destination charge: take the money back from the expert and return our fee too,
        // so the payer gets everything back and every ledger account returns to zero.
        ...(payment.payoutAccountId ? { reverse_transfer: true, refund_application_fee: true } : {}),
      },
      { idempotencyKey: `refund:${payment.id}` },
    )
    return { providerRefundId: refund.id, manual: false }
  },
}

registerPaymentProvider(stripeProvider)

// ───────────────────────────── starting a payment ─────────────────────────────

export type CheckoutStart =
  | { ok: true; url: string; sessionId: string; expiresAt: Date; reused: boolean }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'not-configured' | 'expired' | 'unavailable' }

/**
 * Sends a pending card payment to Stripe Checkout: creates its session (once: the same
 * session comes back for a retry) and records its id, URL and expiry on the payment. A
 * session still open is reused; a payment whose session lapsed answers `expired` (start a
 * new payment). `returnUrl` is where the payer comes back to, by default the
 * need (a sponsorship) or the agreement (an expert contract).
 */
export async function startCheckout(paymentId: string, options: { returnUrl?: string; now?: Date } = {}): Promise<CheckoutStart> {
  const now = options.now ?? new Date()
  const payment = await prisma.payment.findUnique({
    where: { id: paymentId },
    select: {
      id: true,
      status: true,
      method: true,
      purpose: true,
      amount: true,
      currency: true,
      platformFee: true,
      payoutMode: true,
      payoutAccountId: true,
      reference: true,
      payerUserId: true,
      stripeSessionId: true,
      checkoutUrl: true,
      expiresAt: true,
      need: { select: { key: true, title: true } },
      agreement: { select: { id: true, need: { select: { key: true, title: true } } } },
    },
  })
  if (!payment) return { ok: false, reason: 'not-found' }
  if (payment.method !== 'stripe_checkout' || payment.status !== 'pending') return { ok: false, reason: 'not-allowed' }
  if (!stripeProvider.available()) return { ok: false, reason: 'not-configured' }
  if (payment.stripeSessionId) {
    // One session per payment (its idempotency key is the payment's): an open one is reused,
    // a lapsed one is over (the payment is cancelled by its webhook or the reconciliation).
    if (payment.checkoutUrl && payment.expiresAt && payment.expiresAt.getTime() > now.getTime() + 60_000) {
      return { ok: true, url: payment.checkoutUrl, sessionId: payment.stripeSessionId, expiresAt: payment.expiresAt, reused: true }
    }
    return { ok: false, reason: 'expired' }
  }
  // The expiry is fixed before the first call, so a retry sends identical parameters; Stripe
  // wants at least 30 minutes left when it creates the session.
  let expiresAt = payment.expiresAt
  if (!expiresAt) {
    expiresAt = new Date(now.getTime() + CHECKOUT_MINUTES * 60_000)
    await prisma.payment.updateMany({ where: { id: paymentId, expiresAt: null }, data: { expiresAt } })
    expiresAt = (await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { expiresAt: true } })).expiresAt ?? expiresAt
  }
  if (expiresAt.getTime() < now.getTime() + 31 * 60_000) return { ok: false, reason: 'expired' }
  const payer = payment.payerUserId ? await prisma.user.findUnique({ where: { id: payment.payerUserId }, select: { email: true, locale: true } }) : null
  const appUrl = getEnv().appUrl
  const need = payment.need ?? payment.agreement?.need ?? null
  const returnUrl = options.returnUrl ?? (payment.agreement ? `${appUrl}/agreements/${payment.agreement.id}` : need ? `${appUrl}/needs/${need.key}` : `${appUrl}/dashboard`)
  const toStart: PaymentToStart = {
    id: payment.id,
    reference: payment.reference,
    purpose: payment.purpose,
    amount: Number(payment.amount),
    currency: payment.currency,
    platformFee: Number(payment.platformFee ?? 0n),
    payoutAccountId: payment.payoutMode === 'stripe' ? payment.payoutAccountId : null,
    description: need?.title ?? payment.reference,
    payerEmail: payer?.email ?? null,
    locale: payer?.locale === 'en' ? 'en' : 'vi',
    returnUrl,
    expiresAt,
  }
  let started: StartedPayment
  try {
    started = await stripeProvider.start(toStart)
  } catch (error) {
    // The payment stays pending; the payer may try again (the same session comes back).
    log.warn('starting a Stripe Checkout failed', { paymentId, error: error instanceof Error ? error.message : String(error) })
    return { ok: false, reason: 'unavailable' }
  }
  if (started.kind !== 'redirect') throw new Error('the Stripe provider must answer with a redirect')
  await prisma.payment.updateMany({
    where: { id: paymentId, status: 'pending' },
    data: { stripeSessionId: started.sessionId, checkoutUrl: started.url, expiresAt: started.expiresAt },
  })
  return { ok: true, url: started.url, sessionId: started.sessionId, expiresAt: started.expiresAt, reused: false }
}
