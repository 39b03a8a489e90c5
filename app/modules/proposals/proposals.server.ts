import { Prisma } from '~/generated/prisma/client'
import type { CurrentUser } from '~/modules/accounts/permissions.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import type { EmailTemplate } from '~/modules/email/templates.server'
import { transition } from '~/modules/lifecycle/transition.server'
import { calendarDate, fillListing } from '~/modules/listings/listings.server'
import { recordAgreement } from './agreements.server'
import { partyMembers, partyName } from './parties.server'
import { OFFER_KINDS_FOR_NEED, type NeedKind, type OfferKind } from '~/modules/listings/vocabulary'
import { canManageListing, isListed, viewerFrom } from '~/modules/listings/visibility'
import { notify } from '~/modules/notifications/notifications.server'
import { getEnv } from '~/modules/runtime/env.server'
import { PROPOSAL_LIFECYCLE, ACTIONS_OF, type ProposalAction, type ProposalStatus } from './lifecycle'
import { canSeeProposal, needParty, offerParty, roleIn, type Party } from './parties'
import { proposedRate, type ProposeForm } from './schemas'

// Proposals: one side of a need–offer pairing proposes, the other answers. Every state change
// runs through the lifecycle engine (lock, check, update, audit, outbox) with the rules here:
// who may act, the caps and pair rules against spam, and the quantities an acceptance takes
// from both listings under row locks, so two acceptances racing for the last places never
// overbook. docs/decisions/015-proposals.md

const DAY_MS = 24 * 60 * 60 * 1000
/** A declined pair cannot be proposed again for this long. */
export const DECLINED_PAIR_DAYS = 30

export type ProposalError =
  | 'not-found'
  | 'not-yours'
  | 'own-pair'
  | 'not-open'
  | 'incompatible'
  | 'blocked'
  | 'open-exists'
  | 'declined-recently'
  | 'cap'
  | 'over-remaining'
  | 'listing-closed'
  | 'not-allowed'
export type ProposalFailure = { ok: false; error: ProposalError; field?: 'quantity' | 'needKey' | 'offerKey'; values?: Record<string, string | number> }
const fail = (error: ProposalError, extra: Omit<ProposalFailure, 'ok' | 'error'> = {}): ProposalFailure => ({ ok: false, error, ...extra })

/**
 * What an acceptance takes from both listings: students for a placement, units of equipment,
 * one engagement for an expert. A sponsorship gives money (payments), not places.
 */
export function countsQuantity(needKind: NeedKind, offerKind: OfferKind): boolean {
  return offerKind !== 'sponsorship' && OFFER_KINDS_FOR_NEED[needKind].includes(offerKind)
}

const needColumns = { id: true, key: true, title: true, kind: true, orgId: true, quantity: true, status: true, pendingReview: true, hiddenAt: true, startDate: true, endDate: true } as const
const offerColumns = { id: true, key: true, title: true, kind: true, orgId: true, expertId: true, capacity: true, status: true, pendingReview: true, hiddenAt: true, startDate: true, endDate: true } as const

/** Places, units or engagements still free on each side (null: the offer sets no limit). */
export async function remainingOf(
  tx: Tx,
  need: { id: string; kind: NeedKind; quantity: number },
  offer: { id: string; capacity: number | null },
): Promise<{ need: number; offer: number | null }> {
  const taken = async (where: Prisma.ProposalWhereInput) =>
    (await tx.proposal.aggregate({ where: { ...where, status: 'accepted' }, _sum: { quantity: true } }))._sum.quantity ?? 0
  return {
    need: need.quantity - (await taken({ needId: need.id })),
    offer: offer.capacity === null ? null : offer.capacity - (await taken({ offerId: offer.id })),
  }
}

function isVerifiedParty(user: CurrentUser, party: Party): boolean {
  const [kind, id] = party.split(':') as ['org' | 'expert', string]
  if (kind === 'expert') return user.expertProfile?.id === id && user.expertProfile.verification === 'verified'
  return user.memberships.some((m) => m.org.id === id && m.org.verification === 'verified')
}

export type ProposalEvent = Extract<EmailTemplate, { name: 'proposal' }>['event']

/**
 * Notifies everyone acting for `party` about the proposal (not the actor): in the app, and by
 * each one's preference for the event's kind (`proposal.<event>`) an email at once in their
 * language, a line in the daily digest, or nothing (app/modules/notifications).
 */
export async function notifyParty(tx: Tx, party: string, proposalId: string, event: ProposalEvent, options: { actorId?: string; reason?: string } = {}) {
  const proposal = await tx.proposal.findUniqueOrThrow({
    where: { id: proposalId },
    select: { senderParty: true, recipientParty: true, need: { select: { title: true } }, offer: { select: { title: true } } },
  })
  const counterpart = party === proposal.senderParty ? proposal.recipientParty : proposal.senderParty
  const names = new Map<string, Promise<string>>()
  const counterpartIn = (lng: string) => {
    if (!names.has(lng)) names.set(lng, partyName(tx, counterpart, lng))
    return names.get(lng)!
  }
  const members = await partyMembers(tx, party)
  await notify(tx, {
    userIds: members.map((member) => member.id),
    kind: `proposal.${event}`,
    actorId: options.actorId,
    link: `/proposals/${proposalId}`,
    params: async (recipient) => ({
      counterpart: await counterpartIn(recipient.locale),
      need: proposal.need.title,
      offer: proposal.offer.title,
      ...(options.reason ? { reason: options.reason } : {}),
    }),
    email: async (recipient) => ({
      name: 'proposal',
      event,
      recipientName: recipient.name,
      counterpart: await counterpartIn(recipient.locale),
      needTitle: proposal.need.title,
      offerTitle: proposal.offer.title,
      reason: options.reason,
      url: `${getEnv().appUrl}/proposals/${proposalId}`,
    }),
  })
}

export type CreatedProposal = { ok: true; id: string }

/**
 * Sends a proposal from the user's own listing (need or offer) to the other. Refused: another
 * party's pair, a listing not open, kinds that do not pair, a recipient who blocked the
 * sender, a pair already open or declined within 30 days, the sender's daily cap, or more
 * than both listings have left.
 */
export async function createProposal(user: CurrentUser, form: ProposeForm, now = new Date()): Promise<CreatedProposal | ProposalFailure> {
  const env = getEnv()
  try {
    return await prisma.$transaction(async (tx) => {
      const need = await tx.need.findUnique({ where: { key: form.needKey }, select: needColumns })
      const offer = await tx.offer.findUnique({ where: { key: form.offerKey }, select: offerColumns })
      const viewer = viewerFrom(user)!
      if (!need || !offer) return fail('not-found', { field: !need ? 'needKey' : 'offerKey' })
      const ownsNeed = canManageListing(viewer, { orgId: need.orgId, expertId: null })
      const ownsOffer = canManageListing(viewer, offer)
      if (viewer.readOnly || (!ownsNeed && !ownsOffer)) return fail('not-yours')
      if (ownsNeed && ownsOffer) return fail('own-pair')
      const fromSide = ownsNeed ? 'need' : 'offer'
      const [own, other] = fromSide === 'need' ? [need, offer] : [offer, need]
      // The other side must be listed; the sender's own listing must be open (and not hidden).
      if (!isListed(other)) return fail('not-found', { field: fromSide === 'need' ? 'offerKey' : 'needKey' })
      if (own.status !== 'open' || own.hiddenAt) return fail('not-open', { field: fromSide === 'need' ? 'needKey' : 'offerKey' })
      if (!OFFER_KINDS_FOR_NEED[need.kind].includes(offer.kind)) return fail('incompatible')
      const senderParty = fromSide === 'need' ? needParty(need) : offerParty(offer)
      const recipientParty = fromSide === 'need' ? offerParty(offer) : needParty(need)
      // One sender at a time: two tabs cannot both take the last proposal of the day.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${senderParty}))`
      if (await tx.partyBlock.findUnique({ where: { blocker_blocked: { blocker: recipientParty, blocked: senderParty } } })) return fail('blocked')
      const open = await tx.proposal.findFirst({ where: { needId: need.id, offerId: offer.id, status: 'sent' }, select: { id: true } })
      if (open) return fail('open-exists', { values: { id: open.id } })
      const declined = await tx.proposal.findFirst({
        where: { needId: need.id, offerId: offer.id, status: 'declined', decidedAt: { gt: new Date(now.getTime() - DECLINED_PAIR_DAYS * DAY_MS) } },
        orderBy: { decidedAt: 'desc' },
        select: { decidedAt: true },
      })
      if (declined?.decidedAt) {
        return fail('declined-recently', { values: { days: Math.ceil((declined.decidedAt.getTime() + DECLINED_PAIR_DAYS * DAY_MS - now.getTime()) / DAY_MS) } })
      }
      const cap = isVerifiedParty(user, senderParty) ? env.PROPOSALS_PER_DAY : env.PROPOSALS_PER_DAY_UNVERIFIED
      const sentToday = await tx.proposal.count({ where: { senderParty, createdAt: { gt: new Date(now.getTime() - DAY_MS) } } })
      if (sentToday >= cap) return fail('cap', { values: { cap } })

      const rate = proposedRate.of(form)
      let quantity: number | null = null
      if (countsQuantity(need.kind, offer.kind)) {
        const left = await remainingOf(tx, need, offer)
        const available = Math.min(left.need, left.offer ?? Infinity)
        // An expert is engaged once; students and units as many as asked, 1 by default.
        quantity = need.kind === 'expert' ? 1 : (form.quantity ?? Math.max(1, Math.min(available, need.quantity)))
        if (quantity > available) return fail('over-remaining', { field: 'quantity', values: { available: Math.max(0, available) } })
      }
      const proposal = await tx.proposal.create({
        data: {
          needId: need.id,
          offerId: offer.id,
          fromSide,
          senderParty,
          recipientParty,
          authorId: user.id,
          message: form.message ?? '',
          quantity,
          rateAmount: rate ? BigInt(rate.minor) : null,
          rateCurrency: rate?.currency ?? null,
          ratePer: rate ? (form.ratePer ?? null) : null,
          startDate: form.startDate ? calendarDate(form.startDate) : null,
          endDate: form.endDate ? calendarDate(form.endDate) : null,
          expiresAt: new Date(now.getTime() + env.PROPOSAL_EXPIRY_DAYS * DAY_MS),
        },
        select: { id: true },
      })
      // The author has read what they wrote.
      await tx.proposalRead.create({ data: { proposalId: proposal.id, userId: user.id, lastReadAt: now } })
      await recordAudit(tx, user.id, 'proposal.send', 'Proposal', proposal.id, { needKey: need.key, offerKey: offer.key, fromSide, quantity })
      await notifyParty(tx, recipientParty, proposal.id, 'received')
      return { ok: true as const, id: proposal.id }
    })
  } catch (error) {
    // The partial unique index: the same pair was proposed at this very moment by someone else.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return fail('open-exists')
    throw error
  }
}


const decisionColumns = {
  id: true,
  status: true,
  senderParty: true,
  recipientParty: true,
  quantity: true,
  needId: true,
  offerId: true,
  startDate: true,
  endDate: true,
  rateAmount: true,
  rateCurrency: true,
  ratePer: true,
} as const

export type DecidedProposal = { ok: true; status: ProposalStatus; changed: boolean }

/**
 * A party's answer: the recipient accepts or declines, the sender withdraws. Accepting locks
 * the need and then the offer (always in that order, so two acceptances cannot deadlock),
 * checks both are still open and have enough left, records the agreement, and fills a
 * listing whose quantity is now covered.
 */
export async function decideProposal(
  user: CurrentUser,
  proposalId: string,
  action: ProposalAction,
  options: { reason?: string; now?: Date } = {},
): Promise<DecidedProposal | ProposalFailure> {
  const viewer = viewerFrom(user)
  const now = options.now ?? new Date()
  return prisma.$transaction(async (tx) => {
    const outcome = await transition(tx, {
      lifecycle: PROPOSAL_LIFECYCLE,
      action,
      table: 'Proposal',
      id: proposalId,
      actorId: user.id,
      auditName: 'proposal',
      load: async (tx) => {
        const row = await tx.proposal.findUnique({ where: { id: proposalId }, select: decisionColumns })
        return row && canSeeProposal(viewer, row) ? row : null
      },
      guard: async (tx, row) => {
        const role = roleIn(viewer, row)
        if (!role || !ACTIONS_OF[role].includes(action)) return fail('not-allowed')
        if (action !== 'accept') return null
        return acceptanceRefusal(tx, row)
      },
      update: (tx, _row, status) =>
        tx.proposal.update({
          where: { id: proposalId },
          data: { status, decidedAt: now, decidedById: user.id, ...(action === 'decline' && options.reason ? { declineReason: options.reason } : {}) },
        }),
      events: async (tx, row) => {
        if (action === 'accept') await recordAcceptance(tx, row)
        const notified = action === 'withdraw' ? row.recipientParty : row.senderParty
        const event = action === 'accept' ? 'accepted' : action === 'decline' ? 'declined' : 'withdrawn'
        await notifyParty(tx, notified, proposalId, event, { reason: options.reason })
      },
    })
    if (outcome.ok) return { ok: true as const, status: outcome.to, changed: outcome.changed }
    if (outcome.reason === 'refused') return outcome.refusal
    return fail(outcome.reason === 'not-found' ? 'not-found' : 'not-allowed')
  })
}

type DecisionRow = Prisma.ProposalGetPayload<{ select: typeof decisionColumns }>

/** Locks both listings (need first) and checks the acceptance still fits them. */
async function acceptanceRefusal(tx: Tx, row: DecisionRow): Promise<ProposalFailure | null> {
  await tx.$queryRaw`SELECT 1 FROM "Need" WHERE id = ${row.needId} FOR UPDATE`
  await tx.$queryRaw`SELECT 1 FROM "Offer" WHERE id = ${row.offerId} FOR UPDATE`
  const need = await tx.need.findUniqueOrThrow({ where: { id: row.needId }, select: needColumns })
  const offer = await tx.offer.findUniqueOrThrow({ where: { id: row.offerId }, select: offerColumns })
  // Filled by other acceptances: no places left. Closed, expired or hidden: no longer on offer.
  if (need.status === 'filled' || offer.status === 'filled') return fail('over-remaining', { values: { available: 0 } })
  if (need.status !== 'open' || offer.status !== 'open' || need.hiddenAt || offer.hiddenAt) return fail('listing-closed')
  if (row.quantity === null) return null
  const left = await remainingOf(tx, need, offer)
  const available = Math.min(left.need, left.offer ?? Infinity)
  return row.quantity > available ? fail('over-remaining', { values: { available: Math.max(0, available) } }) : null
}

/** The agreement an acceptance creates, and the listings it fills. */
async function recordAcceptance(tx: Tx, row: DecisionRow) {
  const need = await tx.need.findUniqueOrThrow({ where: { id: row.needId }, select: needColumns })
  const offer = await tx.offer.findUniqueOrThrow({ where: { id: row.offerId }, select: offerColumns })
  await recordAgreement(tx, row)
  if (row.quantity === null) return
  // The status just updated is already visible inside this transaction.
  const left = await remainingOf(tx, need, offer)
  if (left.need <= 0) await fillListing(tx, 'need', need.id)
  if (left.offer !== null && left.offer <= 0) await fillListing(tx, 'offer', offer.id)
}

/**
 * Unanswered proposals past their date expire (the system acts, audited with no actor), and
 * their senders are told. Run by the `proposals.expire` schedule.
 */
export async function expireProposals(now = new Date(), batch = 200): Promise<number> {
  const due = await prisma.proposal.findMany({ where: { status: 'sent', expiresAt: { lte: now } }, select: { id: true }, take: batch, orderBy: { expiresAt: 'asc' } })
  let expired = 0
  for (const { id } of due) {
    const changed = await prisma.$transaction(async (tx) => {
      const outcome = await transition(tx, {
        lifecycle: PROPOSAL_LIFECYCLE,
        action: 'expire',
        table: 'Proposal',
        id,
        actorId: null,
        auditName: 'proposal',
        load: (tx) => tx.proposal.findUnique({ where: { id }, select: { status: true, senderParty: true, expiresAt: true } }),
        // Answered or given more time since the list was read: leave it.
        guard: async (_tx, row) => (row.expiresAt > now ? 'not-due' : null),
        update: (tx, _row, status) => tx.proposal.update({ where: { id }, data: { status, decidedAt: now } }),
        events: (tx, row) => notifyParty(tx, row.senderParty, id, 'expired'),
      })
      return outcome.ok && outcome.changed
    })
    if (changed) expired++
  }
  return expired
}

/** Reminds recipients of proposals that expire within the lead time (2 days; 1 when the period is short), once. */
export async function remindProposals(now = new Date(), batch = 200): Promise<number> {
  const leadDays = getEnv().PROPOSAL_EXPIRY_DAYS > 3 ? 2 : 1
  const due = await prisma.proposal.findMany({
    where: { status: 'sent', remindedAt: null, expiresAt: { lte: new Date(now.getTime() + leadDays * DAY_MS), gt: now } },
    select: { id: true, recipientParty: true },
    take: batch,
  })
  let reminded = 0
  for (const proposal of due) {
    await prisma.$transaction(async (tx) => {
      // Conditional: another instance may have reminded it a moment ago.
      const { count } = await tx.proposal.updateMany({ where: { id: proposal.id, status: 'sent', remindedAt: null }, data: { remindedAt: now } })
      if (!count) return
      await notifyParty(tx, proposal.recipientParty, proposal.id, 'reminder')
      reminded++
    })
  }
  return reminded
}
