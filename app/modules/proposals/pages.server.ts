import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { calendarDay, type ListingType } from '~/modules/listings/view'
import { isListed, LISTED_WHERE, viewerFrom, type Viewer } from '~/modules/listings/visibility'
import { NEED_KINDS_FOR_OFFER, OFFER_KINDS_FOR_NEED, type NeedKind, type OfferKind } from '~/modules/listings/vocabulary'
import { readForm } from '~/modules/runtime/form.server'
import { proposalActionsFor, type ProposalStatus } from './lifecycle'
import { canSeeProposal, hideContacts, needParty, offerParty, partiesOf, roleIn } from './parties'
import { partyMembers, partyNames } from './parties.server'
import { countsQuantity, createProposal, decideProposal, remainingOf, type ProposalFailure } from './proposals.server'
import { ProposalPageSchema, ProposeSchema } from './schemas'
import { isBlocked, markRead, postMessage, reportMessage, setBlock, unreadByProposal } from './threads.server'

// What the proposal pages show and what their forms do: the inbox (/proposals), the
// propose form (/proposals/new) and a proposal with its thread (/proposals/{id}). Every
// loader and action checks that the user is a party (admins read); others get 404.

const ERROR_KEYS: Record<ProposalFailure['error'], string> = {
  'not-found': 'proposals.errors.notFound',
  'not-yours': 'proposals.errors.notYours',
  'own-pair': 'proposals.errors.ownPair',
  'not-open': 'proposals.errors.notOpen',
  incompatible: 'proposals.errors.incompatible',
  blocked: 'proposals.errors.blocked',
  'open-exists': 'proposals.errors.openExists',
  'declined-recently': 'proposals.errors.declinedRecently',
  cap: 'proposals.errors.cap',
  'over-remaining': 'proposals.errors.overRemaining',
  'listing-closed': 'proposals.errors.listingClosed',
  'not-allowed': 'proposals.errors.notAllowed',
}
const STATUS_OF: Record<ProposalFailure['error'], number> = {
  'not-found': 404,
  'not-yours': 403,
  'own-pair': 400,
  'not-open': 409,
  incompatible: 400,
  blocked: 403,
  'open-exists': 409,
  'declined-recently': 409,
  cap: 429,
  'over-remaining': 409,
  'listing-closed': 409,
  'not-allowed': 409,
}

/** A translation key with its values, as the pages render it (`t(key, values)`). */
export type Message = { key: string; values?: Record<string, string | number> }
const messageOf = (failure: ProposalFailure): Message => ({ key: ERROR_KEYS[failure.error], values: failure.values })

// ───────────────────────────── the inbox ─────────────────────────────

/** Names of parties for one reader, fetched together. */
export async function inboxPage(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const parties = partiesOf(viewerFrom(user)!)
  const rows = parties.length
    ? await prisma.proposal.findMany({
        where: { OR: [{ senderParty: { in: parties } }, { recipientParty: { in: parties } }] },
        orderBy: { updatedAt: 'desc' },
        take: 200,
        select: {
          id: true,
          status: true,
          quantity: true,
          senderParty: true,
          recipientParty: true,
          updatedAt: true,
          need: { select: { key: true, title: true, kind: true } },
          offer: { select: { key: true, title: true, kind: true } },
        },
      })
    : []
  const [unread, names] = await Promise.all([unreadByProposal(user.id, parties), partyNames(prisma, rows.flatMap((r) => [r.senderParty, r.recipientParty]), lng)])
  const mine = new Set<string>(parties)
  const view = rows.map((row) => {
    const received = mine.has(row.recipientParty) && !mine.has(row.senderParty)
    return {
      id: row.id,
      status: row.status as ProposalStatus,
      quantity: row.quantity,
      updatedAt: row.updatedAt.toISOString(),
      need: row.need,
      offer: row.offer,
      counterpart: names.get(received ? row.senderParty : row.recipientParty) ?? '',
      unread: unread.get(row.id) ?? 0,
      received,
    }
  })
  return { received: view.filter((p) => p.received), sent: view.filter((p) => !p.received) }
}

// ───────────────────────────── proposing ─────────────────────────────

const listingSelect = {
  id: true,
  key: true,
  title: true,
  kind: true,
  orgId: true,
  status: true,
  pendingReview: true,
  hiddenAt: true,
  startDate: true,
  endDate: true,
} as const

type Candidate = { type: ListingType; key: string; title: string; kind: NeedKind | OfferKind }

/** The user's open listings that pair with the target: needs for an offer, offers for a need. */
async function candidatesFor(viewer: Viewer, target: { type: ListingType; kind: NeedKind | OfferKind }): Promise<Candidate[]> {
  if (target.type === 'offer') {
    const needs = await prisma.need.findMany({
      where: { ...LISTED_WHERE, orgId: { in: [...viewer.orgIds] }, kind: { in: [...NEED_KINDS_FOR_OFFER[target.kind as OfferKind]] } },
      orderBy: { createdAt: 'desc' },
      select: { key: true, title: true, kind: true },
    })
    return needs.map((n) => ({ type: 'need', ...n }))
  }
  const owners = [{ orgId: { in: [...viewer.orgIds] } }, ...(viewer.expertId ? [{ expertId: viewer.expertId }] : [])]
  const offers = await prisma.offer.findMany({
    where: { ...LISTED_WHERE, OR: owners, kind: { in: [...OFFER_KINDS_FOR_NEED[target.kind as NeedKind]] } },
    orderBy: { createdAt: 'desc' },
    select: { key: true, title: true, kind: true },
  })
  return offers.map((o) => ({ type: 'offer', ...o }))
}

/**
 * The propose form for `?offer=KEY` (from one of the user's needs), `?need=KEY` (from one of
 * their offers), or both (from a match on the user's own listing: then the other one is the
 * target). A listing that is not listed, or none, is 404.
 */
export async function newProposalPage(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const viewer = viewerFrom(user)!
  if (viewer.readOnly) throw new Response('Forbidden', { status: 403 })
  const params = new URL(request.url).searchParams
  const needKey = params.get('need')
  const offerKey = params.get('offer')
  const need = needKey ? await prisma.need.findUnique({ where: { key: needKey }, select: { ...listingSelect, quantity: true } }) : null
  const offer = offerKey ? await prisma.offer.findUnique({ where: { key: offerKey }, select: { ...listingSelect, expertId: true, capacity: true } }) : null
  if ((needKey && !need) || (offerKey && !offer) || (!need && !offer)) throw new Response('Not Found', { status: 404 })
  // The target is the listing that is not the user's.
  const ownsNeed = need ? viewer.orgIds.includes(need.orgId) : false
  const targetType: ListingType = need && !ownsNeed ? 'need' : 'offer'
  const target = targetType === 'need' ? need! : offer
  if (!target || !isListed(target)) throw new Response('Not Found', { status: 404 })
  const candidates = await candidatesFor(viewer, { type: targetType, kind: target.kind })
  const preselected = targetType === 'need' ? offerKey : needKey
  const lng = await getLanguage(request)
  const targetParty = targetType === 'need' ? needParty(need!) : offerParty(offer!)
  const expert = target.kind === 'expert' || target.kind === 'expert_service'
  // What is still free, when both listings are known (a match on the user's own listing).
  let available: number | null = null
  if (need && offer && countsQuantity(need.kind, offer.kind)) {
    const left = await remainingOf(prisma, need, offer)
    available = Math.max(0, Math.min(left.need, left.offer ?? Infinity))
  }
  return {
    target: {
      type: targetType,
      key: target.key,
      title: target.title,
      kind: target.kind,
      owner: (await partyNames(prisma, [targetParty], lng)).get(targetParty) ?? '',
      startDate: calendarDay(target.startDate),
      endDate: calendarDay(target.endDate),
    },
    candidates: candidates.filter((c) => !preselected || c.key === preselected || candidates.every((other) => other.key !== preselected)),
    preselected: preselected && candidates.some((c) => c.key === preselected) ? preselected : (candidates[0]?.key ?? null),
    // A quantity is asked when one of the pairings on offer takes places or units (an expert is engaged once).
    counted:
      !expert &&
      candidates.some((c) =>
        targetType === 'need' ? countsQuantity(target.kind as NeedKind, c.kind as OfferKind) : countsQuantity(c.kind as NeedKind, target.kind as OfferKind),
      ),
    expert,
    available,
  }
}

export async function newProposalAction(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const submission = parseWithZod(await readForm(request), { schema: ProposeSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
  const result = await createProposal(user, submission.value)
  if (!result.ok) {
    const message = messageOf(result)
    const reply = result.field ? submission.reply({ fieldErrors: { [result.field]: [message.key] } }) : submission.reply()
    return data({ result: reply, message }, { status: STATUS_OF[result.error] })
  }
  return redirect(`/proposals/${result.id}?sent=1`)
}

// ───────────────────────────── one proposal ─────────────────────────────

async function loadVisible(user: CurrentUser, id: string | undefined) {
  const proposal = id
    ? await prisma.proposal.findUnique({
        where: { id },
        select: {
          id: true,
          status: true,
          fromSide: true,
          senderParty: true,
          recipientParty: true,
          message: true,
          quantity: true,
          rateAmount: true,
          rateCurrency: true,
          ratePer: true,
          startDate: true,
          endDate: true,
          declineReason: true,
          createdAt: true,
          expiresAt: true,
          decidedAt: true,
          author: { select: { id: true, name: true, email: true } },
          need: { select: { id: true, key: true, title: true, kind: true, quantity: true } },
          offer: { select: { id: true, key: true, title: true, kind: true, capacity: true } },
          messages: { orderBy: { createdAt: 'asc' }, select: { id: true, body: true, createdAt: true, author: { select: { id: true, name: true } } } },
          agreement: { select: { id: true, status: true, quantity: true, startDate: true, endDate: true } },
        },
      })
    : null
  // Not a party (nor an admin): the same 404 as a proposal that does not exist.
  if (!proposal || !canSeeProposal(viewerFrom(user), proposal)) throw new Response('Not Found', { status: 404 })
  return proposal
}

export async function proposalPage(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const proposal = await loadVisible(user, id)
  const viewer = viewerFrom(user)!
  const role = roleIn(viewer, proposal)
  if (role) await markRead(user.id, proposal.id)
  const [mySide, otherSide] = role === 'recipient' ? [proposal.recipientParty, proposal.senderParty] : [proposal.senderParty, proposal.recipientParty]
  const names = await partyNames(prisma, [proposal.senderParty, proposal.recipientParty], lng)
  const accepted = proposal.status === 'accepted'
  // Both sides' people, read once: who writes for which side (messages from the other side
  // hide contacts until acceptance), and the contacts shown after it.
  const people = new Map(await Promise.all([proposal.senderParty, proposal.recipientParty].map(async (party) => [party, await partyMembers(prisma, party)] as const)))
  const myPeople = new Set(role ? (people.get(mySide) ?? []).map((m) => m.id) : [])
  const left = await remainingOf(prisma, proposal.need, proposal.offer)
  const contacts = accepted
    ? [proposal.senderParty, proposal.recipientParty].map((party) => ({
        party: names.get(party) ?? '',
        people: (people.get(party) ?? []).map(({ name, email }) => ({ name, email })),
      }))
    : null
  return {
    proposal: {
      id: proposal.id,
      status: proposal.status as ProposalStatus,
      sender: names.get(proposal.senderParty) ?? '',
      recipient: names.get(proposal.recipientParty) ?? '',
      message: role && !accepted && !myPeople.has(proposal.author.id) ? hideContacts(proposal.message) : proposal.message,
      quantity: proposal.quantity,
      rate: proposal.rateAmount !== null && proposal.rateCurrency ? { amount: Number(proposal.rateAmount), currency: proposal.rateCurrency, per: proposal.ratePer } : null,
      startDate: proposal.startDate ? calendarDay(proposal.startDate) : null,
      endDate: proposal.endDate ? calendarDay(proposal.endDate) : null,
      declineReason: proposal.declineReason,
      createdAt: proposal.createdAt.toISOString(),
      expiresAt: proposal.expiresAt.toISOString(),
      need: { key: proposal.need.key, title: proposal.need.title, kind: proposal.need.kind },
      offer: { key: proposal.offer.key, title: proposal.offer.title, kind: proposal.offer.kind },
      remaining: { need: left.need, offer: left.offer },
      agreement: proposal.agreement && {
        id: proposal.agreement.id,
        status: proposal.agreement.status,
        quantity: proposal.agreement.quantity,
        startDate: proposal.agreement.startDate ? calendarDay(proposal.agreement.startDate) : null,
        endDate: proposal.agreement.endDate ? calendarDay(proposal.agreement.endDate) : null,
      },
    },
    role,
    actions: proposalActionsFor(proposal.status as ProposalStatus, role),
    canWrite: role !== null && (proposal.status === 'sent' || proposal.status === 'accepted'),
    blocked: role ? await isBlocked(mySide, otherSide) : false,
    messages: proposal.messages.map((m) => ({
      id: m.id,
      mine: m.author.id === user.id,
      author: m.author.name,
      fromOtherSide: role !== null && !myPeople.has(m.author.id),
      body: role && !accepted && !myPeople.has(m.author.id) ? hideContacts(m.body) : m.body,
      createdAt: m.createdAt.toISOString(),
    })),
    contacts,
  }
}

export async function proposalAction(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const proposal = await loadVisible(user, id)
  const submission = parseWithZod(await readForm(request), { schema: ProposalPageSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), message: null }, { status: 400 })
  const action = submission.value
  const back = (notice: string) => redirect(`/proposals/${proposal.id}?done=${notice}`)
  switch (action.intent) {
    case 'accept':
    case 'decline':
    case 'withdraw': {
      const result = await decideProposal(user, proposal.id, action.intent, { reason: action.intent === 'decline' ? action.reason : undefined })
      if (!result.ok) return data({ result: submission.reply(), message: messageOf(result) }, { status: STATUS_OF[result.error] })
      return back(action.intent)
    }
    case 'reply': {
      const result = await postMessage(user, proposal.id, action.body, action.clientKey)
      if (!result.ok) return data({ result: submission.reply(), message: { key: threadErrorKey(result.error) } }, { status: result.error === 'not-found' ? 404 : 409 })
      return redirect(`/proposals/${proposal.id}#message-${result.id}`)
    }
    case 'block':
    case 'unblock': {
      const result = await setBlock(user, proposal.id, action.intent === 'block')
      if (!result.ok) throw new Response('Not Found', { status: 404 })
      return back(action.intent)
    }
    case 'report': {
      const result = await reportMessage(user, proposal.id, action.messageId, action.reason)
      if (!result.ok && result.error === 'not-found') throw new Response('Not Found', { status: 404 })
      return back('report')
    }
  }
}

function threadErrorKey(error: 'not-found' | 'closed' | 'blocked' | 'already-reported'): string {
  return { 'not-found': 'proposals.errors.notFound', closed: 'proposals.errors.closed', blocked: 'proposals.errors.blocked', 'already-reported': 'proposals.errors.alreadyReported' }[error]
}
