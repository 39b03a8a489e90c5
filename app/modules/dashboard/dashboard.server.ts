import type { ListingStatus, NeedKind, OfferKind, VerificationStatus } from '~/generated/prisma/enums'
import type { CurrentUser } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import type { Language } from '~/modules/i18n/i18n'
import { calendarDay, type ListingType } from '~/modules/listings/view'
import { viewerFrom } from '~/modules/listings/visibility'
import { dashboardMatches } from '~/modules/matching/listing-matches.server'
import { agreementsOf } from '~/modules/proposals/agreements.server'

// A member's home as a read model: for each organisation (and their expert profile) its
// verification, the next thing to do, what waits for them (listings in review, hidden by an
// admin, about to expire), the best matches of its newest open listings (new ones since
// `since` marked) and its listings by status.

/** Open listings ending within this many days are flagged. */
const EXPIRING_WITHIN_DAYS = 14
/** Listings shown per status group; the rest are counted. */
const PER_GROUP = 20
/** The dashboard reads at most this many of an owner's listings, newest first. */
const READ_LIMIT = 500

const LISTING_FIELDS = {
  key: true,
  kind: true,
  title: true,
  status: true,
  endDate: true,
  pendingReview: true,
  hiddenAt: true,
  hiddenReason: true,
} as const

type ListingRow = {
  key: string
  kind: NeedKind | OfferKind
  title: string
  status: ListingStatus
  endDate: Date
  pendingReview: boolean
  hiddenAt: Date | null
  hiddenReason: string | null
}

export type Attention =
  | { reason: 'review'; key: string; title: string }
  | { reason: 'hidden'; key: string; title: string; hiddenReason: string | null }
  | { reason: 'expiring'; key: string; title: string; endDate: string }

export type NextStep =
  | { step: 'postFirst' }
  | { step: 'publishDraft'; count: number }
  | { step: 'rejected' }
  | { step: 'waitVerification' }
  | { step: 'invite' }
  | { step: 'review' }

const GROUPS = { open: ['open'], draft: ['draft'], done: ['closed', 'filled', 'expired'] } as const satisfies Record<string, readonly ListingStatus[]>
export type Group = keyof typeof GROUPS

function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return calendarDay(date)
}

/** One owner's listings as the dashboard shows them. */
function board(type: ListingType, rows: ListingRow[], owner: { verification: VerificationStatus; soleOwner: boolean }, today: string) {
  const soon = addDays(today, EXPIRING_WITHIN_DAYS)
  const view = (row: ListingRow) => ({
    key: row.key,
    kind: row.kind,
    title: row.title,
    status: row.status,
    endDate: calendarDay(row.endDate),
    pendingReview: row.pendingReview,
    hidden: row.hiddenAt !== null,
  })
  const groups = Object.fromEntries(
    (Object.keys(GROUPS) as Group[]).map((group) => {
      const inGroup = rows.filter((row) => (GROUPS[group] as readonly ListingStatus[]).includes(row.status))
      return [group, { total: inGroup.length, listings: inGroup.slice(0, PER_GROUP).map(view) }]
    }),
  ) as Record<Group, { total: number; listings: ReturnType<typeof view>[] }>

  const attention: Attention[] = rows.flatMap((row): Attention[] => {
    if (row.hiddenAt) return [{ reason: 'hidden', key: row.key, title: row.title, hiddenReason: row.hiddenReason }]
    if (row.pendingReview && row.status !== 'draft') return [{ reason: 'review', key: row.key, title: row.title }]
    const end = calendarDay(row.endDate)
    if (row.status === 'open' && end >= today && end <= soon) return [{ reason: 'expiring', key: row.key, title: row.title, endDate: end }]
    return []
  })

  const next: NextStep =
    rows.length === 0
      ? { step: 'postFirst' }
      : groups.draft.total > 0
        ? { step: 'publishDraft', count: groups.draft.total }
        : owner.verification === 'rejected'
          ? { step: 'rejected' }
          : owner.verification !== 'verified'
            ? { step: 'waitVerification' }
            : owner.soleOwner
              ? { step: 'invite' }
              : { step: 'review' }
  return { type, groups, attention, next }
}

export type Board = ReturnType<typeof board>

export async function memberDashboard(user: CurrentUser, { lng, since, today }: { lng: Language; since: Date | undefined; today: string }) {
  const listingQuery = { select: LISTING_FIELDS, orderBy: { updatedAt: 'desc' as const }, take: READ_LIMIT }

  const orgs = await Promise.all(
    user.memberships.map(async ({ role, org }) => {
      const where = { orgId: org.id }
      const type: ListingType = org.kind === 'college' ? 'need' : 'offer'
      const [rows, members, matches] = await Promise.all([
        org.kind === 'college' ? prisma.need.findMany({ where, ...listingQuery }) : prisma.offer.findMany({ where, ...listingQuery }),
        prisma.membership.count({ where }),
        dashboardMatches({ type, orgId: org.id }, lng, since),
      ])
      return { ...org, role, board: board(type, rows, { verification: org.verification, soleOwner: role === 'owner' && members === 1 }, today), matches }
    }),
  )

  const expertProfile = user.expertProfile
  const expert =
    expertProfile &&
    (await Promise.all([
      prisma.offer.findMany({ where: { expertId: expertProfile.id }, ...listingQuery }),
      dashboardMatches({ type: 'offer', expertId: expertProfile.id }, lng, since),
    ]).then(([rows, matches]) => ({
      ...expertProfile,
      board: board('offer', rows, { verification: expertProfile.verification, soleOwner: false }, today),
      matches,
    })))

  const pendingVerifications =
    user.platformRole === 'admin'
      ? (await Promise.all([
          prisma.organization.count({ where: { verification: 'pending' } }),
          prisma.expertProfile.count({ where: { verification: 'pending' } }),
        ]).then(([a, b]) => a + b))
      : 0

  const viewer = viewerFrom(user)
  const agreements = viewer && (orgs.length || expert) ? await agreementsOf(viewer, lng) : []

  return { name: user.name, platformRole: user.platformRole, orgs, expert, pendingVerifications, agreements }
}
