import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { basisPointsOf } from '~/modules/payments/fees'
import { ACCOUNTS, availableMethods, createPayment, refundPayment } from '~/modules/payments/payments.server'
import '~/modules/payments/providers.server'
import { payoutPlanFor } from '~/modules/payments/payouts.server'
import { reconcileStripeCheckouts } from '~/modules/payments/stripe-reconcile.server'
import { startCheckout } from '~/modules/payments/stripe.server'
import { STRIPE_WEBHOOK_EVENTS } from '~/modules/payments/stripe-webhook.server'
import { getEnv } from '~/modules/runtime/env.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { createProposal, decideProposal } from '~/modules/proposals/proposals.server'
import * as webhookRoute from '~/routes/api.webhooks.stripe'
import * as payoutsRoute from '~/routes/expert.payouts'
import { startTestApp } from '../support/http'
import { cookieFor, join, makeExpert, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, BASE, errorsOf, get, post, run } from '../support/routes'
import { signedWebhook, stripeEvent } from '../support/stripe-server'

// The Stripe rail against a local stand-in of Stripe's API (tests/support/stripe-server.ts)
// driven by the official SDK, and webhooks signed as Stripe signs them: Checkout parameters in
// minor units (VND zero-decimal, USD cents) with the platform fee of a destination charge,
// idempotency keys on every create, webhooks applied once however often they come and in any
// order, refunds, the reconciliation job, Connect onboarding for experts, and the card
// option hidden without keys.

const WEBHOOK_SECRET = 'whsec_test_caunoi_webhooks'

const stand = await vi.hoisted(async () => {
  // Before any module reads the environment: the Stripe client is pointed at the stand-in.
  const { startStripeStandIn } = await import('../support/stripe-server')
  const server = await startStripeStandIn({ secretKey: 'sk_test_caunoi_standin' })
  process.env.STRIPE_SECRET_KEY = server.secretKey
  process.env.STRIPE_WEBHOOK_SECRET = 'whsec_test_caunoi_webhooks'
  process.env.STRIPE_API_BASE = server.url
  process.env.PLATFORM_FEE_PERCENT = '7.5'
  return server
})

afterAll(() => stand.close())

const APP_URL = () => getEnv().appUrl

// ───────────────────────────── fixtures ─────────────────────────────

async function sponsorship({ amount = 250_000, currency = 'VND', locale = 'vi' as 'vi' | 'en' } = {}) {
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'equipment' })
  const payer = await makeUser({ name: 'CSR', locale })
  const payment = await prisma.$transaction((tx) =>
    createPayment(tx, { purpose: 'sponsorship', method: 'stripe_checkout', amount, currency, needId: need.id, payerOrgId: business.id, payerUserId: payer.id }),
  )
  return { need, payer, payment }
}

async function signedIn(userId: string) {
  return { ...(await loadUser(userId))!, cookie: await cookieFor(userId) }
}

/** An expert (living in `country`, with an account) whose service a college accepted: the agreement and the people. */
async function expertAgreement(country = 'DE') {
  const { college } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'expert', startDate: '2030-04-01', endDate: '2030-04-30' })
  const officerUser = await makeUser({ name: 'Cán bộ', locale: 'en' })
  await join(officerUser.id, college.id)
  const officer = await signedIn(officerUser.id)
  const profile = await makeExpert()
  const expertUser = await makeUser({ name: 'Dr. Weber' })
  await prisma.expertProfile.update({ where: { id: profile.id }, data: { userId: expertUser.id, country } })
  const service = await makeOffer('', { org: null, expert: profile.key })
  const expert = await signedIn(expertUser.id)
  const sent = await createProposal(expert, { needKey: need.key, offerKey: service.key, rate: '420', rateCurrency: 'USD', ratePer: 'day', startDate: '2030-04-06', endDate: '2030-04-17' })
  if (!sent.ok) throw new Error(sent.error)
  expect((await decideProposal(officer, sent.id, 'accept')).ok).toBe(true)
  const agreement = await prisma.agreement.findUniqueOrThrow({ where: { proposalId: sent.id } })
  return { college, need, officer, expert, profile, agreement }
}

/** The expert goes through /expert/payouts and Stripe reports their account can be paid out. */
async function onboardedExpert(country = 'DE') {
  const setup = await expertAgreement(country)
  const outcome = await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: setup.expert.cookie, form: { intent: 'onboard' } }))))
  expect(outcome.status).toBe(302)
  const { stripeAccountId } = await prisma.expertProfile.findUniqueOrThrow({ where: { id: setup.profile.id } })
  expect(stripeAccountId).toMatch(/^acct_/)
  expect((await deliver(stripeEvent('account.updated', stand.setPayoutsEnabled(stripeAccountId!, true)))).status).toBe(200)
  return { ...setup, accountId: stripeAccountId! }
}

/** An expert contract paid by card, Stripe paying the expert out (a destination charge). */
async function expertContractPayment(amount: number, currency = 'USD') {
  const setup = await onboardedExpert()
  const plan = await payoutPlanFor(setup.profile.id)
  expect(plan).toEqual({ mode: 'stripe', accountId: setup.accountId })
  const payment = await prisma.$transaction((tx) =>
    createPayment(tx, {
      purpose: 'expert_contract',
      method: 'stripe_checkout',
      amount,
      currency,
      agreementId: setup.agreement.id,
      payerOrgId: setup.college.id,
      payerUserId: setup.officer.id,
      feeBasisPoints: basisPointsOf(getEnv().PLATFORM_FEE_PERCENT),
      payoutMode: plan.mode,
      payoutAccountId: plan.mode === 'stripe' ? plan.accountId : null,
    }),
  )
  return { ...setup, payment }
}

/** POSTs a signed event to the webhook route, as Stripe does (no Origin, no cookies). */
async function deliver(event: Record<string, unknown>, options: { secret?: string; body?: (signed: string) => string; timestamp?: number; signature?: string | null } = {}) {
  const signed = signedWebhook(event, options.secret ?? WEBHOOK_SECRET, { timestamp: options.timestamp })
  const headers = new Headers(signed.headers)
  if (options.signature === null) headers.delete('stripe-signature')
  else if (options.signature) headers.set('stripe-signature', options.signature)
  const request = new Request(`${BASE}/api/webhooks/stripe`, { method: 'POST', headers, body: options.body ? options.body(signed.body) : signed.body })
  const response = await webhookRoute.action(args(request))
  return { status: response.status, json: (await response.json()) as Record<string, unknown> }
}

async function startedSession(paymentId: string) {
  const started = await startCheckout(paymentId)
  if (!started.ok) throw new Error(`checkout did not start: ${started.reason}`)
  return started
}

const completed = (sessionId: string, options?: { paymentStatus?: 'paid' | 'unpaid' }) => stripeEvent('checkout.session.completed', stand.completeSession(sessionId, options))
const expired = (sessionId: string) => stripeEvent('checkout.session.expired', stand.expireSession(sessionId))

const paymentRow = (id: string) => prisma.payment.findUniqueOrThrow({ where: { id } })
const auditCount = (id: string, action: string) => prisma.auditLog.count({ where: { entityId: id, action } })
const journals = async (paymentId: string) => (await prisma.ledgerEntry.groupBy({ by: ['journal'], where: { paymentId } })).length
const balances = async (paymentId: string) =>
  Object.fromEntries((await prisma.ledgerEntry.groupBy({ by: ['account'], where: { paymentId }, _sum: { amount: true } })).map((r) => [r.account, r._sum.amount]))

type Body = Record<string, unknown> & {
  line_items: { quantity: string; price_data: { currency: string; unit_amount: string; product_data: { name: string } } }[]
  payment_intent_data: Record<string, unknown> & { application_fee_amount?: string; transfer_data?: { destination: string } }
  metadata: Record<string, string>
}
const lastSessionRequest = () => stand.posts('/v1/checkout/sessions').at(-1)!

// ───────────────────────────── tests ─────────────────────────────

describe('Stripe Checkout', () => {
  it('asks for a VND sponsorship in whole đồng (zero-decimal), with our references, the payer’s email and language, and no fee', async () => {
    const { need, payer, payment } = await sponsorship({ amount: 250_000, currency: 'VND' })
    const before = Date.now()
    const started = await startedSession(payment.id)
    const request = lastSessionRequest()
    const body = request.body as Body
    expect(request.idempotencyKey).toBe(`checkout:${payment.id}`)
    expect(body).toMatchObject({ mode: 'payment', client_reference_id: payment.id, customer_email: payer.email, locale: 'vi', metadata: { paymentId: payment.id, reference: payment.reference } })
    expect(body.line_items).toHaveLength(1)
    expect(body.line_items[0]).toMatchObject({ quantity: '1', price_data: { currency: 'vnd', unit_amount: '250000', product_data: { name: need.title } } })
    expect(body).not.toHaveProperty('payment_method_types')
    expect(body.payment_intent_data).not.toHaveProperty('application_fee_amount')
    expect(body.payment_intent_data).not.toHaveProperty('transfer_data')
    expect(body.success_url).toBe(`${APP_URL()}/needs/${need.key}?checkout=success&session_id={CHECKOUT_SESSION_ID}`)
    expect(body.cancel_url).toBe(`${APP_URL()}/needs/${need.key}?checkout=cancelled`)
    // An hour on Stripe's page; what Stripe answered is stored on the payment.
    const expiresAt = Number(body.expires_at) * 1000
    expect(expiresAt).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 59 * 60_000)
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 61 * 60_000)
    const session = stand.sessions.get(started.sessionId)!
    expect(session.amount_total).toBe(250_000)
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'pending', stripeSessionId: started.sessionId, checkoutUrl: session.url, expiresAt: new Date(expiresAt) })
    expect(started.url).toBe(session.url)

    // Going back to pay again reuses the open session; nothing new is asked of Stripe.
    const again = await startCheckout(payment.id)
    expect(again).toMatchObject({ ok: true, reused: true, sessionId: started.sessionId })
    expect(stand.posts('/v1/checkout/sessions').filter((r) => r.body.client_reference_id === payment.id)).toHaveLength(1)
  })

  it('asks for a USD expert contract in cents as a destination charge keeping the fee, rounded half up', async () => {
    // 7.5 % of 4,206,900 cents is 315,517.5 cents: the fee is 315,518 cents.
    const { payment, accountId, agreement, officer } = await expertContractPayment(4_206_900, 'USD')
    expect(payment.platformFee).toBe(315_518n)
    await startedSession(payment.id)
    const body = lastSessionRequest().body as Body
    expect(body.line_items[0]!.price_data).toMatchObject({ currency: 'usd', unit_amount: '4206900' })
    expect(body.payment_intent_data).toMatchObject({ application_fee_amount: '315518', transfer_data: { destination: accountId }, metadata: { paymentId: payment.id } })
    expect(body).toMatchObject({ locale: 'en', customer_email: officer.email, success_url: `${APP_URL()}/agreements/${agreement.id}?checkout=success&session_id={CHECKOUT_SESSION_ID}` })
  })

  it('keeps the fee for a VND expert contract in whole đồng', async () => {
    // 7.5 % of 1,234,567 ₫ is 92,592.525 ₫: the fee is 92,593 ₫.
    const { payment } = await expertContractPayment(1_234_567, 'VND')
    await startedSession(payment.id)
    const body = lastSessionRequest().body as Body
    expect(body.line_items[0]!.price_data).toMatchObject({ currency: 'vnd', unit_amount: '1234567' })
    expect(body.payment_intent_data.application_fee_amount).toBe('92593')
  })

  it('gets the same session back when a retry follows a lost answer (same key, same parameters)', async () => {
    const { payment } = await sponsorship()
    const first = await startedSession(payment.id)
    // As if the answer had been lost before it was saved: the payment knows no session yet.
    await prisma.payment.update({ where: { id: payment.id }, data: { stripeSessionId: null, checkoutUrl: null } })
    const retry = await startedSession(payment.id)
    expect(retry.sessionId).toBe(first.sessionId)
    const attempts = stand.posts('/v1/checkout/sessions').filter((r) => r.idempotencyKey === `checkout:${payment.id}`)
    expect(attempts.map((r) => r.replayed)).toEqual([false, true])
    expect(attempts[1]!.body).toEqual(attempts[0]!.body)
  })

  it('leaves the payment pending, and says so, while Stripe is unreachable', async () => {
    const { payment } = await sponsorship()
    stand.failNext(1)
    expect(await startCheckout(payment.id)).toEqual({ ok: false, reason: 'unavailable' })
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'pending', stripeSessionId: null })
    expect((await startCheckout(payment.id)).ok).toBe(true)
  })

  it('sends an idempotency key with every create call: sessions, refunds, accounts, account links', async () => {
    const from = stand.requests.length
    const { payment } = await expertContractPayment(100_000, 'USD')
    const { sessionId } = await startedSession(payment.id)
    await deliver(completed(sessionId))
    const admin = await makeUser({ platformRole: 'admin' })
    expect((await refundPayment(admin.id, payment.id, 'Test')).ok).toBe(true)
    const posts = stand.requests.slice(from).filter((r) => r.method === 'POST')
    expect(new Set(posts.map((r) => r.path))).toEqual(new Set(['/v1/checkout/sessions', '/v1/refunds', '/v1/accounts', '/v1/account_links']))
    for (const request of posts) expect(request.idempotencyKey, `${request.path} without an idempotency key`).toMatch(/^(checkout|refund|connect-account|account-link):/)
    // Keys name our records, so a retry of the same operation reaches the same Stripe object.
    expect(posts.find((r) => r.path === '/v1/refunds')!.idempotencyKey).toBe(`refund:${payment.id}`)
  })
})

describe('the Stripe webhook', () => {
  it('applies a completed checkout once however often Stripe delivers it, racing or replayed', async () => {
    const { need, payment } = await sponsorship({ amount: 3_000_000 })
    const { sessionId } = await startedSession(payment.id)
    const event = completed(sessionId)
    // Five deliveries at once, then 95 replays.
    const racing = await Promise.all(Array.from({ length: 5 }, () => deliver(event)))
    const replays = []
    for (let i = 0; i < 95; i++) replays.push(await deliver(event))
    const all = [...racing, ...replays]
    expect(all.every((r) => r.status === 200 && r.json.received === true)).toBe(true)
    expect(all.filter((r) => r.json.duplicate === false)).toHaveLength(1)

    const row = await paymentRow(payment.id)
    expect(row).toMatchObject({ status: 'paid', stripePaymentId: stand.sessions.get(sessionId)!.payment_intent })
    expect(await auditCount(payment.id, 'payment.confirm')).toBe(1)
    expect(await journals(payment.id)).toBe(1)
    expect(await balances(payment.id)).toEqual({ [ACCOUNTS.payers]: -3_000_000n, [ACCOUNTS.need(need.id)]: 3_000_000n })
    expect(await prisma.stripeEvent.findMany({ where: { id: event.id as string } })).toMatchObject([{ type: 'checkout.session.completed', paymentId: payment.id }])
  })

  it('refuses a missing, tampered, foreign or stale signature with 400 and stores nothing', async () => {
    const { payment } = await sponsorship()
    const { sessionId } = await startedSession(payment.id)
    const event = completed(sessionId)
    const tampered = await deliver(event, { body: (body) => body.replace('"payment_status":"paid"', '"payment_status":"paid" ') })
    expect(tampered).toMatchObject({ status: 400, json: { error: 'invalid_signature' } })
    expect(await deliver(event, { signature: null })).toMatchObject({ status: 400, json: { error: 'missing_signature' } })
    expect(await deliver(event, { secret: 'whsec_someone_else' })).toMatchObject({ status: 400, json: { error: 'invalid_signature' } })
    // A genuine delivery recorded and replayed an hour later falls outside Stripe's tolerance.
    expect(await deliver(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 })).toMatchObject({ status: 400, json: { error: 'invalid_signature' } })
    expect(await prisma.stripeEvent.count({ where: { id: event.id as string } })).toBe(0)
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'pending', stripePaymentId: null })
    expect(await auditCount(payment.id, 'payment.confirm')).toBe(0)
    // The genuine one still works afterwards.
    expect((await deliver(event)).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('paid')
  })

  it('ignores an expiry that arrives after the payment completed', async () => {
    const { payment } = await sponsorship()
    const { sessionId } = await startedSession(payment.id)
    const paid = completed(sessionId)
    const late = stripeEvent('checkout.session.expired', { ...stand.sessionOf(sessionId), status: 'expired' })
    expect((await deliver(paid)).status).toBe(200)
    expect(await deliver(late)).toMatchObject({ status: 200, json: { received: true, duplicate: false } })
    expect((await paymentRow(payment.id)).status).toBe('paid')
    expect(await auditCount(payment.id, 'payment.cancel')).toBe(0)
    // A late failure report changes nothing either.
    expect((await deliver(stripeEvent('checkout.session.async_payment_failed', stand.sessionOf(sessionId)))).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('paid')
    expect(await journals(payment.id)).toBe(1)
  })

  it('confirms a completion that arrives after the expiry: the money came', async () => {
    const { payment } = await sponsorship()
    const { sessionId } = await startedSession(payment.id)
    const lapsed = expired(sessionId)
    expect((await deliver(lapsed)).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('cancelled')
    expect((await deliver(completed(sessionId))).status).toBe(200)
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'paid' })
    expect(await auditCount(payment.id, 'payment.cancel')).toBe(1)
    expect(await auditCount(payment.id, 'payment.confirm')).toBe(1)
    expect(await journals(payment.id)).toBe(1)
  })

  it('waits for an asynchronous payment to succeed, and records one that fails', async () => {
    const first = await sponsorship()
    const one = await startedSession(first.payment.id)
    expect((await deliver(completed(one.sessionId, { paymentStatus: 'unpaid' }))).status).toBe(200)
    expect((await paymentRow(first.payment.id)).status).toBe('pending')
    const succeeded = stripeEvent('checkout.session.async_payment_succeeded', { ...stand.completeSession(one.sessionId) })
    expect((await deliver(succeeded)).status).toBe(200)
    expect((await paymentRow(first.payment.id)).status).toBe('paid')

    const second = await sponsorship()
    const two = await startedSession(second.payment.id)
    await deliver(completed(two.sessionId, { paymentStatus: 'unpaid' }))
    expect((await deliver(stripeEvent('checkout.session.async_payment_failed', stand.sessionOf(two.sessionId)))).status).toBe(200)
    expect((await paymentRow(second.payment.id)).status).toBe('failed')
    expect(await journals(second.payment.id)).toBe(0)
  })

  it('does not confirm a session whose amount is not the payment’s, nor one the payment does not know', async () => {
    const { payment } = await sponsorship({ amount: 500_000 })
    const { sessionId } = await startedSession(payment.id)
    const session = stand.completeSession(sessionId)
    expect((await deliver(stripeEvent('checkout.session.completed', { ...session, amount_total: 5_000 }))).status).toBe(200)
    expect((await deliver(stripeEvent('checkout.session.completed', { ...session, id: 'cs_test_other' }))).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('pending')
    expect((await deliver(stripeEvent('checkout.session.completed', session))).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('paid')
  })

  it('turns an expert’s Stripe payouts on and off with account.updated', async () => {
    const { profile, accountId } = await onboardedExpert()
    expect(await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })).toMatchObject({ stripeAccountId: accountId, stripePayoutsEnabled: true })
    expect(await payoutPlanFor(profile.id)).toEqual({ mode: 'stripe', accountId })
    expect((await deliver(stripeEvent('account.updated', stand.setPayoutsEnabled(accountId, false)))).status).toBe(200)
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })).stripePayoutsEnabled).toBe(false)
    expect(await payoutPlanFor(profile.id)).toEqual({ mode: 'manual' })
    expect(await auditCount(profile.id, 'expert.payouts')).toBe(2)
    // An older event delivered late carries a stale copy (payouts on): the account as Stripe has it now wins.
    const stale = stripeEvent('account.updated', { ...stand.accounts.get(accountId)!, payouts_enabled: true }, { created: Math.floor(Date.now() / 1000) - 600 })
    expect((await deliver(stale)).status).toBe(200)
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })).stripePayoutsEnabled).toBe(false)
    expect(await auditCount(profile.id, 'expert.payouts')).toBe(2)
    // Someone else's account: nothing here changes.
    expect((await deliver(stripeEvent('account.updated', { id: 'acct_unknown', object: 'account', payouts_enabled: true })))).toMatchObject({ status: 200 })
    expect(await prisma.expertProfile.count({ where: { stripePayoutsEnabled: true, stripeAccountId: 'acct_unknown' } })).toBe(0)
  })

  it('stores and ignores events it does not act on; the README lists every event it does', async () => {
    const other = stripeEvent('payment_intent.succeeded', { id: 'pi_test_unrelated', object: 'payment_intent', metadata: {} })
    expect(await deliver(other)).toMatchObject({ status: 200, json: { received: true, duplicate: false } })
    expect(await prisma.stripeEvent.findUnique({ where: { id: other.id as string } })).toMatchObject({ type: 'payment_intent.succeeded', paymentId: null })
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8')
    for (const type of STRIPE_WEBHOOK_EVENTS) expect(readme, `README.md should tell operators to enable ${type}`).toContain(`\`${type}\``)
  })

  it('passes the HTTP edge as Stripe sends it (no Origin, no Sec-Fetch-Site) and refuses a tampered body there too', async () => {
    const app = await startTestApp()
    try {
      const { payment } = await sponsorship()
      const { sessionId } = await startedSession(payment.id)
      const signed = signedWebhook(completed(sessionId), WEBHOOK_SECRET)
      const tampered = await fetch(`${app.url}/api/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body.replace(sessionId, `${sessionId}x`) })
      expect(tampered.status).toBe(400)
      expect(await tampered.json()).toMatchObject({ error: 'invalid_signature' })
      expect((await paymentRow(payment.id)).status).toBe('pending')
      const response = await fetch(`${app.url}/api/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body })
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ received: true, duplicate: false })
      expect((await paymentRow(payment.id)).status).toBe('paid')
      expect((await fetch(`${app.url}/api/webhooks/stripe`)).status).toBe(405)
    } finally {
      await app.stop()
    }
  })
})

describe('refunds through Stripe', () => {
  it('refunds a destination charge with the transfer and the fee reversed, leaving every ledger account at zero', async () => {
    const { payment, accountId, profile } = await expertContractPayment(336_000, 'USD')
    const { sessionId } = await startedSession(payment.id)
    expect((await deliver(completed(sessionId))).status).toBe(200)
    const intent = stand.sessions.get(sessionId)!.payment_intent as string
    // Received 3,360 USD: 252 USD fee (7.5 %), the rest paid out to the expert by Stripe.
    expect(await balances(payment.id)).toEqual({
      [ACCOUNTS.payers]: -336_000n,
      [ACCOUNTS.fees]: 25_200n,
      [ACCOUNTS.payee(`expert:${profile.id}`)]: 0n,
      [ACCOUNTS.payouts]: 310_800n,
    })

    const admin = await makeUser({ platformRole: 'admin' })
    expect(await refundPayment(admin.id, payment.id, 'Contract cancelled before it began')).toEqual({ ok: true, changed: true, status: 'refunded' })
    const [refundRequest, ...more] = stand.posts('/v1/refunds').filter((r) => r.body.payment_intent === intent)
    expect(more).toHaveLength(0)
    expect(refundRequest).toMatchObject({ idempotencyKey: `refund:${payment.id}`, body: { payment_intent: intent, reverse_transfer: 'true', refund_application_fee: 'true' } })
    const refund = [...stand.refunds.values()].find((r) => r.payment_intent === intent)!
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunded', stripeRefundId: refund.id, refundReason: 'Contract cancelled before it began' })
    const zero = await balances(payment.id)
    expect(Object.values(zero).every((sum) => sum === 0n)).toBe(true)
    expect(Object.keys(zero).sort()).toEqual([ACCOUNTS.fees, ACCOUNTS.payers, ACCOUNTS.payouts, ACCOUNTS.payee(`expert:${profile.id}`)].sort())

    // Stripe then reports the refund: already recorded, nothing more happens.
    expect((await deliver(stripeEvent('charge.refunded', stand.chargeOf(intent)))).status).toBe(200)
    expect(await auditCount(payment.id, 'payment.refund')).toBe(1)
    expect(await journals(payment.id)).toBe(3)
    expect(accountId).toMatch(/^acct_/)
  })

  it('records a refund made in Stripe’s dashboard from charge.refunded', async () => {
    const { need, payment } = await sponsorship({ amount: 750_000 })
    const { sessionId } = await startedSession(payment.id)
    await deliver(completed(sessionId))
    const intent = stand.sessions.get(sessionId)!.payment_intent as string
    // Refunded by an operator at Stripe (not through the app).
    const partial = { ...stand.chargeOf(intent), refunded: false, amount_refunded: 100_000 }
    expect((await deliver(stripeEvent('charge.refunded', partial))).status).toBe(200)
    expect((await paymentRow(payment.id)).status).toBe('paid')
    const charge = { ...stand.chargeOf(intent), refunded: true, amount_refunded: 750_000, refunds: { object: 'list', data: [{ id: 're_test_dashboard', object: 'refund' }], has_more: false } }
    expect((await deliver(stripeEvent('charge.refunded', charge))).status).toBe(200)
    expect(await paymentRow(payment.id)).toMatchObject({ status: 'refunded', stripeRefundId: 're_test_dashboard' })
    expect(await balances(payment.id)).toEqual({ [ACCOUNTS.payers]: 0n, [ACCOUNTS.need(need.id)]: 0n })
  })
})

describe('reconciliation with Stripe (payments.reconcile)', () => {
  it('settles card payments pending for 30 minutes from their session at Stripe, and only those', async () => {
    const paidOld = await sponsorship()
    const lapsedOld = await sponsorship()
    const openOld = await sponsorship()
    const paidRecent = await sponsorship()
    const neverStarted = await sponsorship()
    const sessions = {
      paidOld: (await startedSession(paidOld.payment.id)).sessionId,
      lapsedOld: (await startedSession(lapsedOld.payment.id)).sessionId,
      openOld: (await startedSession(openOld.payment.id)).sessionId,
      paidRecent: (await startedSession(paidRecent.payment.id)).sessionId,
    }
    stand.completeSession(sessions.paidOld)
    stand.expireSession(sessions.lapsedOld)
    stand.completeSession(sessions.paidRecent)
    // No webhook came. Three were created 40 minutes ago; one never reached Stripe and its time ran out.
    const fortyMinutesAgo = new Date(Date.now() - 40 * 60_000)
    await prisma.payment.updateMany({ where: { id: { in: [paidOld.payment.id, lapsedOld.payment.id, openOld.payment.id] } }, data: { createdAt: fortyMinutesAgo } })
    await prisma.payment.update({ where: { id: neverStarted.payment.id }, data: { createdAt: fortyMinutesAgo, expiresAt: new Date(Date.now() - 60_000) } })

    const looked = stand.requests.length
    const result = await reconcileStripeCheckouts()
    const lookedUp = stand.requests.slice(looked).map((r) => `${r.method} ${r.path}`)
    expect(lookedUp).toContain(`GET /v1/checkout/sessions/${sessions.paidOld}`)
    expect(lookedUp).not.toContain(`GET /v1/checkout/sessions/${sessions.paidRecent}`)
    expect(result).toMatchObject({ confirmed: 1, cancelled: 2, errors: 0 })
    expect(await paymentRow(paidOld.payment.id)).toMatchObject({ status: 'paid', stripePaymentId: stand.sessions.get(sessions.paidOld)!.payment_intent })
    expect((await paymentRow(lapsedOld.payment.id)).status).toBe('cancelled')
    expect((await paymentRow(openOld.payment.id)).status).toBe('pending')
    expect((await paymentRow(paidRecent.payment.id)).status).toBe('pending')
    expect((await paymentRow(neverStarted.payment.id)).status).toBe('cancelled')

    // A second run and the late webhook change nothing more.
    expect(await reconcileStripeCheckouts()).toMatchObject({ confirmed: 0, cancelled: 0 })
    expect((await deliver(stripeEvent('checkout.session.completed', stand.sessionOf(sessions.paidOld)))).status).toBe(200)
    expect(await auditCount(paidOld.payment.id, 'payment.confirm')).toBe(1)
    expect(await journals(paidOld.payment.id)).toBe(1)
  })
})

describe('payouts to experts (/expert/payouts)', () => {
  it('onboards an expert where Stripe pays out: one Express account per expert, a link back to the page', async () => {
    const { expert, profile } = await expertAgreement('DE')
    const page = await run(() => payoutsRoute.loader(args(get('/expert/payouts', { cookie: expert.cookie }))))
    expect(page.status).toBe(200)
    expect(page.data).toMatchObject({ status: 'available', country: 'DE', countrySupported: true, stripeConfigured: true, feePercent: 7.5 })

    const first = await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: expert.cookie, form: { intent: 'onboard' } }))))
    expect(first.status).toBe(302)
    expect(first.headers.get('location')).toMatch(/^https:\/\/connect\.stripe\.com\/setup\/e\/acct_/)
    const created = stand.posts('/v1/accounts').filter((r) => (r.body.metadata as Record<string, string>).expertProfileId === profile.id)
    expect(created).toHaveLength(1)
    expect(created[0]).toMatchObject({ idempotencyKey: `connect-account:${profile.id}`, body: { type: 'express', country: 'DE', email: expert.email, capabilities: { transfers: { requested: 'true' } } } })
    const { stripeAccountId } = await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })
    const link = stand.posts('/v1/account_links').at(-1)!
    expect(link.body).toEqual({ account: stripeAccountId, type: 'account_onboarding', refresh_url: `${APP_URL()}/expert/payouts?stripe=refresh`, return_url: `${APP_URL()}/expert/payouts?stripe=return` })
    expect(await payoutPlanFor(profile.id)).toEqual({ mode: 'manual' })

    // Not finished yet: continuing reuses the account with a fresh link.
    const onboarding = await run(() => payoutsRoute.loader(args(get('/expert/payouts', { cookie: expert.cookie }))))
    expect(onboarding.data).toMatchObject({ status: 'onboarding' })
    const second = await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: expert.cookie, form: { intent: 'onboard' } }))))
    expect(second.status).toBe(302)
    expect(second.headers.get('location')).not.toBe(first.headers.get('location'))
    expect(stand.posts('/v1/accounts').filter((r) => (r.body.metadata as Record<string, string>).expertProfileId === profile.id)).toHaveLength(1)

    // Back from Stripe, done: the page reads the account at once.
    stand.setPayoutsEnabled(stripeAccountId!, true)
    const back = await run(() => payoutsRoute.loader(args(get('/expert/payouts?stripe=return', { cookie: expert.cookie }))))
    expect(back.data).toMatchObject({ status: 'ready' })
    expect(await payoutPlanFor(profile.id)).toEqual({ mode: 'stripe', accountId: stripeAccountId })
  })

  it('tells an expert where Stripe cannot pay out (Việt Nam) that the platform pays by bank transfer, and creates nothing at Stripe', async () => {
    const { expert, profile } = await expertAgreement('VN')
    const page = await run(() => payoutsRoute.loader(args(get('/expert/payouts', { cookie: expert.cookie }))))
    expect(page.data).toMatchObject({ status: 'manual', country: 'VN', countrySupported: false })
    const accountsBefore = stand.posts('/v1/accounts').length
    const refused = await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: expert.cookie, form: { intent: 'onboard' } }))))
    expect(refused.status).toBe(409)
    expect(errorsOf(refused)).toMatchObject({ '': ['payouts.errors.unsupportedCountry'] })
    expect(stand.posts('/v1/accounts').length).toBe(accountsBefore)
    expect(await payoutPlanFor(profile.id)).toEqual({ mode: 'manual' })
  })

  it('opens only to the expert themself: strangers sign in first, members without an expert profile get 404', async () => {
    const { officer, expert, profile } = await expertAgreement('DE')
    const anonymous = await run(() => payoutsRoute.loader(args(get('/expert/payouts'))))
    expect(anonymous.status).toBe(302)
    expect(anonymous.headers.get('location')).toBe('/login?redirectTo=%2Fexpert%2Fpayouts')
    expect((await run(() => payoutsRoute.action(args(post('/expert/payouts', { form: { intent: 'onboard' } }))))).status).toBe(302)
    // A college member (no expert profile) and an admin: 404, and nothing created at Stripe.
    const admin = await makeUser({ platformRole: 'admin' })
    const accountsBefore = stand.posts('/v1/accounts').length
    for (const cookie of [officer.cookie, await cookieFor(admin.id)]) {
      expect((await run(() => payoutsRoute.loader(args(get('/expert/payouts', { cookie }))))).status).toBe(404)
      expect((await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie, form: { intent: 'onboard' } }))))).status).toBe(404)
    }
    // Another expert's page and button act on their own profile only, whatever the form says.
    const other = await expertAgreement('FR')
    const theirs = await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: other.expert.cookie, form: { intent: 'onboard', expertProfileId: profile.id } }))))
    expect(theirs.status).toBe(302)
    expect(stand.posts('/v1/accounts').length).toBe(accountsBefore + 1)
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: profile.id } })).stripeAccountId).toBeNull()
    expect((await prisma.expertProfile.findUniqueOrThrow({ where: { id: other.profile.id } })).stripeAccountId).toMatch(/^acct_/)
    const page = await run(() => payoutsRoute.loader(args(get('/expert/payouts', { cookie: expert.cookie }))))
    expect(page.data).toMatchObject({ name: profile.name, country: 'DE', status: 'available' })
    // A form that is not the page's is answered next to the form, not with a 500.
    expect((await run(() => payoutsRoute.action(args(post('/expert/payouts', { cookie: expert.cookie, form: { intent: 'delete' } }))))).status).toBe(400)
  })
  it('renders for the expert over HTTP, linked from their dashboard, and its button leads to Stripe', async () => {
    const app = await startTestApp()
    try {
      const { expert } = await expertAgreement('DE')
      const headers = { Cookie: expert.cookie }
      const dashboard = await (await fetch(`${app.url}/dashboard`, { headers })).text()
      expect(dashboard).toContain('href="/expert/payouts"')
      const page = await fetch(`${app.url}/expert/payouts`, { headers })
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('Tạo tài khoản Stripe')
      expect(html).toContain('data-payout-status="available"')
      expect(page.headers.get('content-security-policy')).toContain('form-action \'self\' https://checkout.stripe.com https://connect.stripe.com')
      const form = new URLSearchParams({ intent: 'onboard' })
      const submitted = await fetch(`${app.url}/expert/payouts`, { method: 'POST', headers: { ...headers, Origin: app.url }, body: form, redirect: 'manual' })
      expect(submitted.status).toBe(302)
      expect(submitted.headers.get('location')).toMatch(/^https:\/\/connect\.stripe\.com\//)
    } finally {
      await app.stop()
    }
  })
})

describe('without Stripe keys', () => {
  it('offers no card payment, starts none, and pays every expert by bank transfer', async () => {
    expect(availableMethods()).toContain('stripe_checkout')
    const { payment } = await sponsorship()
    const expert = await makeExpert()
    const saved = { key: process.env.STRIPE_SECRET_KEY, secret: process.env.STRIPE_WEBHOOK_SECRET }
    delete process.env.STRIPE_SECRET_KEY
    delete process.env.STRIPE_WEBHOOK_SECRET
    vi.resetModules()
    try {
      // A fresh module graph reads the environment as an app started without keys would.
      await import('~/modules/payments/providers.server')
      const payments = await import('~/modules/payments/payments.server')
      const stripe = await import('~/modules/payments/stripe.server')
      const payouts = await import('~/modules/payments/payouts.server')
      expect(payments.isPaymentsConfigured()).toBe(false)
      expect(payments.availableMethods()).not.toContain('stripe_checkout')
      expect(stripe.stripeClient()).toBeNull()
      const requestsBefore = stand.requests.length
      expect(await stripe.startCheckout(payment.id)).toEqual({ ok: false, reason: 'not-configured' })
      expect(await payouts.payoutsPage(expert.id)).toMatchObject({ status: 'manual', stripeConfigured: false })
      expect(await payouts.startPayoutOnboarding(expert.id, { id: 'u', email: 'x@example.vn' })).toEqual({ ok: false, error: 'not-configured' })
      expect(stand.requests.length).toBe(requestsBefore)
      expect((await paymentRow(payment.id)).status).toBe('pending')
      // A webhook cannot be verified without its secret: refused, nothing stored.
      const webhook = await import('~/modules/payments/stripe-webhook.server')
      const event = stripeEvent('account.updated', { id: 'acct_x', object: 'account', payouts_enabled: true })
      const signed = signedWebhook(event, WEBHOOK_SECRET)
      const response = await webhook.handleStripeWebhook(new Request(`${BASE}/api/webhooks/stripe`, { method: 'POST', headers: signed.headers, body: signed.body }))
      expect(response.status).toBe(503)
      expect(await prisma.stripeEvent.count({ where: { id: event.id as string } })).toBe(0)
    } finally {
      process.env.STRIPE_SECRET_KEY = saved.key
      process.env.STRIPE_WEBHOOK_SECRET = saved.secret
      vi.resetModules()
    }
  })
})
