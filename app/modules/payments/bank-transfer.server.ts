import { prisma } from '~/modules/db/db.server'
import { getEnv } from '~/modules/runtime/env.server'
import { availableMethods, paymentProvider, registerPaymentProvider } from './payments.server'
import type { PaymentMethod, PaymentProvider } from './provider'
import { qrSvg } from './qr-svg.server'
import { bankName, vietQrPayload } from './vietqr'

// The bank-transfer rail (VND only): the payer's banking app scans a VietQR code that fills in
// the platform's account, the amount and the payment's reference as the transfer content; an
// admin uploads the bank statement and each line is matched by that reference
// (statements.server.ts), or marks the money received by hand. Nothing is called: the
// provider's start() only says how long the instruction stays open, and a refund is money an
// admin sends back by hand and records. docs/decisions/021-bank-transfer-rail.md

/** Bank transfers reach the platform's VND account: no other currency. */
export const BANK_TRANSFER_CURRENCY = 'VND'

const DAY_MS = 24 * 60 * 60 * 1000

export const bankTransferProvider: PaymentProvider = {
  method: 'bank_transfer',
  available: () => true,
  async start(payment) {
    if (payment.currency !== BANK_TRANSFER_CURRENCY) throw new Error(`bank transfers are in ${BANK_TRANSFER_CURRENCY} only, not ${payment.currency}`)
    return { kind: 'instruction', expiresAt: new Date(Date.now() + getEnv().BANK_TRANSFER_DAYS * DAY_MS) }
  },
  async refund() {
    // The platform's bank has no API: an admin sends the money back and the refund is recorded.
    return { providerRefundId: null, manual: true }
  },
}

registerPaymentProvider(bankTransferProvider)

/** Whether a rail can take a payment in this currency (bank transfer: VND only; card: any). */
export function methodAccepts(method: PaymentMethod, currency: string): boolean {
  return method !== 'bank_transfer' || currency === BANK_TRANSFER_CURRENCY
}

/** The rails a payer may choose for an amount in `currency` now: bank transfer for VND only, card with Stripe's keys. */
export function methodsFor(currency: string): PaymentMethod[] {
  return availableMethods().filter((method) => methodAccepts(method, currency))
}

export type BankInstruction = {
  paymentId: string
  status: string
  bankName: string
  bankBin: string
  account: string
  accountName: string
  /** whole đồng */
  amount: number
  currency: string
  reference: string
  /** the VietQR (EMVCo) payload, e.g. to copy */
  qrPayload: string
  /** the same as an SVG document */
  qrSvg: string
  expiresAt: Date | null
}

const instructionColumns = { id: true, method: true, status: true, amount: true, currency: true, reference: true, expiresAt: true } as const

/**
 * What the payer needs to pay a bank-transfer payment: the platform's account, the amount and
 * the reference, and the VietQR code holding all three. Null when there is no such bank
 * transfer. Who may see it (the payer's organisation) is the caller's check.
 */
export async function bankInstruction(paymentId: string): Promise<BankInstruction | null> {
  const payment = await prisma.payment.findUnique({ where: { id: paymentId }, select: instructionColumns })
  if (!payment || payment.method !== 'bank_transfer' || payment.currency !== BANK_TRANSFER_CURRENCY) return null
  const env = getEnv()
  const amount = Number(payment.amount)
  const qrPayload = vietQrPayload({ bankBin: env.PLATFORM_BANK_BIN, account: env.PLATFORM_BANK_ACCOUNT, amount, reference: payment.reference })
  return {
    paymentId: payment.id,
    status: payment.status,
    bankName: bankName(env.PLATFORM_BANK_BIN),
    bankBin: env.PLATFORM_BANK_BIN,
    account: env.PLATFORM_BANK_ACCOUNT,
    accountName: env.PLATFORM_BANK_ACCOUNT_NAME,
    amount,
    currency: payment.currency,
    reference: payment.reference,
    qrPayload,
    qrSvg: await qrSvg(qrPayload),
    expiresAt: payment.expiresAt,
  }
}

/**
 * Opens a pending bank-transfer payment (created with createPayment): its instruction lapses
 * BANK_TRANSFER_DAYS from the first time it is opened; opening it again keeps that date.
 * Null when the payment is not a pending VND bank transfer.
 */
export async function startBankTransfer(paymentId: string): Promise<BankInstruction | null> {
  const payment = await prisma.payment.findUnique({
    where: { id: paymentId },
    select: { id: true, method: true, status: true, purpose: true, amount: true, currency: true, platformFee: true, payoutAccountId: true, reference: true, expiresAt: true },
  })
  if (!payment || payment.method !== 'bank_transfer' || payment.status !== 'pending' || payment.currency !== BANK_TRANSFER_CURRENCY) return null
  if (!payment.expiresAt) {
    const started = await paymentProvider('bank_transfer').start({
      id: payment.id,
      reference: payment.reference,
      purpose: payment.purpose,
      amount: Number(payment.amount),
      currency: payment.currency,
      platformFee: Number(payment.platformFee ?? 0n),
      payoutAccountId: payment.payoutAccountId,
      description: payment.reference,
      payerEmail: null,
      locale: 'vi',
      returnUrl: '',
    })
    // Conditional: a second tab opening it at the same moment keeps the first date.
    await prisma.payment.updateMany({ where: { id: payment.id, expiresAt: null }, data: { expiresAt: started.expiresAt } })
  }
  return bankInstruction(payment.id)
}
