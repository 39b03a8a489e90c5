import type { CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'
import { log } from '~/modules/runtime/logger.server'
import { isCurrency } from '~/utils/money'
import { convertMinor, fundingOf } from './funding.server'
import { recordJournal } from './ledger.server'
import { ACCOUNTS, refundPayment } from './payments.server'
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

// ───────────────────────────── moving a contribution ─────────────────────────────

/** The college's view of an expired, unfunded need: contributions it may move, and where to. */
export async function movableContributionsPage(user: CurrentUser, needKey: string | undefined) {
  const need = await ownNeed(user, needKey)
  const movable = (await unfundedContributions()).filter((c) => c.ifUnfunded === 'reassign').map((c) => c.id)
  const [payments, targets] = await Promise.all([
    prisma.payment.findMany({
      where: { id: { in: movable }, needId: need.id },
      orderBy: { paidAt: 'asc' },
      select: { id: true, reference: true, amount: true, currency: true, payerOrg: { select: { name: true, nameVi: true } } },
    }),
    prisma.need.findMany({
      where: { orgId: need.orgId, ...LISTED_WHERE, fundingGoal: { not: null }, id: { not: need.id } },
      orderBy: { createdAt: 'desc' },
      select: { key: true, title: true },
    }),
  ])
  return {
    need: { key: need.key, title: need.title },
    contributions: payments.map((p) => ({ id: p.id, reference: p.reference, amount: Number(p.amount), currency: p.currency, sponsor: p.payerOrg })),
    targets,
  }
}

async function ownNeed(user: CurrentUser, needKey: string | undefined) {
  const need = needKey ? await prisma.need.findUnique({ where: { key: needKey }, select: { id: true, key: true, title: true, orgId: true } }) : null
  // Not the college's own need: the same 404 as one that does not exist.
  if (!need || !user.memberships.some((m) => m.org.id === need.orgId) || user.platformRole === 'city_viewer') throw new Response('Not Found', { status: 404 })
  return need
}

export type MoveRefusal = 'not-movable' | 'target' | 'over-remaining' | 'no-rate'

/**
 * Moves a contribution whose sponsor consented, from the college's expired, unfunded need to
 * another of its needs still seeking money (at most what that one still needs): the payment
 * is re-pointed, and the ledger moves the money from one need's account to the other's.
 */
export async function moveContribution(user: CurrentUser, needKey: string | undefined, paymentId: string, targetKey: string): Promise<{ ok: true } | { ok: false; refusal: MoveRefusal }> {
  const need = await ownNeed(user, needKey)
  const movable = (await unfundedContributions()).some((c) => c.id === paymentId && c.ifUnfunded === 'reassign')
  if (!movable) return { ok: false, refusal: 'not-movable' }
  const target = await prisma.need.findFirst({ where: { key: targetKey, orgId: need.orgId, ...LISTED_WHERE, fundingGoal: { not: null } }, select: { id: true, fundingCurrency: true } })
  if (!target || target.id === need.id || !target.fundingCurrency || !isCurrency(target.fundingCurrency)) return { ok: false, refusal: 'target' }
  const payment = await prisma.payment.findUniqueOrThrow({ where: { id: paymentId }, select: { needId: true, amount: true, currency: true } })
  if (payment.needId !== need.id || !isCurrency(payment.currency)) return { ok: false, refusal: 'not-movable' }
  const credit = await convertMinor(Number(payment.amount), payment.currency, target.fundingCurrency)
  if (credit === null) return { ok: false, refusal: 'no-rate' }
  return prisma.$transaction(async (tx) => {
    // Both needs locked in one order, so two moves cannot deadlock; the remainder is read under the lock.
    for (const id of [need.id, target.id].sort()) await tx.$queryRaw`SELECT 1 FROM "Need" WHERE id = ${id} FOR UPDATE`
    const funding = await fundingOf(tx, target.id)
    if (!funding || credit > funding.remaining) return { ok: false as const, refusal: 'over-remaining' as const }
    const { count } = await tx.payment.updateMany({ where: { id: paymentId, needId: need.id, status: 'paid' }, data: { needId: target.id, creditAmount: BigInt(credit), creditCurrency: target.fundingCurrency } })
    if (!count) return { ok: false as const, refusal: 'not-movable' as const }
    await recordJournal(tx, paymentId, [
      { account: ACCOUNTS.need(need.id), amount: -payment.amount, currency: payment.currency, memo: 'moved with the sponsor’s consent' },
      { account: ACCOUNTS.need(target.id), amount: payment.amount, currency: payment.currency, memo: 'moved with the sponsor’s consent' },
    ])
    await recordAudit(tx, user.id, 'payment.move', 'Payment', paymentId, { from: need.id, to: target.id })
    return { ok: true as const }
  })
}
