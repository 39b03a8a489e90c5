import { defineLifecycle } from '~/modules/lifecycle/lifecycle'

// A payment's status, run by the lifecycle engine (payments.server.ts).
//
//   action   from                        to         who
//   confirm  pending, cancelled, failed  paid       the provider (a signed Stripe webhook, the reconciliation
//                                                   job) or an admin (a bank transfer seen on the statement);
//                                                   money that arrives late still counts
//   fail     pending                     failed     the provider (the card was declined for good)
//   cancel   pending                     cancelled  the payer, or expiry of an unpaid session or instruction
//   refund   paid                        refunded   an admin (Stripe refund, or a manual one recorded)

export const PAYMENT_STATUSES = ['pending', 'paid', 'failed', 'refunded', 'cancelled'] as const
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number]

export const PAYMENT_LIFECYCLE = defineLifecycle({
  states: PAYMENT_STATUSES,
  transitions: {
    confirm: { from: ['pending', 'cancelled', 'failed'], to: 'paid' },
    fail: { from: ['pending'], to: 'failed' },
    cancel: { from: ['pending'], to: 'cancelled' },
    refund: { from: ['paid'], to: 'refunded' },
  },
})
export type PaymentAction = keyof typeof PAYMENT_LIFECYCLE.transitions
