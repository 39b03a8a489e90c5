import { describe, expect, it } from 'vitest'
import { prisma } from '~/modules/db/db.server'
import { recordJournal, UnbalancedJournal } from '~/modules/payments/ledger.server'
import { ACCOUNTS, changePayment, createPayment } from '~/modules/payments/payments.server'
import { makeNeed, makeOrgs, makeUser } from '../support/moderation-fixtures'

// The payments core against a real database: a payment's lifecycle (a replayed confirmation
// changes nothing), the double-entry ledger it writes (balanced, append-only) and a refund
// that brings every account of the payment back to zero.

async function sponsorship(amount = 5_000_000) {
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'equipment' })
  const payer = await makeUser({ name: 'CSR' })
  const payment = await prisma.$transaction((tx) =>
    createPayment(tx, { purpose: 'sponsorship', method: 'bank_transfer', amount, currency: 'VND', needId: need.id, payerOrgId: business.id, payerUserId: payer.id }),
  )
  return { need, payment, payer }
}

const balances = async (paymentId: string) =>
  Object.fromEntries((await prisma.ledgerEntry.groupBy({ by: ['account'], where: { paymentId }, _sum: { amount: true } })).map((r) => [r.account, r._sum.amount]))

describe('the payments core', () => {
  it('gives each payment a unique transfer reference of unambiguous characters', async () => {
    const { payment } = await sponsorship()
    expect(payment.reference).toMatch(/^CN[A-HJ-NP-Z2-9]{8}$/)
    expect(payment).toMatchObject({ status: 'pending', purpose: 'sponsorship', platformFee: 0n })
  })

  it('confirms once however often it is reported, and journals the money to the need', async () => {
    const { need, payment } = await sponsorship()
    const first = await changePayment(payment.id, 'confirm', { at: new Date('2027-03-01T03:00:00Z') })
    expect(first).toEqual({ ok: true, changed: true, status: 'paid' })
    for (let i = 0; i < 5; i++) expect(await changePayment(payment.id, 'confirm')).toEqual({ ok: true, changed: false, status: 'paid' })
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: 'paid', paidAt: new Date('2027-03-01T03:00:00Z') })
    expect(await balances(payment.id)).toEqual({ [ACCOUNTS.payers]: -5_000_000n, [ACCOUNTS.need(need.id)]: 5_000_000n })
    expect(await prisma.auditLog.count({ where: { entityId: payment.id, action: 'payment.confirm' } })).toBe(1)
    // Paid money cannot be "cancelled" by a late expiry.
    expect(await changePayment(payment.id, 'cancel')).toEqual({ ok: false, reason: 'not-allowed' })
  })

  it('refunds by journaling the reverse, leaving every account of the payment at zero', async () => {
    const { need, payment } = await sponsorship(1_250_000)
    await changePayment(payment.id, 'confirm')
    expect(await changePayment(payment.id, 'refund', { reason: 'Need withdrawn' })).toEqual({ ok: true, changed: true, status: 'refunded' })
    expect(await balances(payment.id)).toEqual({ [ACCOUNTS.payers]: 0n, [ACCOUNTS.need(need.id)]: 0n })
    expect(await prisma.ledgerEntry.count({ where: { paymentId: payment.id } })).toBe(4)
    // The whole ledger balances per currency.
    const totals = await prisma.ledgerEntry.groupBy({ by: ['currency'], _sum: { amount: true } })
    for (const total of totals) expect(total._sum.amount).toBe(0n)
  })

  it('refuses an unbalanced journal, and any edit or deletion of the ledger', async () => {
    const { payment } = await sponsorship()
    await expect(prisma.$transaction((tx) => recordJournal(tx, payment.id, [{ account: 'a', amount: 10n, currency: 'VND' }, { account: 'b', amount: -9n, currency: 'VND' }]))).rejects.toBeInstanceOf(
      UnbalancedJournal,
    )
    await changePayment(payment.id, 'confirm')
    const entry = await prisma.ledgerEntry.findFirstOrThrow({ where: { paymentId: payment.id } })
    await expect(prisma.ledgerEntry.update({ where: { id: entry.id }, data: { amount: 1n } })).rejects.toThrow(/append-only/)
    await expect(prisma.ledgerEntry.delete({ where: { id: entry.id } })).rejects.toThrow(/append-only/)
  })
})
