// One payments interface, a provider per rail: Stripe (card payers, Connect payouts) and bank
// transfer (VietQR, reconciled from the bank statement). Providers talk to the outside world
// only; payments.server.ts records every state change through the lifecycle engine and the
// ledger. docs/decisions/019-payments.md

export type PaymentMethod = 'stripe_checkout' | 'bank_transfer'

/** What a provider needs to start collecting a payment. */
export type PaymentToStart = {
  id: string
  reference: string
  purpose: 'sponsorship' | 'expert_contract'
  /** minor units of `currency` */
  amount: number
  currency: string
  /** minor units of `currency`, kept by the platform (an expert contract's fee) */
  platformFee: number
  /** the payee's Stripe connected account, when Stripe pays them out */
  payoutAccountId: string | null
  /** what the payer sees on the provider's page */
  description: string
  payerEmail: string | null
  locale: 'vi' | 'en'
  /** where the payer comes back to */
  returnUrl: string
  /** when an unpaid session lapses; fixed by the caller so that a retry sends the same request (Stripe's idempotency keys) */
  expiresAt?: Date
}

export type StartedPayment =
  /** Stripe: send the payer to the hosted page */
  | { kind: 'redirect'; url: string; sessionId: string; expiresAt: Date }
  /** Bank transfer: show the instruction (and its VietQR code) */
  | { kind: 'instruction'; expiresAt: Date }

/** A payment fact a provider reports (a webhook, a reconciliation, a statement line). */
export type ProviderEvent =
  | { type: 'paid'; paymentId: string; providerPaymentId?: string; at: Date }
  | { type: 'failed'; paymentId: string; at: Date }
  | { type: 'expired'; paymentId: string; at: Date }
  | { type: 'refunded'; paymentId: string; providerRefundId?: string; at: Date }

export type RefundOutcome = { providerRefundId: string | null; manual: boolean }

export interface PaymentProvider {
  readonly method: PaymentMethod
  /** Whether this rail can be offered now (Stripe needs its keys). */
  available(): boolean
  start(payment: PaymentToStart): Promise<StartedPayment>
  /** Returns the money to the payer (Stripe), or says an admin does it by hand (bank transfer). */
  refund(payment: { id: string; stripePaymentId: string | null; amount: number; currency: string; payoutAccountId: string | null }): Promise<RefundOutcome>
}
