import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { StatementOutcome } from '~/generated/prisma/client'
import { BANK_TRANSFER_CURRENCY } from './bank-transfer.server'
import { changePayment } from './payments.server'
import { parseStatement, type StatementErrorCode } from './statement-csv.server'

// Reconciling the platform's bank account: an admin uploads the bank's statement (CSV) and
// every credit on it gets an outcome. A line whose reference names a bank transfer still
// unpaid (pending, or cancelled because it lapsed: late money counts) for exactly the amount
// asked confirms that payment; anything else waits for an admin, who assigns it to a payment
// or ignores it. The statement, its lines and the confirmations commit together or not at
// all, and uploads run one at a time, so the same file uploaded twice at once cannot confirm
// anything twice (the second finds the first's lines: duplicates).

/** The outcomes an admin still has to look at. */
export const UNRESOLVED_OUTCOMES = ['wrong_amount', 'unknown_reference', 'duplicate'] as const satisfies readonly StatementOutcome[]

export type StatementCounts = Record<StatementOutcome, number>

export type StatementUpload =
  | { ok: true; statementId: string; counts: StatementCounts; skipped: number }
  | { ok: false; error: { code: StatementErrorCode; line: number } }

const emptyCounts = (): StatementCounts => ({ matched: 0, wrong_amount: 0, unknown_reference: 0, duplicate: 0, resolved: 0, ignored: 0 })

/** A large statement confirms many payments in one transaction. */
const UPLOAD_TRANSACTION = { maxWait: 30_000, timeout: 5 * 60_000 }

type Candidate = { id: string; reference: string; status: string; amount: bigint; currency: string }

/** Stores a statement and reconciles each credit on it; a file that cannot be read stores nothing. */
export async function uploadStatement(adminId: string, filename: string, file: string | Uint8Array): Promise<StatementUpload> {
  const parsed = parseStatement(file)
  if (!parsed.ok) return parsed
  const { credits, skipped } = parsed

  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('bank-statement-upload'))`
    const seenBefore = new Set(
      (await tx.bankStatementLine.findMany({ where: { fingerprint: { in: [...new Set(credits.map((c) => c.fingerprint))] } }, select: { fingerprint: true } })).map((l) => l.fingerprint),
    )
    const references = [...new Set(credits.flatMap((c) => c.references))]
    const payments = new Map<string, Candidate>(
      (
        await tx.payment.findMany({
          where: { reference: { in: references }, method: 'bank_transfer' },
          select: { id: true, reference: true, status: true, amount: true, currency: true },
        })
      ).map((p) => [p.reference, p]),
    )
    const statement = await tx.bankStatement.create({ data: { filename: filename.slice(0, 255), uploadedById: adminId } })
    const counts = emptyCounts()
    const lines = []
    for (const credit of credits) {
      const payment = credit.references.map((r) => payments.get(r)).find(Boolean) ?? null
      const outcome = await outcomeOf(tx, adminId, credit, payment, seenBefore.has(credit.fingerprint))
      counts[outcome]++
      lines.push({
        statementId: statement.id,
        lineNo: credit.lineNo,
        bookedOn: new Date(`${credit.bookedOn}T00:00:00Z`),
        amount: BigInt(credit.amount),
        currency: BANK_TRANSFER_CURRENCY,
        description: credit.description,
        reference: payment?.reference ?? credit.references[0] ?? null,
        fingerprint: credit.fingerprint,
        outcome,
        paymentId: payment?.id ?? null,
      })
    }
    await tx.bankStatementLine.createMany({ data: lines })
    await recordAudit(tx, adminId, 'bank-statement.upload', 'BankStatement', statement.id, { filename, lines: lines.length, skipped, ...counts })
    return { ok: true as const, statementId: statement.id, counts, skipped }
  }, UPLOAD_TRANSACTION)
}

async function outcomeOf(
  tx: Tx,
  adminId: string,
  credit: { amount: number },
  payment: Candidate | null,
  seenBefore: boolean,
): Promise<StatementOutcome> {
  // The same entry on an earlier statement (statements overlap, or a file is uploaded twice).
  if (seenBefore) return 'duplicate'
  if (!payment) return 'unknown_reference'
  // Paid already: by an earlier line (of this file or another) or marked by hand; or refunded.
  if (payment.status === 'paid' || payment.status === 'refunded') return 'duplicate'
  if (payment.currency !== BANK_TRANSFER_CURRENCY || payment.amount !== BigInt(credit.amount)) return 'wrong_amount'
  const change = await changePayment(payment.id, 'confirm', { actorId: adminId, tx })
  if (!change.ok) return 'wrong_amount'
  payment.status = 'paid'
  // Unchanged: an admin marked it paid by hand while this statement was read.
  return change.changed ? 'matched' : 'duplicate'
}

// ───────────────────────────── an admin settles a line ─────────────────────────────

export type LineResolution = 'done' | 'not-found' | 'already-handled' | 'unknown-payment' | 'already-paid'

class Rollback extends Error {
  constructor(readonly outcome: LineResolution) {
    super(outcome)
  }
}

/** "cn abcd-2345" → "CNABCD2345" */
export function normaliseReference(text: string): string {
  return text.toUpperCase().replace(/[\s._-]/g, '')
}

/**
 * A line an admin recognises as a bank transfer's payment (a reference mistyped, an amount
 * agreed otherwise): the payment is confirmed and the line settled, together.
 */
export async function assignLine(adminId: string, lineId: string, reference: string): Promise<LineResolution> {
  try {
    return await prisma.$transaction(async (tx) => {
      const line = await tx.bankStatementLine.findUnique({ where: { id: lineId }, select: { id: true, outcome: true, amount: true } })
      if (!line) return 'not-found'
      const payment = await tx.payment.findFirst({ where: { reference: normaliseReference(reference), method: 'bank_transfer' }, select: { id: true, amount: true } })
      if (!payment) return 'unknown-payment'
      // Claims the line first: of two admins settling it at once, one wins.
      const { count } = await tx.bankStatementLine.updateMany({
        where: { id: lineId, outcome: { in: [...UNRESOLVED_OUTCOMES] }, resolvedAt: null },
        data: { outcome: 'resolved', paymentId: payment.id, resolvedById: adminId, resolvedAt: new Date() },
      })
      if (!count) return 'already-handled'
      const change = await changePayment(payment.id, 'confirm', { actorId: adminId, tx })
      if (!change.ok || !change.changed) throw new Rollback('already-paid')
      await recordAudit(tx, adminId, 'bank-statement-line.assign', 'BankStatementLine', lineId, {
        paymentId: payment.id,
        was: line.outcome,
        lineAmount: line.amount.toString(),
        paymentAmount: payment.amount.toString(),
      })
      return 'done'
    })
  } catch (error) {
    if (error instanceof Rollback) return error.outcome
    throw error
  }
}

/** A line that is no platform transfer (or needs nothing more): dismissed, by whom and when. */
export async function ignoreLine(adminId: string, lineId: string): Promise<LineResolution> {
  return prisma.$transaction(async (tx) => {
    const line = await tx.bankStatementLine.findUnique({ where: { id: lineId }, select: { outcome: true } })
    if (!line) return 'not-found'
    const { count } = await tx.bankStatementLine.updateMany({
      where: { id: lineId, outcome: { in: [...UNRESOLVED_OUTCOMES] }, resolvedAt: null },
      data: { outcome: 'ignored', resolvedById: adminId, resolvedAt: new Date() },
    })
    if (!count) return 'already-handled'
    await recordAudit(tx, adminId, 'bank-statement-line.ignore', 'BankStatementLine', lineId, { was: line.outcome })
    return 'done'
  })
}

// ───────────────────────────── money seen by hand ─────────────────────────────

/**
 * An admin saw a bank transfer arrive (the banking app, a phone call) before the statement:
 * the payment is confirmed now, in their name. Its statement line, later, is a duplicate.
 */
export async function markReceived(adminId: string, paymentId: string): Promise<'done' | 'not-found' | 'already-paid' | 'not-allowed'> {
  return prisma.$transaction(async (tx) => {
    const payment = await tx.payment.findUnique({ where: { id: paymentId }, select: { method: true } })
    if (!payment || payment.method !== 'bank_transfer') return 'not-found'
    const change = await changePayment(paymentId, 'confirm', { actorId: adminId, tx })
    if (!change.ok) return change.reason === 'not-found' ? 'not-found' : 'not-allowed'
    if (!change.changed) return 'already-paid'
    await recordAudit(tx, adminId, 'payment.received-by-hand', 'Payment', paymentId)
    return 'done'
  })
}
