import { afterAll, describe, expect, it, vi } from 'vitest'
import { loadUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { fundingOf } from '~/modules/payments/funding.server'
import { ACCOUNTS, changePayment, createPayment } from '~/modules/payments/payments.server'
import { startCheckout } from '~/modules/payments/stripe.server'
import { refundUnfundedCardContributions } from '~/modules/payments/unfunded.server'
import { uploadStatement } from '~/modules/payments/statements.server'
import { createProposal, decideProposal } from '~/modules/proposals/proposals.server'
import { signAgreement } from '~/modules/proposals/agreements.server'
import * as adminPaymentsRoute from '~/routes/admin.payments'
import * as payRoute from '~/routes/agreements.$id.pay'
import * as agreementRoute from '~/routes/agreements.$id._index'
import * as contributionsRoute from '~/routes/needs.$key.contributions'
import * as webhookRoute from '~/routes/api.webhooks.stripe'
import * as sponsorRoute from '~/routes/needs.$key.sponsor'
import * as paymentRoute from '~/routes/payments.$id'
import { cookieFor, join, makeExpert, makeNeed, makeOffer, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, BASE, get, post, run } from '../support/routes'
import { signedWebhook, stripeEvent } from '../support/stripe-server'

// The payers' journeys through the routes, against the real rails: a business sponsors a
// need by bank transfer (the VietQR instruction, an admin's statement, the receipt and the
// progress), and a college pays an expert contract by card (Checkout at the local Stripe
// stand-in, a signed webhook, the fee and the expert's part on the agreement).

const WEBHOOK_SECRET = 'whsec_test_payment_flows'
const stand = await vi.hoisted(async () => {
  const { startStripeStandIn } = await import('../support/stripe-server')
  const server = await startStripeStandIn({ secretKey: 'sk_test_payment_flows' })
  process.env.STRIPE_SECRET_KEY = server.secretKey
  process.env.STRIPE_WEBHOOK_SECRET = 'whsec_test_payment_flows'
  process.env.STRIPE_API_BASE = server.url
  process.env.PLATFORM_FEE_PERCENT = '8'
  return server
})
afterAll(() => stand.close())

async function member(orgId: string, name: string) {
  const user = await makeUser({ name })
  await join(user.id, orgId)
  return { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
}

describe('sponsoring a need by bank transfer', () => {
  it('shows the VietQR instruction to the payer only, is reconciled from the statement, and moves the progress', async () => {
    const { college, business } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { kind: 'equipment' })
    await prisma.need.update({ where: { id: need.id }, data: { fundingGoal: 30_000_000n, fundingCurrency: 'VND' } })
    const csr = await member(business.id, 'CSR')
    const sponsored = await run(() => sponsorRoute.action(args(post(`/needs/${need.key}/sponsor`, { cookie: csr.cookie, form: { amount: '12.000.000', currency: 'VND', method: 'bank_transfer' } }), { key: need.key })))
    const location = sponsored.headers.get('location') ?? ''
    expect(location).toMatch(/^\/payments\/[^/]+$/)
    const id = location.split('/').pop()!

    const page = await run(() => paymentRoute.loader(args(get(location, { cookie: csr.cookie }), { id })))
    const view = page.data as { payment: { status: string; reference: string; amount: number }; instruction: { amount: number; reference: string; qrSvg: string; qrPayload: string } }
    expect(view.payment).toMatchObject({ status: 'pending', amount: 12_000_000 })
    expect(view.instruction).toMatchObject({ amount: 12_000_000, reference: view.payment.reference })
    expect(view.instruction.qrSvg).toMatch(/^<svg/)
    expect(view.instruction.qrPayload).toContain(view.payment.reference)
    // Another business's member, and the college, do not see it.
    const { business: other } = await makeOrgs('verified')
    const stranger = await member(other.id, 'Stranger')
    expect((await run(() => paymentRoute.loader(args(get(location, { cookie: stranger.cookie }), { id })))).status).toBe(404)

    // The admin uploads the bank's statement: the transfer is matched by its reference.
    const admin = await makeUser({ platformRole: 'admin', name: 'Quản trị' })
    const csv = `Ngày giao dịch,Số tiền ghi có,Nội dung\n02/03/2027,12.000.000,CT TU ${business.name.toUpperCase().slice(0, 10)} ${view.payment.reference} TAI TRO\n`
    const upload = await uploadStatement(admin.id, 'sao-ke.csv', csv)
    expect(upload).toMatchObject({ ok: true })
    expect((await prisma.payment.findUniqueOrThrow({ where: { id } })).status).toBe('paid')
    expect(await prisma.email.count({ where: { to: csr.email, template: 'payment-receipt' } })).toBe(1)
    const needPage = (await import('~/routes/$listings.$key._index')).loader
    const shown = await run(() => needPage(args(get(`/needs/${need.key}`), { listings: 'needs', key: need.key })))
    expect((shown.data as { funding: { raised: number; percent: number; sponsors: { orgKey: string }[] } }).funding).toMatchObject({ raised: 12_000_000, percent: 40, sponsors: [{ orgKey: business.key }] })
    expect(await prisma.ledgerEntry.groupBy({ by: ['account'], where: { paymentId: id }, _sum: { amount: true } })).toEqual(
      expect.arrayContaining([{ account: ACCOUNTS.need(need.id), _sum: { amount: 12_000_000n } }]),
    )
  })
})

describe('paying an expert contract by card', () => {
  it('shows the fee first, goes to Checkout, and a signed webhook marks it paid for both sides', async () => {
    const { college } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { kind: 'expert', startDate: '2030-04-01', endDate: '2030-04-30' })
    const officer = await member(college.id, 'Cán bộ')
    const expert = await makeExpert()
    const user = await makeUser({ name: 'Dr. Weber' })
    await prisma.expertProfile.update({ where: { id: expert.id }, data: { userId: user.id, stripeAccountId: 'acct_weber', stripePayoutsEnabled: true } })
    const service = await makeOffer('', { org: null, expert: expert.key })
    const applicant = { ...(await loadUser(user.id))!, cookie: await cookieFor(user.id) }
    const sent = await createProposal(applicant, { needKey: need.key, offerKey: service.key, rate: '400', rateCurrency: 'USD', ratePer: 'day', startDate: '2030-04-08', endDate: '2030-04-12' })
    if (!sent.ok) throw new Error(sent.error)
    await decideProposal(officer, sent.id, 'accept')
    const agreement = await prisma.agreement.findUniqueOrThrow({ where: { proposalId: sent.id } })
    const details = { ...(agreement.details as object), workPermit: 'exempt' }
    await prisma.agreement.update({ where: { id: agreement.id }, data: { details } })
    const read = (await run(() => agreementRoute.loader(args(get(`/agreements/${agreement.id}`, { cookie: officer.cookie }), { id: agreement.id })))).data as { agreement: { version: string } }
    await signAgreement(officer, agreement.id, read.agreement.version)
    await signAgreement(applicant, agreement.id, read.agreement.version)

    // 5 working days at US$400: US$2,000; 8% fee US$160; the expert gets US$1,840 through Stripe.
    const page = await run(() => payRoute.loader(args(get(`/agreements/${agreement.id}/pay`, { cookie: officer.cookie }), { id: agreement.id })))
    expect(page.data).toMatchObject({ amount: 200_000, currency: 'USD', fee: 16_000, payee: 184_000, plan: 'stripe', refusal: null })
    // Only the college pays.
    expect((await run(() => payRoute.loader(args(get(`/agreements/${agreement.id}/pay`, { cookie: applicant.cookie }), { id: agreement.id })))).status).toBe(404)

    const paid = await run(() => payRoute.action(args(post(`/agreements/${agreement.id}/pay`, { cookie: officer.cookie, form: { method: 'stripe_checkout' } }), { id: agreement.id })))
    const checkout = paid.headers.get('location') ?? ''
    const payment = await prisma.payment.findFirstOrThrow({ where: { agreementId: agreement.id } })
    expect(checkout).toBe(payment.checkoutUrl)
    const created = stand.requests.find((r) => r.path === '/v1/checkout/sessions' && r.method === 'POST' && JSON.stringify(r.body).includes(payment.id))
    expect(created?.body).toMatchObject({ payment_intent_data: { application_fee_amount: '16000', transfer_data: { destination: 'acct_weber' } } })
    // A second payment is refused while this one is under way.
    expect((await run(() => payRoute.action(args(post(`/agreements/${agreement.id}/pay`, { cookie: officer.cookie, form: { method: 'stripe_checkout' } }), { id: agreement.id })))).status).toBe(409)

    const event = stripeEvent('checkout.session.completed', {
      id: payment.stripeSessionId,
      object: 'checkout.session',
      payment_status: 'paid',
      status: 'complete',
      amount_total: 200_000,
      currency: 'usd',
      payment_intent: 'pi_weber',
      client_reference_id: payment.id,
      metadata: { paymentId: payment.id, reference: payment.reference },
    })
    const { body, headers } = signedWebhook(event, WEBHOOK_SECRET)
    const hook = await run(() => webhookRoute.action(args(new Request(`${BASE}/api/webhooks/stripe`, { method: 'POST', body, headers }))))
    expect(hook.status).toBe(200)
    for (const viewer of [officer, applicant]) {
      const shown = await run(() => agreementRoute.loader(args(get(`/agreements/${agreement.id}`, { cookie: viewer.cookie }), { id: agreement.id })))
      expect((shown.data as { payment: unknown }).payment).toMatchObject({ status: 'paid', amount: 200_000, fee: 16_000, payoutMode: 'stripe', payoutPaid: true })
    }
  })
})

describe('a need that expires before its goal is met', () => {
  it('refunds card contributions whose sponsors asked for it, and lists bank ones for the admins', async () => {
    const { college, business } = await makeOrgs('verified')
    const need = await makeNeed(college.key, { kind: 'equipment' })
    await prisma.need.update({ where: { id: need.id }, data: { fundingGoal: 50_000_000n, fundingCurrency: 'VND' } })
    const csr = await member(business.id, 'CSR')
    const contribution = async (method: 'stripe_checkout' | 'bank_transfer', ifUnfunded: 'refund' | 'reassign', amount: number) => {
      const payment = await prisma.$transaction((tx) =>
        createPayment(tx, { purpose: 'sponsorship', method, amount, currency: 'VND', needId: need.id, payerOrgId: business.id, payerUserId: csr.id, creditAmount: amount, creditCurrency: 'VND', ifUnfunded }),
      )
      let intent: string | undefined
      if (method === 'stripe_checkout') {
        const started = await startCheckout(payment.id)
        if (!started.ok) throw new Error(started.reason)
        intent = stand.completeSession(started.sessionId).payment_intent as string
      }
      await changePayment(payment.id, 'confirm', { providerPaymentId: intent })
      return payment.id
    }
    const card = await contribution('stripe_checkout', 'refund', 10_000_000)
    const cardMovable = await contribution('stripe_checkout', 'reassign', 5_000_000)
    const bank = await contribution('bank_transfer', 'refund', 8_000_000)

    // Still open: nothing happens.
    expect(await refundUnfundedCardContributions()).toBe(0)
    await prisma.need.update({ where: { id: need.id }, data: { status: 'expired' } })
    expect(await refundUnfundedCardContributions()).toBe(1)
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: card } })).status).toBe('refunded')
    expect(stand.posts('/v1/refunds').filter((r) => JSON.stringify(r.body).includes('pi_'))).toHaveLength(1)
    // The sponsor who consented to a move keeps the money on the college's side; the bank transfer waits for an admin.
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: cardMovable } })).status).toBe('paid')
    expect((await prisma.payment.findUniqueOrThrow({ where: { id: bank } })).status).toBe('paid')
    const admin = await makeUser({ platformRole: 'admin', name: 'Quản trị' })
    const adminCookie = await cookieFor(admin.id)
    const page = await run(() => adminPaymentsRoute.loader(args(get('/admin/payments', { cookie: adminCookie }))))
    const paid = (page.data as { paid: { id: string; refundDue: boolean }[] }).paid
    expect(paid.find((p) => p.id === bank)).toMatchObject({ refundDue: true })
    expect(paid.find((p) => p.id === cardMovable)).toMatchObject({ refundDue: false })
    // A second run refunds nothing twice.
    expect(await refundUnfundedCardContributions()).toBe(0)

    // The college moves the consented contribution to another of its needs still seeking money.
    const officer = await member(college.id, 'Cán bộ')
    const small = await makeNeed(college.key, { kind: 'equipment' })
    await prisma.need.update({ where: { id: small.id }, data: { fundingGoal: 3_000_000n, fundingCurrency: 'VND' } })
    const other = await makeNeed(college.key, { kind: 'equipment' })
    await prisma.need.update({ where: { id: other.id }, data: { fundingGoal: 40_000_000n, fundingCurrency: 'VND' } })
    const move = (cookie: string, target: string, paymentId = cardMovable) =>
      run(() => contributionsRoute.action(args(post(`/needs/${need.key}/contributions`, { cookie, form: { paymentId, target } }), { key: need.key })))
    const listed = await run(() => contributionsRoute.loader(args(get(`/needs/${need.key}/contributions`, { cookie: officer.cookie }), { key: need.key })))
    expect(listed.data).toMatchObject({ contributions: [{ id: cardMovable, amount: 5_000_000 }] })
    expect((listed.data as { targets: { key: string }[] }).targets.map((t) => t.key).sort()).toEqual([small.key, other.key].sort())
    // Not the sponsor's consent (a refund was asked), more than the target needs, or not the college: refused.
    expect(await move(officer.cookie, other.key, bank)).toMatchObject({ status: 409, data: { refusal: 'not-movable' } })
    expect(await move(officer.cookie, small.key)).toMatchObject({ status: 409, data: { refusal: 'over-remaining' } })
    expect((await move(csr.cookie, other.key)).status).toBe(404)
    const moved = await move(officer.cookie, other.key)
    expect(moved.headers.get('location')).toBe(`/needs/${need.key}/contributions?moved=1`)
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: cardMovable } })).toMatchObject({ needId: other.id, status: 'paid', creditAmount: 5_000_000n })
    const needBalance = async (id: string) => (await prisma.ledgerEntry.aggregate({ where: { account: ACCOUNTS.need(id) }, _sum: { amount: true } }))._sum.amount ?? 0n
    expect(await needBalance(other.id)).toBe(5_000_000n)
    // The expired need keeps only the bank transfer awaiting its refund.
    expect(await needBalance(need.id)).toBe(8_000_000n)
    expect((await fundingOf(prisma, other.id))!.raised).toBe(5_000_000)

    // The admins' ledger totals: what came in is what is held, owed, earned and paid out.
    const after = await run(() => adminPaymentsRoute.loader(args(get('/admin/payments', { cookie: adminCookie }))))
    const ledger = (after.data as { ledger: { currency: string; totals: { received: number; heldForNeeds: number; owedToPayees: number; fees: number; paidOut: number } }[] }).ledger
    const vnd = ledger.find((row) => row.currency === 'VND')!.totals
    expect(vnd.received).toBe(vnd.heldForNeeds + vnd.owedToPayees + vnd.fees + vnd.paidOut)
    const held = await prisma.ledgerEntry.aggregate({ where: { account: { startsWith: 'need:' }, currency: 'VND' }, _sum: { amount: true } })
    expect(BigInt(vnd.heldForNeeds)).toBe(held._sum.amount)
  })
})
