import { randomInt } from 'node:crypto'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { Prisma } from '~/generated/prisma/client'
import { transition } from '~/modules/lifecycle/transition.server'
import { getEnv } from '~/modules/runtime/env.server'
import { log } from '~/modules/runtime/logger.server'
import { feeOf } from './fees'
import { recordJournal, type LedgerLine } from './ledger.server'
import { PAYMENT_LIFECYCLE, type PaymentAction, type PaymentStatus } from './lifecycle'
import type { PaymentMethod, PaymentProvider, ProviderEvent } from './provider'

// The one payments service: creates payments, starts them with their provider, and records
// what happens to them (paid, failed, cancelled, refunded) through the lifecycle engine, with
// the matching ledger journal and outbox events in the same transaction. Providers register
// here (composition root); nothing else talks to Stripe or the bank.

export function isPaymentsConfigured(): boolean {
  return Boolean(getEnv().STRIPE_SECRET_KEY)
}

const providers = new Map<PaymentMethod, PaymentProvider>()

export function registerPaymentProvider(provider: PaymentProvider): void {
  providers.set(provider.method, provider)
}

export function paymentProvider(method: PaymentMethod): PaymentProvider {
  const provider = providers.get(method)
  if (!provider) throw new Error(`no payment provider for ${method}`)
  return provider
}

/** The rails a payer may choose now (card only with Stripe keys). */
export function availableMethods(): PaymentMethod[] {
  return [...providers.values()].filter((p) => p.available()).map((p) => p.method)
}

// Bank transfer memos keep letters and digits only: no 0/O or 1/I to misread.
const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** "CN" and 8 characters: unique (a unique index), short enough to type into a banking app. */
export function newReference(): string {
  let code = 'CN'
  for (let i = 0; i < 8; i++) code += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]
  return code
}

// ───────────────────────────── ledger accounts ─────────────────────────────

export const ACCOUNTS = {
  payers: 'external:payers',
  payouts: 'external:payouts',
  fees: 'platform:fees',
  need: (needId: string) => `need:${needId}`,
  payee: (party: string) => `payee:${party}`,
} as const

type LedgerPayment = { id: string; purpose: 'sponsorship' | 'expert_contract'; amount: bigint; currency: string; platformFee: bigint | null; needId: string | null; payeeParty: string | null }

/** The journal of money received: from the payer to the need (a sponsorship), or to the platform's fee and the payee. */
function receivedLines(payment: LedgerPayment): LedgerLine[] {
  const { amount, currency } = payment
  if (payment.purpose === 'sponsorship') {
    return [
      { account: ACCOUNTS.payers, amount: -amount, currency, memo: 'received' },
      { account: ACCOUNTS.need(payment.needId ?? 'unknown'), amount, currency, memo: 'sponsorship' },
    ]
  }
  const fee = payment.platformFee ?? 0n
  return [
    { account: ACCOUNTS.payers, amount: -amount, currency, memo: 'received' },
    { account: ACCOUNTS.fees, amount: fee, currency, memo: 'platform fee' },
    { account: ACCOUNTS.payee(payment.payeeParty ?? 'unknown'), amount: amount - fee, currency, memo: 'owed to the payee' },
  ]
}

/** The journal of a payout: what the payee was owed leaves the platform. */
export function payoutLines(payment: LedgerPayment): LedgerLine[] {
  const owed = payment.amount - (payment.platformFee ?? 0n)
  return [
    { account: ACCOUNTS.payee(payment.payeeParty ?? 'unknown'), amount: -owed, currency: payment.currency, memo: 'paid out' },
    { account: ACCOUNTS.payouts, amount: owed, currency: payment.currency, memo: 'paid out' },
  ]
}

/** The journal that undoes everything recorded for a payment (a refund): each account back to zero. */
async function reversalLines(tx: Tx, paymentId: string): Promise<LedgerLine[]> {
  const sums = await tx.ledgerEntry.groupBy({ by: ['account', 'currency'], where: { paymentId }, _sum: { amount: true } })
  return sums.map((row) => ({ account: row.account, currency: row.currency, amount: -(row._sum.amount ?? 0n), memo: 'refund' }))
}

// ───────────────────────────── creating ─────────────────────────────

export type NewPayment = {
  purpose: 'sponsorship' | 'expert_contract'
  method: PaymentMethod
  amount: number
  currency: string
  needId?: string
  agreementId?: string
  payerOrgId?: string | null
  payerUserId: string
  creditAmount?: number | null
  creditCurrency?: string | null
  feeBasisPoints?: number
  payoutMode?: 'none' | 'stripe' | 'manual'
  payoutAccountId?: string | null
  ifUnfunded?: 'refund' | 'reassign'
}

/** Records a pending payment with a fresh reference (and its fee, rounded to the currency's minor unit). */
export async function createPayment(tx: Tx, input: NewPayment) {
  const feeBasisPoints = input.feeBasisPoints ?? 0
  return tx.payment.create({
    data: {
      purpose: input.purpose,
      method: input.method,
      amount: BigInt(input.amount),
      currency: input.currency,
      needId: input.needId ?? null,
      agreementId: input.agreementId ?? null,
      payerOrgId: input.payerOrgId ?? null,
      payerUserId: input.payerUserId,
      creditAmount: input.creditAmount === null || input.creditAmount === undefined ? null : BigInt(input.creditAmount),
      creditCurrency: input.creditCurrency ?? null,
      feeBasisPoints,
      platformFee: BigInt(feeOf(input.amount, feeBasisPoints)),
      payoutMode: input.payoutMode ?? 'none',
      payoutAccountId: input.payoutAccountId ?? null,
      ifUnfunded: input.ifUnfunded ?? 'refund',
      reference: newReference(),
    },
  })
}

// ───────────────────────────── what happens to it ─────────────────────────────

const paymentColumns = {
  id: true,
  status: true,
  purpose: true,
  amount: true,
  currency: true,
  platformFee: true,
  needId: true,
  payoutMode: true,
  agreement: { select: { need: { select: { orgId: true } }, offer: { select: { orgId: true, expertId: true } } } },
} satisfies Prisma.PaymentSelect
type PaymentRow = Prisma.PaymentGetPayload<{ select: typeof paymentColumns }>

function ledgerPayment(row: PaymentRow): LedgerPayment {
  const offer = row.agreement?.offer
  const payeeParty = offer ? (offer.expertId ? `expert:${offer.expertId}` : `org:${offer.orgId}`) : null
  return { id: row.id, purpose: row.purpose, amount: row.amount, currency: row.currency, platformFee: row.platformFee, needId: row.needId, payeeParty }
}

export type PaymentChange = { ok: true; changed: boolean; status: PaymentStatus } | { ok: false; reason: 'not-found' | 'not-allowed' }

/** Listeners told (inside the transaction) when a payment becomes paid or refunded: receipts, funding totals. */
type PaymentListener = (tx: Tx, paymentId: string, status: PaymentStatus) => Promise<void>
const listeners: PaymentListener[] = []
export function onPaymentChange(listener: PaymentListener): void {
  listeners.push(listener)
}

/**
 * Moves a payment through its lifecycle (locked, checked, updated, audited, journaled, in one
 * transaction). A second report of the same fact changes nothing (`changed: false`).
 */
export async function changePayment(
  paymentId: string,
  action: PaymentAction,
  options: { actorId?: string | null; at?: Date; providerPaymentId?: string; providerRefundId?: string; reason?: string; tx?: Tx } = {},
): Promise<PaymentChange> {
  const at = options.at ?? new Date()
  const run = async (tx: Tx): Promise<PaymentChange> => {
    const outcome = await transition(tx, {
      lifecycle: PAYMENT_LIFECYCLE,
      action,
      table: 'Payment',
      id: paymentId,
      actorId: options.actorId ?? null,
      auditName: 'payment',
      load: (tx) => tx.payment.findUnique({ where: { id: paymentId }, select: paymentColumns }) as Promise<(PaymentRow & { status: PaymentStatus }) | null>,
      update: (tx, _row, status) =>
        tx.payment.update({
          where: { id: paymentId },
          data: {
            status,
            ...(action === 'confirm' ? { paidAt: at, ...(options.providerPaymentId ? { stripePaymentId: options.providerPaymentId } : {}), ...(options.actorId ? { reconciledById: options.actorId } : {}) } : {}),
            ...(action === 'refund' ? { refundedAt: at, refundReason: options.reason ?? null, stripeRefundId: options.providerRefundId ?? null } : {}),
          },
        }),
      events: async (tx, row, status) => {
        if (action === 'confirm') {
          const payment = ledgerPayment(row)
          await recordJournal(tx, row.id, receivedLines(payment))
          // Stripe pays the payee out with the charge (a destination charge).
          if (row.payoutMode === 'stripe') await recordJournal(tx, row.id, payoutLines(payment))
        }
        if (action === 'refund') await recordJournal(tx, row.id, await reversalLines(tx, row.id))
        for (const listener of listeners) await listener(tx, row.id, status)
      },
    })
    if (outcome.ok) return { ok: true, changed: outcome.changed, status: outcome.to }
    return { ok: false, reason: outcome.reason === 'not-found' ? 'not-found' : 'not-allowed' }
  }
  return options.tx ? run(options.tx) : prisma.$transaction(run)
}

/** A provider's report, applied once: a replay or a late duplicate is a no-op. */
export async function applyProviderEvent(event: ProviderEvent, actorId: string | null = null): Promise<PaymentChange> {
  const action: PaymentAction = { paid: 'confirm', failed: 'fail', expired: 'cancel', refunded: 'refund' }[event.type] as PaymentAction
  const change = await changePayment(event.paymentId, action, {
    actorId,
    at: event.at,
    providerPaymentId: event.type === 'paid' ? event.providerPaymentId : undefined,
    providerRefundId: event.type === 'refunded' ? event.providerRefundId : undefined,
  })
  // Out of order (e.g. "expired" after "paid"): the later state stands, nothing to do.
  if (!change.ok && change.reason === 'not-allowed') log.info('payment event ignored in this state', { paymentId: event.paymentId, type: event.type })
  return change
}

/**
 * Refunds a paid payment through its provider (Stripe), or records one an admin made by hand
 * (bank transfer). `adminId` null: the system (a need that expired unfunded).
 */
export async function refundPayment(adminId: string | null, paymentId: string, reason: string): Promise<PaymentChange> {
  const payment = await prisma.payment.findUnique({ where: { id: paymentId }, select: { id: true, status: true, method: true, stripePaymentId: true, amount: true, currency: true, payoutAccountId: true } })
  if (!payment) return { ok: false, reason: 'not-found' }
  if (payment.status === 'refunded') return { ok: true, changed: false, status: 'refunded' }
  if (payment.status !== 'paid') return { ok: false, reason: 'not-allowed' }
  const outcome = await paymentProvider(payment.method).refund({
    id: payment.id,
    stripePaymentId: payment.stripePaymentId,
    amount: Number(payment.amount),
    currency: payment.currency,
    payoutAccountId: payment.payoutAccountId,
  })
  return prisma.$transaction(async (tx) => {
    const change = await changePayment(paymentId, 'refund', { actorId: adminId, reason, providerRefundId: outcome.providerRefundId ?? undefined, tx })
    if (change.ok && change.changed) await recordAudit(tx, adminId, 'payment.refund-recorded', 'Payment', paymentId, { manual: outcome.manual, reason })
    return change
  })
}

/** An admin records a manual payout (Stripe cannot pay this payee out). */
export async function recordManualPayout(adminId: string, paymentId: string, at = new Date()): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.payment.updateMany({ where: { id: paymentId, status: 'paid', payoutMode: 'manual', payoutPaidAt: null }, data: { payoutPaidAt: at, payoutPaidById: adminId } })
    if (!count) return false
    const row = await tx.payment.findUniqueOrThrow({ where: { id: paymentId }, select: paymentColumns })
    await recordJournal(tx, paymentId, payoutLines(ledgerPayment(row)))
    await recordAudit(tx, adminId, 'payment.payout', 'Payment', paymentId)
    return true
  })
}
