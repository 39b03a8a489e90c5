import Stripe from 'stripe'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import type { PaymentAction } from './lifecycle'
import { changePayment, type PaymentChange } from './payments.server'
import { stripeClient } from './stripe.server'

// POST /api/webhooks/stripe: Stripe's reports, verified by their signature, each applied once.
// The event's id is stored (StripeEvent) in the same transaction as the change it causes, so
// a replay, a retry after a timeout or two deliveries racing change nothing more; a change
// that fails rolls the id back and Stripe delivers the event again. Events arrive in any
// order: the payment lifecycle decides (a late "expired" after "completed" is ignored; a late
// "completed" after "expired" still confirms, since money that arrives late still counts).
// docs/decisions/020-stripe-rail.md

/** The events the endpoint acts on; operators enable these on the Stripe webhook (README). */
export const STRIPE_WEBHOOK_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
  'charge.refunded',
  'account.updated',
] as const

/** Stripe's events are a few kilobytes; anything far larger is not from Stripe. */
const MAX_BODY_BYTES = 1_000_000

function json(body: unknown, status = 200): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}

export type AppliedStripeEvent = { outcome: 'applied' | 'ignored'; paymentId: string | null; change?: PaymentChange }

/** The webhook endpoint: verify, store once, apply. Answers JSON; 400 for anything unsigned or tampered, with nothing stored. */
export async function handleStripeWebhook(request: Request): Promise<Response> {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET
  if (!secret) {
    log.error('a Stripe webhook arrived but STRIPE_WEBHOOK_SECRET is not set')
    return json({ error: 'not_configured', message: 'Stripe webhooks are not configured on this server.' }, 503)
  }
  const length = Number(request.headers.get('content-length') ?? 0)
  if (length > MAX_BODY_BYTES) return json({ error: 'too_large', message: 'The request body is too large.' }, 413)
  const signature = request.headers.get('stripe-signature')
  if (!signature) return json({ error: 'missing_signature', message: 'The Stripe-Signature header is missing.' }, 400)
  const payload = await request.text()
  if (payload.length > MAX_BODY_BYTES) return json({ error: 'too_large', message: 'The request body is too large.' }, 413)
  let event: Stripe.Event
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, secret)
  } catch (error) {
    log.warn('refused a Stripe webhook with a bad signature', { reason: error instanceof Error ? error.message : String(error) })
    return json({ error: 'invalid_signature', message: 'The Stripe signature does not match this request.' }, 400)
  }
  const result = await receiveStripeEvent(event)
  return json({ received: true, duplicate: result === 'duplicate' })
}

/** Stores a verified event once and applies it in the same transaction; `duplicate` when it was seen before. */
export async function receiveStripeEvent(event: Stripe.Event): Promise<AppliedStripeEvent | 'duplicate'> {
  // Seen before: answer at once (the insert below still decides when two deliveries race).
  if (await prisma.stripeEvent.findUnique({ where: { id: event.id }, select: { id: true } })) return 'duplicate'
  const current = await currentAccount(event)
  return prisma.$transaction(async (tx) => {
    // A racing delivery of the same id waits on the primary key here, then inserts nothing.
    const { count } = await tx.stripeEvent.createMany({
      data: [{ id: event.id, type: event.type, created: new Date(event.created * 1000) }],
      skipDuplicates: true,
    })
    if (count === 0) return 'duplicate' as const
    const applied = await applyStripeEvent(tx, event, current)
    if (applied.paymentId) await tx.stripeEvent.update({ where: { id: event.id }, data: { paymentId: applied.paymentId } })
    if (applied.outcome === 'ignored' || (applied.change && !applied.change.ok)) {
      log.info('Stripe event changed nothing', { id: event.id, type: event.type, paymentId: applied.paymentId, change: applied.change ?? null })
    }
    return applied
  })
}

/**
 * An account's events may arrive in any order, and each carries the account as it was then:
 * read it as it is now instead (outside the transaction), so a late, older event cannot undo
 * a newer one. Stripe unreachable: the event's own copy, and the next event corrects it.
 */
async function currentAccount(event: Stripe.Event): Promise<Stripe.Account | null> {
  if (event.type !== 'account.updated') return null
  const stripe = stripeClient()
  if (!stripe) return null
  try {
    return await stripe.accounts.retrieve(event.data.object.id)
  } catch (error) {
    log.warn('reading a connected account from Stripe failed; using the event’s copy', { account: event.data.object.id, error: error instanceof Error ? error.message : String(error) })
    return null
  }
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : (value?.id ?? null))

/** The payment a Checkout Session is for: ours only if the ids agree (a session we recorded, or the one our metadata names). */
async function paymentOfSession(tx: Tx, session: Stripe.Checkout.Session) {
  const byId = session.metadata?.paymentId ?? session.client_reference_id ?? null
  const payment = byId
    ? await tx.payment.findUnique({ where: { id: byId }, select: { id: true, method: true, amount: true, currency: true, stripeSessionId: true } })
    : await tx.payment.findUnique({ where: { stripeSessionId: session.id }, select: { id: true, method: true, amount: true, currency: true, stripeSessionId: true } })
  if (!payment || payment.method !== 'stripe_checkout') return null
  if (payment.stripeSessionId && payment.stripeSessionId !== session.id) {
    log.warn('a Checkout Session names a payment that has another session', { paymentId: payment.id, sessionId: session.id })
    return null
  }
  return payment
}

async function applySessionEvent(tx: Tx, event: Stripe.Event, session: Stripe.Checkout.Session, action: PaymentAction): Promise<AppliedStripeEvent> {
  const payment = await paymentOfSession(tx, session)
  if (!payment) return { outcome: 'ignored', paymentId: null }
  const at = new Date(event.created * 1000)
  if (action === 'confirm') {
    // Only money actually received confirms: an async method (a bank debit) completes unpaid first.
    if (session.payment_status !== 'paid') return { outcome: 'ignored', paymentId: payment.id }
    if (session.amount_total !== Number(payment.amount) || session.currency?.toLowerCase() !== payment.currency.toLowerCase()) {
      log.error('a paid Checkout Session does not match its payment', { paymentId: payment.id, sessionId: session.id, amount: session.amount_total, currency: session.currency })
      return { outcome: 'ignored', paymentId: payment.id }
    }
    if (!payment.stripeSessionId) await tx.payment.update({ where: { id: payment.id }, data: { stripeSessionId: session.id } })
    const change = await changePayment(payment.id, 'confirm', { tx, at, providerPaymentId: idOf(session.payment_intent) ?? undefined })
    return { outcome: 'applied', paymentId: payment.id, change }
  }
  const change = await changePayment(payment.id, action, { tx, at })
  return { outcome: 'applied', paymentId: payment.id, change }
}

/** Applies one verified event inside `tx` (the caller stored its id in the same transaction). */
export async function applyStripeEvent(tx: Tx, event: Stripe.Event, currentAccount: Stripe.Account | null = null): Promise<AppliedStripeEvent> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return applySessionEvent(tx, event, event.data.object, 'confirm')
    case 'checkout.session.async_payment_failed':
      return applySessionEvent(tx, event, event.data.object, 'fail')
    case 'checkout.session.expired':
      return applySessionEvent(tx, event, event.data.object, 'cancel')
    case 'charge.refunded': {
      const charge = event.data.object
      // A partial refund is not ours (we refund whole payments); the payment stays paid.
      if (!charge.refunded) return { outcome: 'ignored', paymentId: null }
      const intent = idOf(charge.payment_intent)
      const payment =
        (intent ? await tx.payment.findFirst({ where: { stripePaymentId: intent, method: 'stripe_checkout' }, select: { id: true } }) : null) ??
        (charge.metadata?.paymentId ? await tx.payment.findFirst({ where: { id: charge.metadata.paymentId, method: 'stripe_checkout' }, select: { id: true } }) : null)
      if (!payment) return { outcome: 'ignored', paymentId: null }
      const refundId = charge.refunds?.data[0]?.id
      const change = await changePayment(payment.id, 'refund', { tx, at: new Date(event.created * 1000), ...(refundId ? { providerRefundId: refundId } : {}) })
      return { outcome: 'applied', paymentId: payment.id, change }
    }
    case 'account.updated': {
      const account = currentAccount?.id === event.data.object.id ? currentAccount : event.data.object
      const enabled = Boolean(account.payouts_enabled)
      const profiles = await tx.expertProfile.findMany({ where: { stripeAccountId: account.id, stripePayoutsEnabled: !enabled }, select: { id: true } })
      for (const profile of profiles) {
        await tx.expertProfile.update({ where: { id: profile.id }, data: { stripePayoutsEnabled: enabled } })
        await recordAudit(tx, null, 'expert.payouts', 'ExpertProfile', profile.id, { stripeAccountId: account.id, payoutsEnabled: enabled })
      }
      return { outcome: profiles.length ? 'applied' : 'ignored', paymentId: null }
    }
    default:
      return { outcome: 'ignored', paymentId: null }
  }
}
