import { prisma } from '~/modules/db/db.server'
import { log } from '~/modules/runtime/logger.server'
import { fundingOf } from './funding.server'
import { refundPayment } from './payments.server'
import './providers.server'

// A need that expires before its funding goal is met: each sponsor chose, when paying, to be
// refunded or to let the college move the money to another of its needs. Card payments to be
// refunded are refunded through Stripe by the `payments.unfunded` schedule; bank transfers to
// be refunded are listed for the admins, who return the money by hand and record it.

export const UNFUNDED_REASON = 'need expired before its funding goal was met'

/** Ids of paid contributions to needs that expired short of their goal, with the sponsor's choice. */
export async function unfundedContributions(): Promise<{ id: string; method: 'stripe_checkout' | 'bank_transfer'; ifUnfunded: string }[]> {
  const rows = await prisma.payment.findMany({
    where: { purpose: 'sponsorship', status: 'paid', need: { status: 'expired', fundingGoal: { not: null } } },
    select: { id: true, method: true, ifUnfunded: true, needId: true },
  })
  const shortfall = new Map<string, boolean>()
  for (const needId of new Set(rows.map((r) => r.needId!))) {
    const funding = await fundingOf(prisma, needId)
    shortfall.set(needId, !!funding && funding.raised < funding.goal.amount)
  }
  return rows.filter((r) => shortfall.get(r.needId!)).map(({ id, method, ifUnfunded }) => ({ id, method, ifUnfunded }))
}

/** Refunds, through Stripe, the card contributions of needs that expired unfunded whose sponsors asked for it. */
export async function refundUnfundedCardContributions(): Promise<number> {
  let refunded = 0
  for (const contribution of await unfundedContributions()) {
    if (contribution.ifUnfunded !== 'refund' || contribution.method !== 'stripe_checkout') continue
    try {
      const change = await refundPayment(null, contribution.id, UNFUNDED_REASON)
      if (change.ok && change.changed) refunded++
    } catch (error) {
      // Stripe unreachable: the next run tries again.
      log.warn('refunding an unfunded contribution failed', { paymentId: contribution.id, error: error instanceof Error ? error.message : String(error) })
    }
  }
  return refunded
}
