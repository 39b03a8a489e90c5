import { unstable_parseMultipartFormData, type UploadHandler } from '@remix-run/node'
import { prisma } from '~/modules/db/db.server'
import { cleanForm, collectPart } from '~/modules/runtime/form.server'
import { log } from '~/modules/runtime/logger.server'
import { MAX_STATEMENT_BYTES, STATEMENT_FIELD, type PaymentsAdminAction } from './admin-schemas'
import { BANK_TRANSFER_CURRENCY } from './bank-transfer.server'
import { recordManualPayout, refundPayment } from './payments.server'
import { unfundedContributions } from './unfunded.server'
import { ledgerTotals } from './ledger.server'
import type { StatementErrorCode } from './statement-csv.server'
import { assignLine, ignoreLine, markReceived, UNRESOLVED_OUTCOMES, uploadStatement, type StatementCounts } from './statements.server'
// The admin's refunds go through the payment's own provider: every rail must be registered here.
import './providers.server'

// The admin payments page (/admin/payments): bank transfers waiting for their money, the bank
// statement upload and the lines it could not match, refunds and manual payouts. The route
// parses and answers; everything it shows and does is here.

const LIST_LIMIT = 100
/** Bank transfers cancelled unpaid stay listed this long after they lapsed. */
const LAPSED_SHOWN_MS = 30 * 24 * 60 * 60 * 1000

const payerOf = (org: { name: string; nameVi: string | null } | null) => (org ? { name: org.name, nameVi: org.nameVi } : null)

function payeeOf(agreement: { offer: { org: { name: string; nameVi: string | null } | null; expert: { name: string } | null } } | null) {
  const offer = agreement?.offer
  if (!offer) return null
  return offer.expert ? { name: offer.expert.name, nameVi: null } : payerOf(offer.org)
}

const orgName = { select: { name: true, nameVi: true } } as const
const needLink = { select: { key: true, title: true } } as const

async function countsOf(statementId: string): Promise<StatementCounts> {
  const counts: StatementCounts = { matched: 0, wrong_amount: 0, unknown_reference: 0, duplicate: 0, resolved: 0, ignored: 0 }
  const rows = await prisma.bankStatementLine.groupBy({ by: ['outcome'], where: { statementId }, _count: { _all: true } })
  for (const row of rows) counts[row.outcome] = row._count._all
  return counts
}

/** Everything the page lists; `statementId` is the statement just uploaded, whose summary it shows. */
export async function paymentsAdminPage(statementId: string | null) {
  const [pending, statements, review, paid, payouts] = await Promise.all([
    // Awaited, and lapsed lately: money that arrives late still counts.
    prisma.payment.findMany({
      where: { method: 'bank_transfer', OR: [{ status: 'pending' }, { status: 'cancelled', expiresAt: { gte: new Date(Date.now() - LAPSED_SHOWN_MS) } }] },
      orderBy: { createdAt: 'asc' },
      take: LIST_LIMIT,
      select: { id: true, reference: true, status: true, amount: true, currency: true, createdAt: true, expiresAt: true, payerOrg: orgName, need: needLink },
    }),
    prisma.bankStatement.findMany({ orderBy: { createdAt: 'desc' }, take: 10, select: { id: true, filename: true, createdAt: true } }),
    prisma.bankStatementLine.findMany({
      where: { outcome: { in: [...UNRESOLVED_OUTCOMES] }, resolvedAt: null },
      orderBy: [{ bookedOn: 'asc' }, { lineNo: 'asc' }],
      take: LIST_LIMIT,
      select: {
        id: true,
        lineNo: true,
        bookedOn: true,
        amount: true,
        currency: true,
        description: true,
        reference: true,
        outcome: true,
        statement: { select: { filename: true } },
        payment: { select: { reference: true, amount: true, currency: true, status: true } },
      },
    }),
    prisma.payment.findMany({
      where: { status: 'paid' },
      orderBy: { paidAt: 'desc' },
      take: LIST_LIMIT,
      select: { id: true, reference: true, method: true, purpose: true, amount: true, currency: true, paidAt: true, payerOrg: orgName, need: needLink },
    }),
    prisma.payment.findMany({
      where: { status: 'paid', payoutMode: 'manual', payoutPaidAt: null },
      orderBy: { paidAt: 'asc' },
      take: LIST_LIMIT,
      select: {
        id: true,
        reference: true,
        amount: true,
        platformFee: true,
        currency: true,
        paidAt: true,
        agreement: { select: { offer: { select: { org: orgName, expert: { select: { name: true } } } } } },
      },
    }),
  ])
  // Bank transfers to needs that expired unfunded, whose sponsors asked for their money back.
  const refundsDue = new Set((await unfundedContributions()).filter((c) => c.ifUnfunded === 'refund' && c.method === 'bank_transfer').map((c) => c.id))
  const summary = statementId ? await prisma.bankStatement.findUnique({ where: { id: statementId }, select: { id: true, filename: true, createdAt: true } }) : null
  return {
    ledger: await ledgerTotals(prisma),
    summary: summary && { ...summary, counts: await countsOf(summary.id) },
    statements: await Promise.all(statements.map(async (s) => ({ ...s, counts: await countsOf(s.id) }))),
    pending: pending.map((p) => ({ id: p.id, reference: p.reference, status: p.status, amount: Number(p.amount), currency: p.currency, createdAt: p.createdAt, expiresAt: p.expiresAt, payer: payerOf(p.payerOrg), need: p.need })),
    review: review.map((l) => ({
      id: l.id,
      lineNo: l.lineNo,
      bookedOn: l.bookedOn,
      amount: Number(l.amount),
      currency: l.currency,
      description: l.description,
      reference: l.reference,
      outcome: l.outcome as (typeof UNRESOLVED_OUTCOMES)[number],
      filename: l.statement.filename,
      payment: l.payment && { reference: l.payment.reference, amount: Number(l.payment.amount), currency: l.payment.currency, status: l.payment.status },
    })),
    paid: paid.map((p) => ({ id: p.id, reference: p.reference, method: p.method, purpose: p.purpose, amount: Number(p.amount), currency: p.currency, paidAt: p.paidAt, payer: payerOf(p.payerOrg), need: p.need, refundDue: refundsDue.has(p.id) })),
    payouts: payouts.map((p) => ({
      id: p.id,
      reference: p.reference,
      owed: Number(p.amount - (p.platformFee ?? 0n)),
      currency: p.currency,
      paidAt: p.paidAt,
      payee: payeeOf(p.agreement),
    })),
    bankCurrency: BANK_TRANSFER_CURRENCY,
  }
}

export type PaymentsAdminPage = Awaited<ReturnType<typeof paymentsAdminPage>>

// ───────────────────────────── reading the forms ─────────────────────────────

const MAX_TEXT_PART_BYTES = 16 * 1024

/**
 * The page's forms: urlencoded, or multipart with the statement file. A statement is kept up
 * to one byte past its limit, so the schema refuses it by size next to the field.
 */
export async function readPaymentsAdminForm(request: Request): Promise<FormData> {
  if (Number(request.headers.get('content-length') ?? 0) > 2 * MAX_STATEMENT_BYTES) throw new Response('Payload Too Large', { status: 413 })
  const multipart = (request.headers.get('content-type') ?? '').startsWith('multipart/form-data')
  const handler: UploadHandler = async ({ name, filename, contentType, data }) => {
    if (filename === undefined) return new TextDecoder().decode((await collectPart(data, MAX_TEXT_PART_BYTES)).bytes)
    const { bytes } = await collectPart(data, name === STATEMENT_FIELD && filename ? MAX_STATEMENT_BYTES + 1 : 0)
    if (name !== STATEMENT_FIELD || !filename) return undefined
    return new File([bytes], filename, { type: contentType })
  }
  try {
    return cleanForm(multipart ? await unstable_parseMultipartFormData(request, handler) : await request.formData())
  } catch {
    throw new Response('Bad Request', { status: 400 })
  }
}

// ───────────────────────────── doing ─────────────────────────────

export type PaymentsAdminOutcome =
  | { kind: 'done'; intent: PaymentsAdminAction['intent'] }
  | { kind: 'uploaded'; statementId: string }
  | { kind: 'statement-error'; code: StatementErrorCode; line: number }
  | { kind: 'field-error'; field: string; message: string }
  | { kind: 'already-handled' }
  | { kind: 'refund-failed' }
  | { kind: 'not-found' }

const already = { kind: 'already-handled' } as const

/** Does what a valid form asks, in the admin's name. */
export async function performPaymentsAdminAction(adminId: string, action: PaymentsAdminAction): Promise<PaymentsAdminOutcome> {
  const done = { kind: 'done', intent: action.intent } as const
  switch (action.intent) {
    case 'received': {
      const outcome = await markReceived(adminId, action.paymentId)
      return outcome === 'done' ? done : outcome === 'not-found' ? { kind: 'not-found' } : already
    }
    case 'upload': {
      const file = action.statement
      const upload = await uploadStatement(adminId, file.name, new Uint8Array(await file.arrayBuffer()))
      return upload.ok ? { kind: 'uploaded', statementId: upload.statementId } : { kind: 'statement-error', ...upload.error }
    }
    case 'assign':
    case 'ignore': {
      const outcome = action.intent === 'assign' ? await assignLine(adminId, action.lineId, action.reference) : await ignoreLine(adminId, action.lineId)
      if (outcome === 'done') return done
      if (outcome === 'not-found') return { kind: 'not-found' }
      if (outcome === 'unknown-payment') return { kind: 'field-error', field: 'reference', message: 'paymentsAdmin.errors.unknownPayment' }
      if (outcome === 'already-paid') return { kind: 'field-error', field: 'reference', message: 'paymentsAdmin.errors.alreadyPaid' }
      return already
    }
    case 'refund': {
      try {
        const change = await refundPayment(adminId, action.paymentId, action.reason)
        if (change.ok) return change.changed ? done : already
        return change.reason === 'not-found' ? { kind: 'not-found' } : already
      } catch (error) {
        // The provider refused or could not be reached: nothing was recorded; the admin may retry.
        log.warn('refund failed', { paymentId: action.paymentId, error: error instanceof Error ? error.message : String(error) })
        return { kind: 'refund-failed' }
      }
    }
    case 'payout': {
      if (await recordManualPayout(adminId, action.paymentId)) return done
      return (await prisma.payment.count({ where: { id: action.paymentId } })) ? already : { kind: 'not-found' }
    }
  }
}
