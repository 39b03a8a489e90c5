import { prisma } from '~/modules/db/db.server'
import { PAYMENT_LIFECYCLE } from './lifecycle'
import { changePayment } from './payments.server'

// Unpaid payments lapse: a bank-transfer instruction after BANK_TRANSFER_DAYS, a Checkout
// session when Stripe closes it. The hourly schedule `payments.expire`
// (composition/schedules.server.ts) cancels every pending payment past its expiresAt, each
// through the lifecycle (locked, audited), so a payment confirmed meanwhile is left paid.
// Money that still arrives later counts: `confirm` starts from `cancelled` too.

const BATCH = 200

/** Cancels pending payments whose instruction or session lapsed before `now`; returns how many. Idempotent. */
export async function expireUnpaidPayments(now = new Date()): Promise<number> {
  const { from } = PAYMENT_LIFECYCLE.transitions.cancel
  let cancelled = 0
  let after = ''
  for (;;) {
    const due = await prisma.payment.findMany({
      where: { status: { in: [...from] }, expiresAt: { lt: now }, id: { gt: after } },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: BATCH,
    })
    for (const { id } of due) {
      const change = await changePayment(id, 'cancel', { at: now })
      if (change.ok && change.changed) cancelled++
    }
    if (due.length < BATCH) return cancelled
    after = due[due.length - 1]!.id
  }
}
