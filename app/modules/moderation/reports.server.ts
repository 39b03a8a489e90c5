import { consume } from '~/modules/accounts/rate-limit.server'
import { recordAudit } from '~/modules/audit/audit.server'
import { prisma } from '~/modules/db/db.server'
import type { ListingType } from './schemas'

// Signed-in users' reports of listings, and the admins' dismissal of them (hiding a
// listing resolves its reports: moderation.server.ts).

/** New reports one user may file per hour, so the admins' queue cannot be flooded. */
export const REPORTS_PER_HOUR = 20

export type Reporter = {
  id: string
  memberships: { org: { id: string } }[]
  expertProfile: { id: string } | null
}

export type ReportTarget = { type: ListingType; id: string; key: string; title: string; orgId: string | null; expertId: string | null }

// Only what the public can see can be reported; hidden, waiting and draft listings are "not found".
const PUBLIC = { hiddenAt: null, pendingReview: false, status: { not: 'draft' as const } }

export async function findReportTarget(type: ListingType, key: string): Promise<ReportTarget | null> {
  const select = { id: true, key: true, title: true, orgId: true } as const
  if (type === 'need') {
    const need = await prisma.need.findFirst({ where: { key, ...PUBLIC }, select })
    return need && { type, ...need, expertId: null }
  }
  const offer = await prisma.offer.findFirst({ where: { key, ...PUBLIC }, select: { ...select, expertId: true } })
  return offer && { type, ...offer }
}

/** Whether the user posts for the listing's organisation or is its expert. */
export function ownsListing(user: Reporter, listing: Pick<ReportTarget, 'orgId' | 'expertId'>): boolean {
  if (listing.orgId && user.memberships.some((m) => m.org.id === listing.orgId)) return true
  return !!listing.expertId && user.expertProfile?.id === listing.expertId
}

export type ReportResult =
  | { ok: true; reportId: string; updated: boolean }
  | { ok: false; error: 'not-found' | 'own-listing' | 'too-many' }

/**
 * Files the user's report of a listing. A user has at most one open report per listing: a
 * repeat replaces the reason of the open one instead of adding to the admins' queue.
 */
export async function reportListing(user: Reporter, type: ListingType, key: string, reason: string): Promise<ReportResult> {
  const listing = await findReportTarget(type, key)
  if (!listing) return { ok: false, error: 'not-found' }
  if (ownsListing(user, listing)) return { ok: false, error: 'own-listing' }
  const limited = await consume({ name: 'report', points: REPORTS_PER_HOUR, windowSeconds: 3600 }, user.id)
  if (!limited.allowed) return { ok: false, error: 'too-many' }
  const target = type === 'need' ? { needId: listing.id } : { offerId: listing.id }
  return prisma.$transaction(async (tx) => {
    // Two simultaneous submissions of the same report must not both insert.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`report:${user.id}:${listing.id}`}))`
    const open = await tx.listingReport.findFirst({ where: { ...target, reporterId: user.id, resolvedAt: null }, select: { id: true } })
    const report = open
      ? await tx.listingReport.update({ where: { id: open.id }, data: { reason }, select: { id: true } })
      : await tx.listingReport.create({ data: { ...target, reporterId: user.id, reason }, select: { id: true } })
    await recordAudit(tx, user.id, `${type}.report`, type === 'need' ? 'Need' : 'Offer', listing.id, {
      reportId: report.id,
      reason,
      updated: !!open,
    })
    return { ok: true, reportId: report.id, updated: !!open }
  })
}

/** An admin closes a report without acting on the listing. */
export async function dismissReport(adminId: string, reportId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.listingReport.updateMany({
      where: { id: reportId, resolvedAt: null },
      data: { resolvedAt: new Date(), resolvedById: adminId, resolution: 'dismissed' },
    })
    if (!count) return false
    await recordAudit(tx, adminId, 'report.dismiss', 'ListingReport', reportId)
    return true
  })
}

/** An admin closes every open report of a message, leaving the message as it is. */
export async function dismissMessageReports(adminId: string, messageId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const { count } = await tx.messageReport.updateMany({ where: { messageId, resolvedAt: null }, data: { resolvedAt: new Date() } })
    if (!count) return false
    await recordAudit(tx, adminId, 'message.report.dismiss', 'Message', messageId, { reports: count })
    return true
  })
}

/** An admin removes a reported message from its thread; the audit log keeps what it said. */
export async function removeMessage(adminId: string, messageId: string): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const message = await tx.message.findUnique({ where: { id: messageId }, select: { proposalId: true, authorId: true, body: true } })
    if (!message) return false
    await tx.message.delete({ where: { id: messageId } })
    await recordAudit(tx, adminId, 'message.remove', 'Message', messageId, message)
    return true
  })
}
