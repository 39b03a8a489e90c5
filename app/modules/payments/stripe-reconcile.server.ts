import { prisma } from '~/modules/db/db.server'
import { log } from '~/modules/runtime/logger.server'
import { changePayment } from './payments.server'
import { stripeClient } from './stripe.server'

// The safety net under the webhooks (schedule `payments.reconcile`, every 15 minutes): card
// payments still pending 30 minutes after they were created are looked up at Stripe, and
// confirmed or cancelled as their Checkout Session says. A lost or never-configured webhook
// therefore delays a payment by a quarter of an hour at most, never loses it. Every change
// goes through the payment lifecycle, so a webhook arriving at the same time changes nothing twice.
// docs/decisions/020-stripe-rail.md

/** A session younger than this is left to its webhook. */
export const RECONCILE_AFTER_MINUTES = 30
/** Stripe keeps a session open for 24 hours at most: a payment that never got one by then never will. */
const NO_SESSION_GIVE_UP_HOURS = 24
const BATCH = 200

export type Reconciled = { checked: number; confirmed: number; cancelled: number; errors: number }

export async function reconcileStripeCheckouts(now = new Date()): Promise<Reconciled> {
  const result: Reconciled = { checked: 0, confirmed: 0, cancelled: 0, errors: 0 }
  const stripe = stripeClient()
  if (!stripe) return result
  const before = new Date(now.getTime() - RECONCILE_AFTER_MINUTES * 60_000)
  const pending = await prisma.payment.findMany({
    where: { method: 'stripe_checkout', status: 'pending', stripeSessionId: { not: null }, createdAt: { lte: before } },
    select: { id: true, amount: true, currency: true, stripeSessionId: true },
    orderBy: { createdAt: 'asc' },
    take: BATCH,
  })
  for (const payment of pending) {
    result.checked += 1
    try {
      const session = await stripe.checkout.sessions.retrieve(payment.stripeSessionId!)
      if (session.status === 'complete' && session.payment_status === 'paid') {
        if (session.amount_total !== Number(payment.amount) || session.currency?.toLowerCase() !== payment.currency.toLowerCase()) {
          log.error('a paid Checkout Session does not match its payment', { paymentId: payment.id, sessionId: session.id, amount: session.amount_total, currency: session.currency })
          result.errors += 1
          continue
        }
        const intent = typeof session.payment_intent === 'string' ? session.payment_intent : session.payment_intent?.id
        const change = await changePayment(payment.id, 'confirm', { at: now, ...(intent ? { providerPaymentId: intent } : {}) })
        if (change.ok && change.changed) result.confirmed += 1
      } else if (session.status === 'expired') {
        const change = await changePayment(payment.id, 'cancel', { at: now })
        if (change.ok && change.changed) result.cancelled += 1
      }
      // Open (the payer is still on Stripe's page), or complete but unpaid (an async method
      // still processing): its webhook, or a later run, settles it.
    } catch (error) {
      result.errors += 1
      log.warn('reconciling a Stripe payment failed', { paymentId: payment.id, error: error instanceof Error ? error.message : String(error) })
    }
  }
  // Card payments whose session was never created (Stripe unreachable, the payer gone) lapse.
  const abandoned = await prisma.payment.findMany({
    where: {
      method: 'stripe_checkout',
      status: 'pending',
      stripeSessionId: null,
      OR: [{ expiresAt: { lt: now } }, { createdAt: { lt: new Date(now.getTime() - NO_SESSION_GIVE_UP_HOURS * 3_600_000) } }],
    },
    select: { id: true },
    take: BATCH,
  })
  for (const payment of abandoned) {
    result.checked += 1
    const change = await changePayment(payment.id, 'cancel', { at: now })
    if (change.ok && change.changed) result.cancelled += 1
  }
  return result
}
