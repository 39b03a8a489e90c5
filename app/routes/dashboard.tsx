import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AgreementList } from '~/components/agreements'
import { Notice } from '~/components/forms'
import { OwnerActions } from '~/components/listing-actions'
import { KindBadge, StatusBadge, useLanguage } from '~/components/listings'
import { DashboardMatchesSection } from '~/components/matches'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { memberDashboard, type Attention, type Board, type Group } from '~/modules/dashboard/dashboard.server'
import { formatDate, todayInHanoi } from '~/modules/i18n/i18n'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { listingPath, type ListingType } from '~/modules/listings/view'
import { newSince, previousDashboardVisit, recordDashboardVisit } from '~/modules/matching/listing-matches.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'

// A member's home (read model: app/modules/dashboard/dashboard.server.ts) with the controls
// of each listing; visiting it marks what later visits count as new.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'dashboard.title')

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const lng = await getLanguage(request)
  const previous = await previousDashboardVisit(request, user.id)
  return data(await withOccupationNames(await memberDashboard(user, { lng, since: newSince(previous), today: todayInHanoi() }), lng), {
    headers: { 'Set-Cookie': await recordDashboardVisit(user.id, new Date(), previous), 'Cache-Control': 'private, no-store' },
  })
}


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
                <OwnerActions type={type} listingKey={listing.key} status={listing.status} redirectTo="/dashboard" title={listing.title} />
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
  const { name, platformRole, orgs, expert, pendingVerifications, agreements } = useLoaderData<typeof loader>()
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
      {agreements.length > 0 && (
        <section aria-labelledby="dashboard-agreements" className="rounded-lg bg-white p-6 shadow-sm">
          <h2 id="dashboard-agreements" className="mb-2 text-xl font-semibold">
            {t('agreements.title')}
          </h2>
          <AgreementList items={agreements} />
        </section>
      )}
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
            <Link to="/expert/payouts">{t('payouts.dashboardLink')}</Link>
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
