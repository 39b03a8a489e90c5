import type { Prisma } from '~/generated/prisma/client'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma, type Tx } from '~/modules/db/db.server'
import { queueEmail } from '~/modules/email/mailer.server'
import { DEFAULT_LANGUAGE, isLanguage } from '~/modules/i18n/i18n'
import { getEnv } from '~/modules/runtime/env.server'
import { recordListingIndexChange } from '~/modules/outbox/search-index.server'
import type { ListingType } from './schemas'

// Trust rules for new listings, and the admins' moderation of listings (hide, unhide,
// approve). A listing's owner is an organisation or an expert profile.

export type ListingOwner = { orgId: string } | { expertId: string }

/** Open (or waiting) listings an unverified poster may have at once; verified posters have no cap. */
export const UNVERIFIED_OPEN_LISTING_CAP = 5
/** How many of an unverified poster's listings an admin must have let through before new ones go public directly. */
export const REVIEWED_FIRST_LISTINGS = 2

async function ownerState(tx: Tx, owner: ListingOwner) {
  // Approved: public after review (or never needing it); hidden: taken down by an admin.
  const approved = { pendingReview: false, hiddenAt: null }
  const hidden = { hiddenAt: { not: null } }
  if ('orgId' in owner) {
    const org = await tx.organization.findUniqueOrThrow({ where: { id: owner.orgId }, select: { verification: true } })
    const mine = { orgId: owner.orgId }
    const counts = await Promise.all([
      tx.need.count({ where: { ...mine, ...approved } }),
      tx.offer.count({ where: { ...mine, ...approved } }),
      tx.need.count({ where: { ...mine, ...hidden } }),
      tx.offer.count({ where: { ...mine, ...hidden } }),
      tx.need.count({ where: { ...mine, status: 'open' } }),
      tx.offer.count({ where: { ...mine, status: 'open' } }),
    ])
    return { verification: org.verification, approved: counts[0] + counts[1], hidden: counts[2] + counts[3], open: counts[4] + counts[5] }
  }
  const expert = await tx.expertProfile.findUniqueOrThrow({ where: { id: owner.expertId }, select: { verification: true } })
  const mine = { expertId: owner.expertId }
  const [approvedCount, hiddenCount, open] = await Promise.all([
    tx.offer.count({ where: { ...mine, ...approved } }),
    tx.offer.count({ where: { ...mine, ...hidden } }),
    tx.offer.count({ where: { ...mine, status: 'open' } }),
  ])
  return { verification: expert.verification, approved: approvedCount, hidden: hiddenCount, open }
}

/**
 * Whether a listing the owner is about to create must wait for review (call before creating it).
 * An unverified poster's listings wait until an admin has let REVIEWED_FIRST_LISTINGS of them
 * through, so a new account cannot post many at once and have the later ones skip the queue;
 * a rejected poster, or one with a listing an admin hid, is always reviewed.
 */
export async function initialReviewState(tx: Tx, owner: ListingOwner): Promise<{ pendingReview: boolean }> {
  const state = await ownerState(tx, owner)
  if (state.verification === 'verified') return { pendingReview: false }
  const distrusted = state.verification === 'rejected' || state.hidden > 0
  return { pendingReview: distrusted || state.approved < REVIEWED_FIRST_LISTINGS }
}

/**
 * Whether the owner may open one more listing. Unverified posters are capped (waiting and
 * hidden listings count too) so that a spammer cannot flood the marketplace or the review
 * queue before an admin looks at them.
 */
export async function canOpenAnotherListing(tx: Tx, owner: ListingOwner): Promise<boolean> {
  const state = await ownerState(tx, owner)
  return state.verification === 'verified' || state.open < UNVERIFIED_OPEN_LISTING_CAP
}

// ───────────────────────────── admin actions ─────────────────────────────

export type ListingRef = { type: ListingType; id: string }

const ENTITY: Record<ListingType, 'Need' | 'Offer'> = { need: 'Need', offer: 'Offer' }

type ListingRow = {
  id: string
  key: string
  title: string
  orgId: string | null
  expertId: string | null
  createdById: string | null
  pendingReview: boolean
  hiddenAt: Date | null
  hiddenReason: string | null
}

const LISTING_ROW = {
  id: true,
  key: true,
  title: true,
  orgId: true,
  createdById: true,
  pendingReview: true,
  hiddenAt: true,
  hiddenReason: true,
} as const

async function findListing(tx: Tx, ref: ListingRef): Promise<ListingRow | null> {
  if (ref.type === 'need') {
    const need = await tx.need.findUnique({ where: { id: ref.id }, select: LISTING_ROW })
    return need && { ...need, expertId: null }
  }
  return tx.offer.findUnique({ where: { id: ref.id }, select: { ...LISTING_ROW, expertId: true } })
}

/** Changes the listing only while `where` still holds; the count says whether it did (double submits change nothing). */
async function updateListingIf(
  tx: Tx,
  ref: ListingRef,
  where: Prisma.NeedWhereInput & Prisma.OfferWhereInput,
  data: Prisma.NeedUpdateManyMutationInput & Prisma.OfferUpdateManyMutationInput,
): Promise<boolean> {
  const { count } =
    ref.type === 'need'
      ? await tx.need.updateMany({ where: { ...where, id: ref.id }, data })
      : await tx.offer.updateMany({ where: { ...where, id: ref.id }, data })
  return count > 0
}

/** The people who answer for a listing: its organisation's owners and whoever posted it, or the expert. */
async function listingOwners(tx: Tx, listing: ListingRow) {
  const select = { id: true, email: true, name: true, locale: true } as const
  if (listing.expertId) {
    const expert = await tx.expertProfile.findUnique({ where: { id: listing.expertId }, select: { user: { select } } })
    return expert?.user ? [expert.user] : []
  }
  if (!listing.orgId) return []
  const memberships = await tx.membership.findMany({
    where: {
      orgId: listing.orgId,
      OR: [{ role: 'owner' }, ...(listing.createdById ? [{ userId: listing.createdById }] : [])],
    },
    select: { user: { select } },
    orderBy: { createdAt: 'asc' },
  })
  return memberships.map((m) => m.user)
}

export type HideResult = 'hidden' | 'already-hidden' | 'not-found'

/**
 * Takes a listing off the marketplace with a reason its owner sees, closes the open reports
 * on it, and emails the owners (each in their language) which listing and why.
 */
export async function hideListing(adminId: string, ref: ListingRef, reason: string): Promise<HideResult> {
  return prisma.$transaction(async (tx) => {
    const hiddenAt = new Date()
    if (!(await updateListingIf(tx, ref, { hiddenAt: null }, { hiddenAt, hiddenReason: reason }))) {
      return (await findListing(tx, ref)) ? 'already-hidden' : 'not-found'
    }
    const listing = (await findListing(tx, ref))!
    const reportWhere = ref.type === 'need' ? { needId: ref.id } : { offerId: ref.id }
    const reports = await tx.listingReport.findMany({ where: { ...reportWhere, resolvedAt: null }, select: { id: true } })
    await tx.listingReport.updateMany({
      where: { id: { in: reports.map((r) => r.id) } },
      data: { resolvedAt: hiddenAt, resolvedById: adminId, resolution: 'hidden' },
    })
    const owners = await listingOwners(tx, listing)
    const url = `${getEnv().appUrl}/${ref.type}s/${listing.key}`
    for (const owner of owners) {
      const lng = isLanguage(owner.locale) ? owner.locale : DEFAULT_LANGUAGE
      await queueEmail(tx, owner.email, { name: 'listing-hidden', recipientName: owner.name, listingTitle: listing.title, reason, url }, lng)
    }
    await recordAudit(tx, adminId, `${ref.type}.hide`, ENTITY[ref.type], ref.id, {
      reason,
      wasPendingReview: listing.pendingReview,
      resolvedReports: reports.map((r) => r.id),
      notified: owners.map((o) => o.id),
    })
    await recordListingIndexChange(tx, ref.type, ref.id)
    return 'hidden'
  })
}

/** Puts a hidden listing back on the marketplace; the admin's decision also counts as its review. */
export async function unhideListing(adminId: string, ref: ListingRef): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const listing = await findListing(tx, ref)
    if (!listing?.hiddenAt) return false
    const changed = await updateListingIf(tx, ref, { hiddenAt: { not: null } }, { hiddenAt: null, hiddenReason: null, pendingReview: false })
    if (!changed) return false
    await recordAudit(tx, adminId, `${ref.type}.unhide`, ENTITY[ref.type], ref.id, {
      previousReason: listing.hiddenReason,
      hiddenAt: listing.hiddenAt.toISOString(),
    })
    await recordListingIndexChange(tx, ref.type, ref.id)
    return true
  })
}

/** Lets a listing that waits for review go public. */
export async function approveListing(adminId: string, ref: ListingRef): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    if (!(await updateListingIf(tx, ref, { pendingReview: true, hiddenAt: null }, { pendingReview: false }))) return false
    await recordAudit(tx, adminId, `${ref.type}.approve`, ENTITY[ref.type], ref.id)
    await recordListingIndexChange(tx, ref.type, ref.id)
    return true
  })
}

// ───────────────────────────── the queue ─────────────────────────────

const QUEUE_LIMIT = 100

type OwnerNames = { org?: { name: string; nameVi: string | null } | null; expert?: { name: string } | null }

function ownerOf(listing: OwnerNames) {
  if (listing.org) return { name: listing.org.name, nameVi: listing.org.nameVi }
  if (listing.expert) return { name: listing.expert.name, nameVi: null }
  return { name: '', nameVi: null }
}

export type QueueListing = {
  type: ListingType
  id: string
  key: string
  title: string
  owner: { name: string; nameVi: string | null }
  createdAt: string
  hiddenAt: string | null
  hiddenReason: string | null
}

function queueListing(
  type: ListingType,
  listing: OwnerNames & { id: string; key: string; title: string; createdAt: Date; hiddenAt: Date | null; hiddenReason: string | null },
): QueueListing {
  return {
    type,
    id: listing.id,
    key: listing.key,
    title: listing.title,
    owner: ownerOf(listing),
    createdAt: listing.createdAt.toISOString(),
    hiddenAt: listing.hiddenAt?.toISOString() ?? null,
    hiddenReason: listing.hiddenReason,
  }
}

const QUEUE_FIELDS = { id: true, key: true, title: true, createdAt: true, hiddenAt: true, hiddenReason: true, org: { select: { name: true, nameVi: true } } } as const
const OFFER_QUEUE_FIELDS = { ...QUEUE_FIELDS, expert: { select: { name: true } } } as const

/** What the admin moderation page shows: open reports, listings waiting for review, hidden listings. */
export async function moderationQueue() {
  const waiting = { pendingReview: true, hiddenAt: null, status: { not: 'draft' as const } }
  const hidden = { hiddenAt: { not: null } }
  const [reports, waitingNeeds, waitingOffers, hiddenNeeds, hiddenOffers, messageReports] = await Promise.all([
    prisma.listingReport.findMany({
      where: { resolvedAt: null },
      orderBy: { createdAt: 'asc' },
      take: QUEUE_LIMIT,
      select: {
        id: true,
        reason: true,
        createdAt: true,
        reporter: { select: { name: true, email: true } },
        need: { select: QUEUE_FIELDS },
        offer: { select: OFFER_QUEUE_FIELDS },
      },
    }),
    prisma.need.findMany({ where: waiting, orderBy: { createdAt: 'asc' }, take: QUEUE_LIMIT, select: QUEUE_FIELDS }),
    prisma.offer.findMany({ where: waiting, orderBy: { createdAt: 'asc' }, take: QUEUE_LIMIT, select: OFFER_QUEUE_FIELDS }),
    prisma.need.findMany({ where: hidden, orderBy: { hiddenAt: 'desc' }, take: QUEUE_LIMIT, select: QUEUE_FIELDS }),
    prisma.offer.findMany({ where: hidden, orderBy: { hiddenAt: 'desc' }, take: QUEUE_LIMIT, select: OFFER_QUEUE_FIELDS }),
    prisma.messageReport.findMany({
      where: { resolvedAt: null },
      orderBy: { createdAt: 'asc' },
      take: QUEUE_LIMIT,
      select: {
        id: true,
        reason: true,
        createdAt: true,
        reporterId: true,
        message: { select: { id: true, body: true, createdAt: true, proposalId: true, author: { select: { name: true, email: true } } } },
      },
    }),
  ])
  const byCreated = (a: QueueListing, b: QueueListing) => a.createdAt.localeCompare(b.createdAt)
  const byHidden = (a: QueueListing, b: QueueListing) => (b.hiddenAt ?? '').localeCompare(a.hiddenAt ?? '')
  // One card per reported listing, however many people reported it.
  const reported = new Map<string, { listing: QueueListing; reports: { id: string; reason: string; createdAt: string; reporter: { name: string; email: string } }[] }>()
  for (const report of reports) {
    const listing = report.need ? queueListing('need', report.need) : report.offer ? queueListing('offer', report.offer) : null
    if (!listing) continue
    const entry = reported.get(`${listing.type}:${listing.id}`) ?? { listing, reports: [] }
    entry.reports.push({ id: report.id, reason: report.reason, createdAt: report.createdAt.toISOString(), reporter: report.reporter })
    reported.set(`${listing.type}:${listing.id}`, entry)
  }
  return {
    reported: [...reported.values()],
    reportedMessages: await reportedMessages(messageReports),
    waiting: [...waitingNeeds.map((n) => queueListing('need', n)), ...waitingOffers.map((o) => queueListing('offer', o))].sort(byCreated),
    hidden: [...hiddenNeeds.map((n) => queueListing('need', n)), ...hiddenOffers.map((o) => queueListing('offer', o))].sort(byHidden),
  }
}

type MessageReportRow = {
  id: string
  reason: string
  createdAt: Date
  reporterId: string
  message: { id: string; body: string; createdAt: Date; proposalId: string; author: { name: string; email: string } }
}

/** One card per reported message, with every open report of it and who filed each. */
async function reportedMessages(rows: MessageReportRow[]) {
  const reporters = new Map(
    (await prisma.user.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.reporterId))] } }, select: { id: true, name: true, email: true } })).map((u) => [u.id, u]),
  )
  const byMessage = new Map<string, { message: { id: string; body: string; createdAt: string; proposalId: string; author: { name: string; email: string } }; reports: { id: string; reason: string; createdAt: string; reporter: { name: string; email: string } }[] }>()
  for (const row of rows) {
    const entry = byMessage.get(row.message.id) ?? { message: { ...row.message, createdAt: row.message.createdAt.toISOString() }, reports: [] }
    entry.reports.push({ id: row.id, reason: row.reason, createdAt: row.createdAt.toISOString(), reporter: reporters.get(row.reporterId) ?? { name: '', email: '' } })
    byMessage.set(row.message.id, entry)
  }
  return [...byMessage.values()]
}
