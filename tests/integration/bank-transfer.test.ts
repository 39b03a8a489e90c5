import { QRPay } from 'vietnam-qr-pay'
import { beforeAll, describe, expect, it } from 'vitest'
import { vi as viStrings } from '~/locales/vi'
import { en as enStrings } from '~/locales/en'
import { prisma } from '~/modules/db/db.server'
import { defineSchedules } from '~/modules/composition/schedules.server'
import { recordDueSlots } from '~/modules/outbox/schedule.server'
import { MAX_STATEMENT_BYTES } from '~/modules/payments/admin-schemas'
import { bankInstruction, methodsFor, startBankTransfer } from '~/modules/payments/bank-transfer.server'
import { expireUnpaidPayments } from '~/modules/payments/expiry.server'
import { ACCOUNTS, changePayment, createPayment, newReference, type NewPayment } from '~/modules/payments/payments.server'
import '~/modules/payments/providers.server'
import { getEnv } from '~/modules/runtime/env.server'
import * as paymentsRoute from '~/routes/admin.payments'
import { cookieFor, join, makeNeed, makeOrgs, makeUser } from '../support/moderation-fixtures'
import { args, errorsOf, expectRedirect, get, locationOf, post, run, type Form } from '../support/routes'

// The bank-transfer rail against a real database: the payer's instruction and its VietQR
// code, the admin's statement upload (each line matched, or held as wrong amount, unknown
// reference or duplicate, with the ledger balanced afterwards), malformed files refused
// with nothing stored, money marked received by hand, lines assigned or ignored, a refund
// recorded by hand, a manual payout, the expiry of unpaid instructions, and the page closed
// to everyone but admins.

let admin: { id: string; cookie: string }

beforeAll(async () => {
  const user = await makeUser({ name: 'Quản Trị Viên', platformRole: 'admin' })
  admin = { id: user.id, cookie: await cookieFor(user.id) }
})

async function bankTransfer(amount: number, overrides: Partial<NewPayment> = {}) {
  const { college, business } = await makeOrgs('verified')
  const need = await makeNeed(college.key, { kind: 'equipment' })
  const payer = await makeUser({ name: 'CSR' })
  const payment = await prisma.$transaction((tx) =>
    createPayment(tx, { purpose: 'sponsorship', method: 'bank_transfer', amount, currency: 'VND', needId: need.id, payerOrgId: business.id, payerUserId: payer.id, ...overrides }),
  )
  return { need, payment, business }
}

/** A form posted by the admin, or by whoever `cookie` signs in (null: nobody). */
const send = (form: Form, cookie: string | null = admin.cookie) => run(() => paymentsRoute.action(args(post('/admin/payments', { cookie: cookie ?? undefined, form }))))
const csvFile = (csv: string, name = 'sao-ke.csv') => new File([csv], name, { type: 'text/csv' })
const upload = (csv: string, name?: string) => send({ intent: 'upload', statement: csvFile(csv, name) })
const loadPage = async (query = '', cookie = admin.cookie) => {
  const outcome = await run(() => paymentsRoute.loader(args(get(`/admin/payments${query}`, { cookie }))))
  expect(outcome.status).toBe(200)
  return outcome.data as Awaited<ReturnType<typeof paymentsRoute.loader>>
}
const statementIdOf = (location: string | null) => new URL(location ?? '', 'http://x').searchParams.get('statement')!

/** A statement in Vietnamese, as Vietcombank exports it: account details, then the entries. */
function statement(rows: [date: string, credit: string, description: string][], debit?: [string, string, string]) {
  return [
    'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM,,,,',
    'Số tài khoản:,0011004321999,,,',
    'Ngày giao dịch,Số tiền ghi nợ,Số tiền ghi có,Số dư,Nội dung',
    ...rows.map(([date, credit, description]) => `${date},,"${credit}",,"${description}"`),
    ...(debit ? [`${debit[0]},"${debit[1]}",,,"${debit[2]}"`] : []),
  ].join('\n')
}

const status = async (id: string) => (await prisma.payment.findUniqueOrThrow({ where: { id } })).status
const balance = async (account: string) => (await prisma.ledgerEntry.aggregate({ where: { account }, _sum: { amount: true } }))._sum.amount ?? 0n
async function expectLedgerBalanced() {
  const totals = await prisma.ledgerEntry.groupBy({ by: ['currency'], _sum: { amount: true } })
  for (const total of totals) expect(total._sum.amount, `ledger in ${total.currency}`).toBe(0n)
}
const linesOf = (statementId: string) => prisma.bankStatementLine.findMany({ where: { statementId }, orderBy: { lineNo: 'asc' } })

describe("the payer's instruction", () => {
  it('opens for BANK_TRANSFER_DAYS and shows a VietQR code of the platform account, the amount and the reference', async () => {
    const { payment } = await bankTransfer(3_250_000)
    const before = Date.now()
    const instruction = await startBankTransfer(payment.id)
    const env = getEnv()
    expect(instruction).toMatchObject({
      bankName: 'Vietcombank',
      bankBin: env.PLATFORM_BANK_BIN,
      account: env.PLATFORM_BANK_ACCOUNT,
      accountName: env.PLATFORM_BANK_ACCOUNT_NAME,
      amount: 3_250_000,
      currency: 'VND',
      reference: payment.reference,
    })
    const days = (instruction!.expiresAt!.getTime() - before) / 86_400_000
    expect(days).toBeGreaterThan(env.BANK_TRANSFER_DAYS - 0.01)
    expect(days).toBeLessThan(env.BANK_TRANSFER_DAYS + 0.01)
    const decoded = new QRPay(instruction!.qrPayload)
    expect([decoded.isValid, decoded.consumer.bankBin, decoded.consumer.bankNumber, decoded.amount, decoded.additionalData.purpose]).toEqual([
      true,
      env.PLATFORM_BANK_BIN,
      env.PLATFORM_BANK_ACCOUNT,
      '3250000',
      payment.reference,
    ])
    expect(instruction!.qrSvg).toMatch(/^<svg /)
    // Opening it again keeps its date.
    expect((await startBankTransfer(payment.id))!.expiresAt).toEqual(instruction!.expiresAt)
  })

  it('is offered for VND only, and only for bank transfers', async () => {
    expect(methodsFor('VND')).toContain('bank_transfer')
    expect(methodsFor('USD')).not.toContain('bank_transfer')
    expect(methodsFor('EUR')).not.toContain('bank_transfer')
    const { payment } = await bankTransfer(100_000, { method: 'stripe_checkout' })
    expect(await bankInstruction(payment.id)).toBeNull()
    expect(await startBankTransfer(payment.id)).toBeNull()
  })
})

describe('statement reconciliation', () => {
  it('matches a line, and holds wrong amounts, unknown references and a second line of a paid payment; the ledger balances', async () => {
    const exact = await bankTransfer(1_500_000)
    const short = await bankTransfer(2_000_000)
    const unknown = newReference()
    const spaced = `${exact.payment.reference.slice(0, 2).toLowerCase()} ${exact.payment.reference.slice(2, 6)}-${exact.payment.reference.slice(6)}`
    const csv = statement(
      [
        ['05/03/2027', '1.500.000', `MBVCB.1234.${spaced}.CT tu CONG TY A`],
        ['05/03/2027', '2.100.000', `IBFT ${short.payment.reference} tai tro`],
        ['06/03/2027', '700.000', `Chuyen tien ${unknown}`],
        ['06/03/2027', '1,500,000', `${exact.payment.reference} chuyen lan 2`],
        ['07/03/2027', '300.000', 'Lai tien gui'],
      ],
      ['07/03/2027', '11.000', 'Phi SMS'],
    )
    const outcome = await upload(csv, 'vcb-0327.csv')
    expect(outcome.status).toBe(302)
    expect(locationOf(outcome)).toMatch(/^\/admin\/payments\?statement=/)
    const statementId = statementIdOf(locationOf(outcome))

    const lines = await linesOf(statementId)
    expect(lines.map((l) => [l.lineNo, l.amount, l.outcome, l.reference, l.paymentId])).toEqual([
      [4, 1_500_000n, 'matched', exact.payment.reference, exact.payment.id],
      [5, 2_100_000n, 'wrong_amount', short.payment.reference, short.payment.id],
      [6, 700_000n, 'unknown_reference', unknown, null],
      [7, 1_500_000n, 'duplicate', exact.payment.reference, exact.payment.id],
      [8, 300_000n, 'unknown_reference', null, null],
    ])
    expect(lines[0]!.bookedOn).toEqual(new Date('2027-03-05T00:00:00Z'))
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: exact.payment.id } })).toMatchObject({ status: 'paid', reconciledById: admin.id })
    expect(await status(short.payment.id)).toBe('pending')
    expect(await prisma.auditLog.count({ where: { entityId: exact.payment.id, action: 'payment.confirm', actorId: admin.id } })).toBe(1)
    expect(await prisma.auditLog.count({ where: { entityId: statementId, action: 'bank-statement.upload', actorId: admin.id } })).toBe(1)

    // The ledger: balanced, the need credited with exactly what matched, nothing for the wrong amount.
    await expectLedgerBalanced()
    expect(await balance(ACCOUNTS.need(exact.need.id))).toBe(1_500_000n)
    expect(await balance(ACCOUNTS.need(short.need.id))).toBe(0n)
    expect(await prisma.ledgerEntry.count({ where: { paymentId: exact.payment.id } })).toBe(2)

    // The page sums the statement up and lists the lines left to settle.
    const page = await loadPage(`?statement=${statementId}`)
    expect(page.summary).toMatchObject({ filename: 'vcb-0327.csv', counts: { matched: 1, wrong_amount: 1, unknown_reference: 2, duplicate: 1, resolved: 0, ignored: 0 } })
    const review = page.review.filter((line) => lines.some((l) => l.id === line.id))
    expect(review.map((line) => line.outcome).sort()).toEqual(['duplicate', 'unknown_reference', 'unknown_reference', 'wrong_amount'])
    expect(page.pending.some((p) => p.id === short.payment.id)).toBe(true)
    expect(page.pending.some((p) => p.id === exact.payment.id)).toBe(false)
  })

  it('marks a line uploaded before as a duplicate, confirming nothing twice', async () => {
    const first = await bankTransfer(900_000)
    const second = await bankTransfer(400_000)
    const short = await bankTransfer(800_000)
    const stranger = `Chuyen tien ${newReference()}`
    const day1 = statement([
      ['10/03/2027', '900.000', `ND ${first.payment.reference}`],
      ['10/03/2027', '750.000', `ND ${short.payment.reference}`],
      ['10/03/2027', '55.000', stranger],
    ])
    const firstUpload = statementIdOf(locationOf(await upload(day1)))
    expect((await linesOf(firstUpload)).map((l) => l.outcome)).toEqual(['matched', 'wrong_amount', 'unknown_reference'])
    const entries = await prisma.ledgerEntry.count()

    // The next export overlaps the first by a day: its first lines are the same entries, spaced
    // and cased differently. The short payment is still unpaid and the stranger still unknown,
    // yet their lines are not new: the admin has them already.
    const overlapping = statement([
      ['10/03/2027', '900000', `ND  ${first.payment.reference.toLowerCase()}`],
      ['10/03/2027', '750,000', `nd ${short.payment.reference}`],
      ['10/03/2027', '55.000', stranger.toUpperCase()],
      ['11/03/2027', '400.000', `ND ${second.payment.reference}`],
    ])
    const again = statementIdOf(locationOf(await upload(overlapping)))
    expect((await linesOf(again)).map((l) => [l.outcome, l.paymentId])).toEqual([
      ['duplicate', first.payment.id],
      ['duplicate', short.payment.id],
      ['duplicate', null],
      ['matched', second.payment.id],
    ])
    expect(await status(short.payment.id)).toBe('pending')
    expect(await prisma.ledgerEntry.count()).toBe(entries + 2)
    // Uploading the very same file again: everything is a duplicate, nothing moves.
    const third = statementIdOf(locationOf(await upload(overlapping)))
    expect((await linesOf(third)).map((l) => l.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate'])
    expect(await prisma.ledgerEntry.count()).toBe(entries + 2)
    await expectLedgerBalanced()
  })

  it('confirms once when two admins upload the same statement at the same moment', async () => {
    const { payment } = await bankTransfer(1_100_000)
    const csv = statement([['09/03/2027', '1.100.000', `ND ${payment.reference}`]])
    const [a, b] = await Promise.all([upload(csv), upload(csv)])
    const outcomes = [...(await linesOf(statementIdOf(locationOf(a)))), ...(await linesOf(statementIdOf(locationOf(b))))].map((l) => l.outcome)
    expect(outcomes.sort()).toEqual(['duplicate', 'matched'])
    expect(await prisma.ledgerEntry.count({ where: { paymentId: payment.id } })).toBe(2)
    expect(await prisma.auditLog.count({ where: { entityId: payment.id, action: 'payment.confirm' } })).toBe(1)
  })

  it('marks money received by hand, and its statement line later as a duplicate', async () => {
    const { payment, need } = await bankTransfer(5_000_000)
    expect((await loadPage()).pending.find((p) => p.id === payment.id)).toMatchObject({ status: 'pending', reference: payment.reference, amount: 5_000_000 })
    const marked = await send({ intent: 'received', paymentId: payment.id })
    expect(marked.status).toBe(200)
    expect(marked.data).toMatchObject({ done: 'received' })
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: 'paid', reconciledById: admin.id })
    expect(await prisma.auditLog.count({ where: { entityId: payment.id, action: 'payment.received-by-hand', actorId: admin.id } })).toBe(1)
    expect(await prisma.auditLog.count({ where: { entityId: payment.id, action: 'payment.confirm', actorId: admin.id } })).toBe(1)
    // A second click (or another admin) finds the work done.
    const twice = await send({ intent: 'received', paymentId: payment.id })
    expect(twice.status).toBe(409)
    expect(errorsOf(twice)['']).toEqual(['paymentsAdmin.errors.alreadyHandled'])

    const id = statementIdOf(locationOf(await upload(statement([['12/03/2027', '5.000.000', `TT ${payment.reference}`]]))))
    expect((await linesOf(id)).map((l) => [l.outcome, l.paymentId])).toEqual([['duplicate', payment.id]])
    expect(await prisma.ledgerEntry.count({ where: { paymentId: payment.id } })).toBe(2)
    expect(await balance(ACCOUNTS.need(need.id))).toBe(5_000_000n)
    await expectLedgerBalanced()
  })

  it('counts money that arrives after the instruction lapsed', async () => {
    const { payment } = await bankTransfer(650_000)
    await prisma.payment.update({ where: { id: payment.id }, data: { expiresAt: new Date(Date.now() - 60_000) } })
    expect(await expireUnpaidPayments()).toBeGreaterThanOrEqual(1)
    expect(await status(payment.id)).toBe('cancelled')
    // Still listed among the transfers awaited, marked as lapsed.
    expect((await loadPage()).pending.find((p) => p.id === payment.id)).toMatchObject({ status: 'cancelled' })
    const id = statementIdOf(locationOf(await upload(statement([['13/03/2027', '650.000', payment.reference]]))))
    expect((await linesOf(id)).map((l) => l.outcome)).toEqual(['matched'])
    expect(await status(payment.id)).toBe('paid')
  })

  it('refuses a malformed file with a localised message naming the line, storing nothing', async () => {
    const { payment } = await bankTransfer(1_000_000)
    const statements = await prisma.bankStatement.count()
    const lines = await prisma.bankStatementLine.count()
    const entries = await prisma.ledgerEntry.count()
    const csv = statement([
      ['14/03/2027', '1.000.000', payment.reference],
      ['14/03/2027', 'một triệu', 'CT tu B'],
    ])
    const refused = await upload(csv)
    expect(refused.status).toBe(400)
    expect(errorsOf(refused).statement).toEqual(['paymentsAdmin.statementErrors.badAmount'])
    expect(refused.data).toMatchObject({ errorParams: { line: 5 } })
    const message = (template: string) => template.replace('{{line}}', '5')
    expect(message(viStrings.paymentsAdmin.statementErrors.badAmount)).toContain('dòng 5')
    expect(message(enStrings.paymentsAdmin.statementErrors.badAmount)).toContain('line 5')

    const badDate = await upload(statement([['31/02/2027', '1.000.000', payment.reference]]))
    expect(errorsOf(badDate).statement).toEqual(['paymentsAdmin.statementErrors.badDate'])
    expect(badDate.data).toMatchObject({ errorParams: { line: 4 } })
    const notCsv = await upload('Date,Credit,Description\n2027-03-14,1000000,"CN\n')
    expect(errorsOf(notCsv).statement).toEqual(['paymentsAdmin.statementErrors.syntax'])
    const noHeader = await upload('hello,world\n1,2\n')
    expect(errorsOf(noHeader).statement).toEqual(['paymentsAdmin.statementErrors.noHeader'])
    const tooLarge = await upload(statement([['14/03/2027', '1.000.000', `${payment.reference} ${'x'.repeat(MAX_STATEMENT_BYTES)}`]]))
    expect(tooLarge.status).toBe(400)
    expect(errorsOf(tooLarge).statement).toEqual(['paymentsAdmin.errors.statementTooLarge'])
    const noFile = await send({ intent: 'upload' })
    expect(noFile.status).toBe(400)
    expect(errorsOf(noFile).statement).toEqual(['paymentsAdmin.errors.statementRequired'])

    // Nothing of any of them was stored, and the payment its first line names is still unpaid.
    expect(await prisma.bankStatement.count()).toBe(statements)
    expect(await prisma.bankStatementLine.count()).toBe(lines)
    expect(await prisma.ledgerEntry.count()).toBe(entries)
    expect(await status(payment.id)).toBe('pending')
  })
})

describe('settling the lines left over', () => {
  it('assigns a wrong-amount line to its payment (confirming it), ignores an unknown one, and refuses what is already done', async () => {
    const agreed = await bankTransfer(3_000_000)
    const paid = await bankTransfer(200_000)
    await changePayment(paid.payment.id, 'confirm')
    const id = statementIdOf(
      locationOf(
        await upload(
          statement([
            ['15/03/2027', '2.990.000', `${agreed.payment.reference} thieu phi`],
            ['15/03/2027', '123.000', 'Hoan tien the'],
            ['15/03/2027', '200.000', `tra lai ${newReference()}`],
          ]),
        ),
      ),
    )
    const [wrong, stranger, other] = await linesOf(id)
    expect([wrong!.outcome, stranger!.outcome, other!.outcome]).toEqual(['wrong_amount', 'unknown_reference', 'unknown_reference'])

    const badReference = await send({ intent: 'assign', lineId: wrong!.id, reference: 'CN123' })
    expect(badReference.status).toBe(400)
    expect(errorsOf(badReference).reference).toEqual(['paymentsAdmin.errors.referenceFormat'])
    const noSuchPayment = await send({ intent: 'assign', lineId: wrong!.id, reference: newReference() })
    expect(noSuchPayment.status).toBe(409)
    expect(errorsOf(noSuchPayment).reference).toEqual(['paymentsAdmin.errors.unknownPayment'])
    const alreadyPaid = await send({ intent: 'assign', lineId: other!.id, reference: paid.payment.reference })
    expect(alreadyPaid.status).toBe(409)
    expect(errorsOf(alreadyPaid).reference).toEqual(['paymentsAdmin.errors.alreadyPaid'])
    expect(await prisma.bankStatementLine.findUniqueOrThrow({ where: { id: other!.id } })).toMatchObject({ outcome: 'unknown_reference', resolvedAt: null, paymentId: null })

    // The reference as an admin types it: lower case, with a space.
    const typed = `${agreed.payment.reference.slice(0, 6).toLowerCase()} ${agreed.payment.reference.slice(6)}`
    const assigned = await send({ intent: 'assign', lineId: wrong!.id, reference: typed })
    expect(assigned.status).toBe(200)
    expect(assigned.data).toMatchObject({ done: 'assign' })
    expect(await prisma.bankStatementLine.findUniqueOrThrow({ where: { id: wrong!.id } })).toMatchObject({ outcome: 'resolved', paymentId: agreed.payment.id, resolvedById: admin.id })
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: agreed.payment.id } })).toMatchObject({ status: 'paid', reconciledById: admin.id })
    expect(await prisma.auditLog.count({ where: { entityId: wrong!.id, action: 'bank-statement-line.assign', actorId: admin.id } })).toBe(1)

    const ignored = await send({ intent: 'ignore', lineId: stranger!.id })
    expect(ignored.status).toBe(200)
    expect(await prisma.bankStatementLine.findUniqueOrThrow({ where: { id: stranger!.id } })).toMatchObject({ outcome: 'ignored', resolvedById: admin.id })
    expect((await prisma.bankStatementLine.findUniqueOrThrow({ where: { id: stranger!.id } })).resolvedAt).toBeInstanceOf(Date)
    expect((await send({ intent: 'ignore', lineId: stranger!.id })).status).toBe(409)
    expect((await send({ intent: 'assign', lineId: wrong!.id, reference: agreed.payment.reference })).status).toBe(409)
    expect((await send({ intent: 'ignore', lineId: 'no-such-line' })).status).toBe(404)

    const review = (await loadPage()).review.map((line) => line.id)
    expect(review).toContain(other!.id)
    expect(review).not.toContain(wrong!.id)
    expect(review).not.toContain(stranger!.id)
    await expectLedgerBalanced()
  })
})

describe('refunds and payouts', () => {
  it('records a bank transfer refunded by hand: the payment refunded, the need back to zero, the reason kept', async () => {
    const { payment, need } = await bankTransfer(2_500_000)
    await send({ intent: 'received', paymentId: payment.id })
    expect(await balance(ACCOUNTS.need(need.id))).toBe(2_500_000n)

    const tooShort = await send({ intent: 'refund', paymentId: payment.id, reason: 'no' })
    expect(tooShort.status).toBe(400)
    expect(errorsOf(tooShort).reason).toEqual(['paymentsAdmin.errors.reasonTooShort'])
    expect(await status(payment.id)).toBe('paid')

    const refunded = await send({ intent: 'refund', paymentId: payment.id, reason: 'Nhu cầu đã rút; đã chuyển trả ngày 16/03' })
    expect(refunded.status).toBe(200)
    expect(refunded.data).toMatchObject({ done: 'refund' })
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: 'refunded', refundReason: 'Nhu cầu đã rút; đã chuyển trả ngày 16/03', stripeRefundId: null })
    const audit = await prisma.auditLog.findFirstOrThrow({ where: { entityId: payment.id, action: 'payment.refund-recorded' } })
    expect(audit).toMatchObject({ actorId: admin.id, data: { manual: true, reason: 'Nhu cầu đã rút; đã chuyển trả ngày 16/03' } })
    expect(await balance(ACCOUNTS.need(need.id))).toBe(0n)
    await expectLedgerBalanced()
    expect((await send({ intent: 'refund', paymentId: payment.id, reason: 'Lần nữa cho chắc' })).status).toBe(409)
  })

  it('lists a manual payout due and records it once, the payee paid what they were owed', async () => {
    const { payment } = await bankTransfer(10_000_000, { purpose: 'expert_contract', needId: undefined, feeBasisPoints: 800, payoutMode: 'manual' })
    await send({ intent: 'received', paymentId: payment.id })
    const due = (await loadPage()).payouts.find((p) => p.id === payment.id)
    expect(due).toMatchObject({ owed: 9_200_000, currency: 'VND' })
    const recorded = await send({ intent: 'payout', paymentId: payment.id })
    expect(recorded.status).toBe(200)
    expect(await prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ payoutPaidById: admin.id })
    const byAccount = Object.fromEntries(
      (await prisma.ledgerEntry.groupBy({ by: ['account'], where: { paymentId: payment.id }, _sum: { amount: true } })).map((r) => [r.account, r._sum.amount]),
    )
    expect(byAccount).toEqual({ [ACCOUNTS.payers]: -10_000_000n, [ACCOUNTS.fees]: 800_000n, [ACCOUNTS.payee('unknown')]: 0n, [ACCOUNTS.payouts]: 9_200_000n })
    expect((await send({ intent: 'payout', paymentId: payment.id })).status).toBe(409)
    expect((await loadPage()).payouts.some((p) => p.id === payment.id)).toBe(false)
    await expectLedgerBalanced()
  })
})

describe('expiry of unpaid instructions', () => {
  it('cancels pending payments past their date, once, and leaves the rest', async () => {
    const lapsed = await bankTransfer(100_000)
    const open = await bankTransfer(100_000)
    const paidLate = await bankTransfer(100_000)
    for (const { payment } of [lapsed, open, paidLate]) await startBankTransfer(payment.id)
    await changePayment(paidLate.payment.id, 'confirm')
    await prisma.payment.updateMany({ where: { id: { in: [lapsed.payment.id, paidLate.payment.id] } }, data: { expiresAt: new Date(Date.now() - 1000) } })

    expect(await expireUnpaidPayments()).toBe(1)
    expect([await status(lapsed.payment.id), await status(open.payment.id), await status(paidLate.payment.id)]).toEqual(['cancelled', 'pending', 'paid'])
    expect(await prisma.auditLog.count({ where: { entityId: lapsed.payment.id, action: 'payment.cancel' } })).toBe(1)
    expect(await expireUnpaidPayments()).toBe(0)
    // BANK_TRANSFER_DAYS later the open one lapses too.
    const later = new Date(Date.now() + (getEnv().BANK_TRANSFER_DAYS + 1) * 86_400_000)
    expect(await expireUnpaidPayments(later)).toBeGreaterThanOrEqual(1)
    expect(await status(open.payment.id)).toBe('cancelled')
  })

  it('runs hourly as the payments.expire schedule', async () => {
    defineSchedules()
    await recordDueSlots(new Date('2027-03-05T10:45:00Z'))
    // 17:45 in Hà Nội: the latest slot is 17:30, i.e. 10:30 UTC.
    expect(await prisma.outboxEntry.count({ where: { kind: 'schedule', idempotencyKey: 'schedule:payments.expire:2027-03-05T10:30:00.000Z' } })).toBe(1)
  })
})

describe('who may use the page', () => {
  const forms = (ids: { paymentId: string; lineId: string }): Form[] => [
    { intent: 'received', paymentId: ids.paymentId },
    { intent: 'upload', statement: csvFile(statement([['20/03/2027', '1.000.000', 'x']])) },
    { intent: 'assign', lineId: ids.lineId, reference: newReference() },
    { intent: 'ignore', lineId: ids.lineId },
    { intent: 'refund', paymentId: ids.paymentId, reason: 'Không được phép' },
    { intent: 'payout', paymentId: ids.paymentId },
  ]

  it('sends visitors to log in and refuses members with 403, on the page and every form, changing nothing', async () => {
    const { payment, business } = await bankTransfer(100_000)
    const id = statementIdOf(locationOf(await upload(statement([['19/03/2027', '1.000', `ND ${newReference()}`]]))))
    const [line] = await linesOf(id)
    const owner = await makeUser({ name: 'Chủ doanh nghiệp' })
    await join(owner.id, business.id, 'owner')
    const member = await cookieFor(owner.id)
    const statements = await prisma.bankStatement.count()

    expectRedirect(await run(() => paymentsRoute.loader(args(get('/admin/payments')))), `/login?redirectTo=${encodeURIComponent('/admin/payments')}`)
    expect((await run(() => paymentsRoute.loader(args(get('/admin/payments', { cookie: member }))))).status).toBe(403)
    for (const form of forms({ paymentId: payment.id, lineId: line!.id })) {
      expectRedirect(await send(form, null), `/login?redirectTo=${encodeURIComponent('/admin/payments')}`)
      expect((await send(form, member)).status, `member: ${form.intent}`).toBe(403)
    }
    expect(await status(payment.id)).toBe('pending')
    expect(await prisma.bankStatementLine.findUniqueOrThrow({ where: { id: line!.id } })).toMatchObject({ outcome: 'unknown_reference', resolvedAt: null })
    expect(await prisma.bankStatement.count()).toBe(statements)
  })
})
