import { describe, expect, it } from 'vitest'
import { loadUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { forgetRates } from '~/modules/money/exchange-rates.server'
import { convertMinor, fundingOf } from '~/modules/payments/funding.server'
import { changePayment, createPayment } from '~/modules/payments/payments.server'
import * as sponsorRoute from '~/routes/needs.$key.sponsor'
import { cookieFor, join, makeNeed, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, errorsOf, get, post, run } from '../support/routes'

// Sponsorship funding against a real database: progress in the goal's currency (other
// currencies converted at the admins' rates), pending contributions reserving their part,
// each contribution at most what is left, who may sponsor, and the receipt on payment.

async function fundedNeed(goal = 20_000_000) {
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'equipment' })
  await prisma.need.update({ where: { id: need.id }, data: { fundingGoal: BigInt(goal), fundingCurrency: 'VND' } })
  const csr = await makeUser({ name: 'CSR', locale: 'en' })
  await join(csr.id, business.id)
  const officer = await makeUser({ name: 'Cán bộ' })
  await join(officer.id, college.id)
  return { college, business, need, csr: { ...(await loadUser(csr.id))!, cookie: await cookieFor(csr.id) }, officerCookie: await cookieFor(officer.id) }
}

async function contribute(needId: string, payerOrgId: string, payerUserId: string, amount: number, currency = 'VND', credit = amount) {
  return prisma.$transaction((tx) =>
    createPayment(tx, { purpose: 'sponsorship', method: 'bank_transfer', amount, currency, needId, payerOrgId, payerUserId, creditAmount: credit, creditCurrency: 'VND' }),
  )
}

describe('sponsorship funding', () => {
  it('converts at the admins’ rates, in minor units', async () => {
    await prisma.exchangeRate.upsert({ where: { base_quote: { base: 'USD', quote: 'VND' } }, create: { base: 'USD', quote: 'VND', rate: 25_000 }, update: { rate: 25_000 } })
    forgetRates()
    // US$12.34 at 25,000 ₫ → 308,500 ₫; 1,000,000 ₫ → US$40.00.
    expect(await convertMinor(1_234, 'USD', 'VND')).toBe(308_500)
    expect(await convertMinor(1_000_000, 'VND', 'USD')).toBe(4_000)
  })

  it('shows paid contributions as progress, pending ones as reserved, and credits the sponsors', async () => {
    const { need, business, csr } = await fundedNeed(20_000_000)
    const paid = await contribute(need.id, business.id, csr.id, 5_000_000)
    await changePayment(paid.id, 'confirm')
    const usd = await contribute(need.id, business.id, csr.id, 20_000, 'USD', 5_260_000)
    await changePayment(usd.id, 'confirm')
    await contribute(need.id, business.id, csr.id, 3_000_000)
    // A lapsed instruction reserves nothing.
    const lapsed = await contribute(need.id, business.id, csr.id, 4_000_000)
    await prisma.payment.update({ where: { id: lapsed.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    const funding = await fundingOf(prisma, need.id)
    expect(funding).toMatchObject({ goal: { amount: 20_000_000, currency: 'VND' }, raised: 10_260_000, pending: 3_000_000, remaining: 6_740_000, percent: 51 })
    expect(funding!.sponsors).toEqual([
      expect.objectContaining({ orgKey: business.key, amount: 5_000_000, currency: 'VND', credit: 5_000_000 }),
      expect.objectContaining({ orgKey: business.key, amount: 20_000, currency: 'USD', credit: 5_260_000 }),
    ])
  })

  it('mails the payer a receipt in their language when paid, with both currencies', async () => {
    const { need, business, csr } = await fundedNeed()
    const usd = await contribute(need.id, business.id, csr.id, 20_000, 'USD', 5_260_000)
    await changePayment(usd.id, 'confirm')
    await changePayment(usd.id, 'confirm')
    const receipts = await prisma.email.findMany({ where: { to: csr.email, template: 'payment-receipt' } })
    expect(receipts).toHaveLength(1)
    expect(receipts[0]).toMatchObject({ locale: 'en', subject: `Receipt for payment ${usd.reference} on Cầu Nối` })
    expect(receipts[0]!.text).toContain('US$200.00')
    expect(receipts[0]!.text).toContain('₫5,260,000')
  })

  it('refuses what is not allowed next to the field, before any money moves', async () => {
    const { need, csr, officerCookie } = await fundedNeed(10_000_000)
    const submit = (form: Record<string, string>, cookie = csr.cookie) => run(() => sponsorRoute.action(args(post(`/needs/${need.key}/sponsor`, { cookie, form }), { key: need.key })))
    // Anonymous visitors sign in first; a need without a goal has nothing to sponsor.
    expect((await run(() => sponsorRoute.loader(args(get(`/needs/${need.key}/sponsor`), { key: need.key })))).headers.get('location')).toMatch(/^\/login\?redirectTo=/)
    const { college } = await makeOrgs('verified')
    const plain = await makeNeed(college.key)
    expect((await run(() => sponsorRoute.loader(args(get(`/needs/${plain.key}/sponsor`, { cookie: csr.cookie }), { key: plain.key })))).status).toBe(404)
    // Bank transfers are VND only.
    expect(errorsOf(await submit({ amount: '100', currency: 'USD', method: 'bank_transfer' }))).toMatchObject({ method: ['payments.validation.bankTransferVnd'] })
    // More than is left.
    const over = await submit({ amount: '10.000.001', currency: 'VND', method: 'bank_transfer' })
    expect(over.status).toBe(409)
    expect(errorsOf(over)).toMatchObject({ amount: ['payments.errors.overRemaining'] })
    // A college member is not a sponsor.
    expect((await submit({ amount: '1.000.000', currency: 'VND', method: 'bank_transfer' }, officerCookie)).status).toBe(403)
    expect(await prisma.payment.count({ where: { needId: need.id } })).toBe(0)
  })
})
