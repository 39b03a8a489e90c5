import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import { OwnerActions } from '~/components/listing-actions'
import { KindBadge, StatusBadge, useLanguage } from '~/components/listings'
import { DashboardMatchesSection } from '~/components/matches'
import type { ListingStatus, NeedKind, OfferKind, VerificationStatus } from '~/generated/prisma/enums'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { prisma } from '~/modules/db/db.server'
import { formatDate } from '~/modules/i18n/i18n'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { todayInHanoi } from '~/modules/listings/schemas'
import { calendarDay, listingPath, type ListingType } from '~/modules/listings/view'
import { dashboardMatches, newSince, previousDashboardVisit, recordDashboardVisit } from '~/modules/matching/listing-matches.server'

// A member's home: for each organisation (and their expert profile) its verification, the
// next thing to do, what waits for them (listings in review, hidden by an admin, about to
// expire), the best matches of its newest open listings (new ones since the previous visit
// marked) and its listings by status with their controls.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'dashboard.title')

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

type Attention =
  | { reason: 'review'; key: string; title: string }
  | { reason: 'hidden'; key: string; title: string; hiddenReason: string | null }
  | { reason: 'expiring'; key: string; title: string; endDate: string }

type NextStep =
  | { step: 'postFirst' }
  | { step: 'publishDraft'; count: number }
  | { step: 'rejected' }
  | { step: 'waitVerification' }
  | { step: 'invite' }
  | { step: 'review' }

const GROUPS = { open: ['open'], draft: ['draft'], done: ['closed', 'filled', 'expired'] } as const satisfies Record<string, readonly ListingStatus[]>
type Group = keyof typeof GROUPS

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

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const today = todayInHanoi()
  const lng = await getLanguage(request)
  const since = newSince(await previousDashboardVisit(request, user.id))
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

  return data(
    { name: user.name, platformRole: user.platformRole, orgs, expert, pendingVerifications },
    { headers: { 'Set-Cookie': await recordDashboardVisit(user.id), 'Cache-Control': 'private, no-store' } },
  )
}

type Board = ReturnType<typeof board>

function NextStepText({ next, newListing, membersLink, posterKind }: { next: Board['next']; newListing: string; membersLink: string | null; posterKind: 'college' | 'business' | 'expert' }) {
  const { t } = useTranslation()
  switch (next.step) {
    case 'postFirst': {
      const text = { college: t('listings.dashboard.next.postFirstNeed'), business: t('listings.dashboard.next.postFirstOffer'), expert: t('listings.dashboard.next.postFirstService') }[posterKind]
      return <Link to={newListing}>{text}</Link>
    }
    case 'publishDraft':
      return <span>{t('listings.dashboard.next.publishDraft', { count: next.count })}</span>
    case 'rejected':
      return <span>{t('listings.dashboard.next.rejected')}</span>
    case 'waitVerification':
      return <span>{t('listings.dashboard.next.waitVerification')}</span>
    case 'invite':
      return (
        <span>
          {t('listings.dashboard.next.invite')} {membersLink && <Link to={membersLink}>{t('listings.dashboard.next.inviteLink')}</Link>}
        </span>
      )
    case 'review':
      return <span>{t('listings.dashboard.next.review')}</span>
  }
}

function AttentionList({ type, items }: { type: ListingType; items: Attention[] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  if (items.length === 0) return null
  return (
    <div className="mt-4">
      <h3 className="font-medium">{t('listings.dashboard.attention')}</h3>
      <ul className="mt-1 space-y-1 text-sm">
        {items.map((item) => (
          <li key={`${item.reason}-${item.key}`} className={item.reason === 'hidden' ? 'text-red-800' : 'text-amber-900'}>
            <Link to={listingPath(type, item.key)} className="text-inherit">
              {item.reason === 'review'
                ? t('listings.dashboard.waitingReview', { title: item.title })
                : item.reason === 'hidden'
                  ? item.hiddenReason
                    ? t('listings.dashboard.hidden', { title: item.title, reason: item.hiddenReason })
                    : t('listings.dashboard.hiddenNoReason', { title: item.title })
                  : t('listings.dashboard.expiringSoon', { title: item.title, date: formatDate(item.endDate, lng) })}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

function Listings({ board: { type, groups } }: { board: Board }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const nonEmpty = (Object.keys(groups) as Group[]).filter((group) => groups[group].total > 0)
  if (nonEmpty.length === 0) return <p className="mt-2 text-sm text-slate-600">{t('listings.dashboard.noListings')}</p>
  return (
    <div className="mt-2 space-y-4">
      {nonEmpty.map((group) => (
        <div key={group}>
          <h4 className="text-sm font-semibold text-slate-700">
            {t(`listings.dashboard.groups.${group}`)} ({groups[group].total})
          </h4>
          <ul className="divide-y divide-slate-100">
            {groups[group].listings.map((listing) => (
              <li key={listing.key} className="flex flex-wrap items-center justify-between gap-3 py-3">
                <div className="min-w-0 space-y-1">
                  <Link to={listingPath(type, listing.key)} className="font-medium">
                    {listing.title}
                  </Link>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-slate-500">
                    <KindBadge type={type} kind={listing.kind} />
                    <StatusBadge status={listing.status} pendingReview={listing.pendingReview} hidden={listing.hidden} />
                    <span>{t('listings.dashboard.ends', { date: formatDate(listing.endDate, lng) })}</span>
                  </div>
                </div>
                <OwnerActions type={type} listingKey={listing.key} status={listing.status} redirectTo="/dashboard" />
              </li>
            ))}
          </ul>
          {groups[group].total > groups[group].listings.length && (
            <p className="text-xs text-slate-500">{t('listings.dashboard.more', { count: groups[group].total - groups[group].listings.length })}</p>
          )}
        </div>
      ))}
    </div>
  )
}

export default function DashboardPage() {
  const { name, platformRole, orgs, expert, pendingVerifications } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('dashboard.welcome', { name })}</h1>
      {platformRole === 'admin' && (
        <Notice>
          {t('dashboard.adminIntro')} <Link to="/admin/verifications">{t('dashboard.pendingVerifications')}: {pendingVerifications}</Link>
        </Notice>
      )}
      {platformRole === 'city_viewer' && <Notice>{t('dashboard.cityIntro')}</Notice>}
      {orgs.map((org) => {
        const college = org.kind === 'college'
        const newListing = college ? '/needs/new' : '/offers/new'
        return (
          <section key={org.id} className="rounded-lg bg-white p-6 shadow-sm">
            <p className="text-sm text-slate-500">
              {t('dashboard.yourOrg')} · {t(`orgKinds.${org.kind}`)} · {t(`roles.${org.role}`)}
            </p>
            <h2 className="text-xl font-semibold">{lng === 'vi' ? (org.nameVi ?? org.name) : org.name}</h2>
            <p className="mt-1 flex flex-wrap gap-x-4 text-sm">
              <span className={org.verification === 'verified' ? 'text-emerald-700' : 'text-amber-700'}>{t(`verification.${org.verification}`)}</span>
              <Link to={`/orgs/${org.key}`}>{t('dashboard.publicPage')}</Link>
              {org.role === 'owner' && <Link to={`/org/${org.key}/profile`}>{t('dashboard.editProfile')}</Link>}
              <Link to={`/org/${org.key}/members`}>{t('nav.members')}</Link>
            </p>
            <h3 className="mt-4 font-medium">{t('dashboard.nextStep')}</h3>
            <p className="text-sm text-slate-600">
              <NextStepText next={org.board.next} newListing={newListing} membersLink={`/org/${org.key}/members`} posterKind={org.kind} />
            </p>
            <dl className="mt-4 flex gap-6 text-sm">
              <div>
                <dt className="text-slate-500">{college ? t('dashboard.openNeeds') : t('dashboard.openOffers')}</dt>
                <dd className="text-lg font-semibold">{org.board.groups.open.total}</dd>
              </div>
            </dl>
            <AttentionList type={org.board.type} items={org.board.attention} />
            <DashboardMatchesSection matches={org.matches} />
            <div className="mt-6 flex flex-wrap items-baseline justify-between gap-2">
              <h3 className="font-medium">{t('listings.dashboard.listings')}</h3>
              <Link to={newListing} className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white no-underline hover:bg-brand-800">
                {college ? t('listings.dashboard.postNeed') : t('listings.dashboard.postOffer')}
              </Link>
            </div>
            <Listings board={org.board} />
          </section>
        )
      })}
      {expert && (
        <section className="rounded-lg bg-white p-6 shadow-sm">
          <p className="text-sm text-slate-500">{t('dashboard.yourProfile')}</p>
          <h2 className="text-xl font-semibold">{expert.name}</h2>
          <p className="mt-1 flex flex-wrap gap-x-4 text-sm">
            <span>{t(`verification.${expert.verification}`)}</span>
            <Link to={`/experts/${expert.key}`}>{t('dashboard.publicPage')}</Link>
            <Link to="/expert/profile">{t('dashboard.editProfile')}</Link>
          </p>
          <h3 className="mt-4 font-medium">{t('dashboard.nextStep')}</h3>
          <p className="text-sm text-slate-600">
            <NextStepText next={expert.board.next} newListing="/offers/new?kind=expert_service" membersLink={null} posterKind="expert" />
          </p>
          <p className="mt-2 text-sm">
            {t('dashboard.openOffers')}: <strong>{expert.board.groups.open.total}</strong>
          </p>
          <AttentionList type="offer" items={expert.board.attention} />
          <DashboardMatchesSection matches={expert.matches} />
          <div className="mt-6 flex flex-wrap items-baseline justify-between gap-2">
            <h3 className="font-medium">{t('listings.dashboard.listings')}</h3>
            <Link to="/offers/new?kind=expert_service" className="rounded-md bg-brand-700 px-3 py-1.5 text-sm font-medium text-white no-underline hover:bg-brand-800">
              {t('listings.dashboard.postService')}
            </Link>
          </div>
          <Listings board={expert.board} />
        </section>
      )}
      {!orgs.length && !expert && platformRole === 'member' && <Notice>{t('dashboard.noOrg')}</Notice>}
    </div>
  )
}
