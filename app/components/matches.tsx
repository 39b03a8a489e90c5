import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import { DateRange, KindBadge, ListingCard, MoneyText, OwnerLink } from '~/components/listings'
import type { DashboardMatches, FitLevel, ListingMatches, MatchView } from '~/modules/matching/match-view'
import { listingPath, type ListingType } from '~/modules/listings/view'

// Matches on listing pages and dashboards (data: app/modules/matching/match-view.ts).
// A match shows how well it fits in words and as a bar (the blended score is a ranking,
// not a probability), why it matches in the viewer's language, and the other listing's card.

const FIT_TONES: Record<FitLevel, { badge: string; bar: string }> = {
  strong: { badge: 'bg-emerald-100 text-emerald-800', bar: 'bg-emerald-600' },
  good: { badge: 'bg-sky-100 text-sky-800', bar: 'bg-sky-600' },
  possible: { badge: 'bg-slate-200 text-slate-700', bar: 'bg-slate-500' },
}

export function FitMeter({ fit }: { fit: NonNullable<MatchView['fit']> }) {
  const { t } = useTranslation()
  const score = Math.round(fit.score * 100)
  const tone = FIT_TONES[fit.level]
  return (
    <div className="flex items-center gap-2">
      <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${tone.badge}`}>{t(`matching.fit.${fit.level}`)}</span>
      <span role="img" aria-label={t('matching.fit.meter', { score })} title={t('matching.fit.meter', { score })} className="block h-2 w-20 overflow-hidden rounded-full bg-slate-200">
        <span className={`block h-full rounded-full ${tone.bar}`} style={{ width: `${score}%` }} />
      </span>
    </div>
  )
}

export function NewBadge() {
  const { t } = useTranslation()
  return (
    <span title={t('matching.dashboard.newTitle')} className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">
      {t('matching.dashboard.new')}
    </span>
  )
}

function Reasons({ reasons, compact = false }: { reasons: string[]; compact?: boolean }) {
  const { t } = useTranslation()
  if (reasons.length === 0) return null
  return (
    <ul aria-label={t('matching.page.reasons')} className={compact ? 'flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600' : 'space-y-0.5 text-sm text-slate-700'}>
      {reasons.map((reason) => (
        <li key={reason} className={compact ? '' : "before:mr-1.5 before:text-emerald-600 before:content-['✓']"}>
          {reason}
        </li>
      ))}
    </ul>
  )
}

export function DegradedNotice() {
  const { t } = useTranslation()
  return <Notice>{t('matching.degraded.notice')}</Notice>
}

/**
 * "Matching offers" on a need's page, "Matching needs" on an offer's, best first. `prominent`
 * for the listing's owner: set off from the page, with an introduction.
 */
export function MatchesSection({ type, matches, prominent, proposeFrom }: { type: ListingType; matches: ListingMatches; prominent: boolean; proposeFrom?: string }) {
  const { t } = useTranslation()
  const forNeed = type === 'need'
  const intro = prominent
    ? t(forNeed ? 'matching.page.ownerOffersIntro' : 'matching.page.ownerNeedsIntro')
    : t(forNeed ? 'matching.page.visitorOffersIntro' : 'matching.page.visitorNeedsIntro')
  return (
    // tabIndex -1: links to #matches ("see all matches", the page's own "go to matches") move focus here.
    <section
      id="matches"
      tabIndex={-1}
      aria-labelledby="matches-title"
      className={`focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${prominent ? 'space-y-4 rounded-lg bg-emerald-50/60 p-5 ring-1 ring-emerald-200' : 'space-y-4'}`}
    >
      <div>
        <h2 id="matches-title" className={prominent ? 'text-xl font-semibold' : 'font-semibold'}>
          {t(forNeed ? 'matching.page.offersTitle' : 'matching.page.needsTitle')}
        </h2>
        {!matches.degraded && <p className="text-sm text-slate-600">{intro}</p>}
      </div>
      {matches.degraded && <DegradedNotice />}
      {matches.matches.length === 0 ? (
        <p className="text-sm text-slate-600">{t(forNeed ? 'matching.page.noOffers' : 'matching.page.noNeeds')}</p>
      ) : (
        <ol className="grid gap-4 md:grid-cols-2 lg:grid-cols-3">
          {matches.matches.map((match) => (
            <li key={match.listing.key}>
              <ListingCard listing={match.listing}>
                {(match.fit || match.reasons.length > 0) && (
                  <div className="space-y-2 border-t border-slate-100 pt-3">
                    {match.fit && <FitMeter fit={match.fit} />}
                    <Reasons reasons={match.reasons} />
                  </div>
                )}
                {proposeFrom && <ProposeLink from={{ type, key: proposeFrom }} to={match.listing} />}
              </ListingCard>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

/** "Propose" on a match of the owner's listing: the pair is fixed, the form asks the rest. */
function ProposeLink({ from, to, compact = false }: { from: { type: ListingType; key: string }; to: { type: ListingType; key: string; title: string }; compact?: boolean }) {
  const { t } = useTranslation()
  const pair = new URLSearchParams({ [from.type]: from.key, [to.type]: to.key })
  return (
    // The listing's title in visually hidden text, not an aria-label: the link's name then always
    // holds what is seen (axe label-content-name-mismatch rejected the aria-label for some titles).
    <Link
      to={`/proposals/new?${pair}`}
      className={`inline-block rounded-md border border-brand-700 font-medium text-brand-800 no-underline hover:bg-brand-50 ${compact ? 'px-2 py-0.5 text-xs' : 'px-3 py-1 text-sm'}`}
    >
      {t('proposals.propose')}
      <span className="sr-only">: {to.title}</span>
    </Link>
  )
}

/** For the owner of a listing that cannot be matched now (draft, waiting for review, hidden, closed). */
export function NotMatchableNote() {
  const { t } = useTranslation()
  return <p className="text-sm text-slate-600">{t('matching.page.notMatchable')}</p>
}

/**
 * One match on the dashboard, compact (a dashboard lists several listings' matches): title and
 * fit on one line, who and when on the next; the reasons from the sm breakpoint up (on a phone
 * they wait on the listing's page, a tap away).
 */
function DashboardMatch({ match, from }: { match: MatchView; from: { type: ListingType; key: string } }) {
  return (
    <li className="space-y-1 py-2">
      <div className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1">
        <p className="min-w-0 font-medium">
          <Link to={listingPath(match.listing.type, match.listing.key)}>{match.listing.title}</Link>
        </p>
        <div className="flex items-center gap-2">
          {match.isNew && <NewBadge />}
          {match.fit && <FitMeter fit={match.fit} />}
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-600">
        <span className="hidden sm:inline">
          <KindBadge type={match.listing.type} kind={match.listing.kind} />
        </span>
        <OwnerLink owner={match.listing.owner} />
        <DateRange start={match.listing.startDate} end={match.listing.endDate} />
        {match.listing.money && <MoneyText {...match.listing.money} />}
        <ProposeLink from={from} to={match.listing} compact />
      </div>
      <div className="hidden sm:block">
        <Reasons reasons={match.reasons} compact />
      </div>
    </li>
  )
}

/** "New matches for your needs" / "Needs matching your offers" on the dashboard. */
export function DashboardMatchesSection({ matches }: { matches: DashboardMatches }) {
  const { t } = useTranslation()
  const forNeeds = matches.type === 'need'
  const titleId = `dashboard-matches-${matches.type}-${matches.listings[0]?.listing.key ?? 'none'}`
  return (
    <section aria-labelledby={titleId} className="mt-6 space-y-3">
      <h3 id={titleId} className="font-medium">
        {t(forNeeds ? 'matching.dashboard.needsTitle' : 'matching.dashboard.offersTitle')}
      </h3>
      {matches.degraded && <DegradedNotice />}
      {matches.listings.length === 0 ? (
        <p className="text-sm text-slate-600">{t('matching.dashboard.noListings')}</p>
      ) : (
        <>
          <p className="text-sm text-slate-600">{t('matching.dashboard.intro')}</p>
          <ul className="space-y-4">
            {matches.listings.map(({ listing, matches: found }) => (
              <li key={listing.key} className="rounded-md border border-slate-200 p-3 sm:p-4">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  {/* The listing itself is linked from the listings below; here, its matches. */}
                  <h4 className="font-semibold">{listing.title}</h4>
                  {found.length > 0 && <Link to={`${listingPath(matches.type, listing.key)}#matches`} className="text-sm">{t('matching.dashboard.seeAll')}</Link>}
                </div>
                {found.length === 0 ? (
                  <p className="mt-1 text-sm text-slate-600">{t('matching.dashboard.noMatches')}</p>
                ) : (
                  // On a phone the best match only: "see all matches" is a tap away.
                  <ol className="divide-y divide-slate-100 max-sm:[&>li:nth-child(n+2)]:hidden">
                    {found.map((match) => (
                      <DashboardMatch key={match.listing.key} match={match} from={{ type: matches.type, key: listing.key }} />
                    ))}
                  </ol>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
