import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { MoneyText, ownerName, useLanguage } from '~/components/listings'
import type { FundingView } from '~/modules/payments/funding.server'
import { formatMoney } from '~/utils/money'

// Sponsorship on the need's page: progress, sponsors and the way in (data:
// app/modules/payments/funding.server.ts). Apart from the sponsor form (payments.tsx), so a
// listing page loads no form code.

/** A DonorsChoose-style bar: what is raised against the goal, who gave, and the way to give. */
export function FundingSection({ needKey, funding, canSponsor, signedIn, canMove = false }: { needKey: string; funding: FundingView; canSponsor: boolean; signedIn: boolean; canMove?: boolean }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const money = (amount: number) => formatMoney(amount, funding.goal.currency, lng)
  const full = funding.remaining <= 0 && funding.pending === 0
  return (
    <section aria-labelledby="funding-title" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="funding-title" className="text-lg font-semibold">
        {t('payments.funding.title')}
      </h2>
      <div
        role="progressbar"
        aria-label={t('payments.funding.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={funding.percent}
        aria-valuetext={t('payments.funding.progress', { raised: money(funding.raised), goal: money(funding.goal.amount), percent: funding.percent })}
        className="h-3 w-full overflow-hidden rounded-full bg-slate-200"
      >
        <div className="h-full bg-emerald-600" style={{ width: `${funding.percent}%` }} />
      </div>
      <p className="font-medium">{t('payments.funding.progress', { raised: money(funding.raised), goal: money(funding.goal.amount), percent: funding.percent })}</p>
      {funding.pending > 0 && <p className="text-sm text-slate-600">{t('payments.funding.pending', { amount: money(funding.pending) })}</p>}
      {full ? <p className="text-emerald-800">{t('payments.funding.funded')}</p> : <p className="text-sm text-slate-600">{t('payments.funding.remaining', { amount: money(funding.remaining) })}</p>}
      <h3 className="font-medium">{t('payments.funding.sponsors')}</h3>
      {funding.sponsors.length === 0 ? (
        <p className="text-sm text-slate-600">{t('payments.funding.noSponsors')}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {funding.sponsors.map((sponsor, index) => (
            <li key={index}>
              {sponsor.orgKey ? <Link to={`/orgs/${sponsor.orgKey}`}>{ownerName(sponsor, lng)}</Link> : ownerName(sponsor, lng)}:{' '}
              <MoneyText amount={sponsor.amount} currency={sponsor.currency} />
              {sponsor.currency !== funding.goal.currency && <span className="text-slate-600"> (≈ {money(sponsor.credit)})</span>}
            </li>
          ))}
        </ul>
      )}
      {canMove && <Link to={`/needs/${needKey}/contributions`}>{t('payments.move.link')}</Link>}
      {funding.remaining > 0 &&
        (canSponsor ? (
          <Link to={`/needs/${needKey}/sponsor`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
            {t('payments.funding.sponsor')}
          </Link>
        ) : (
          !signedIn && <Link to={`/login?redirectTo=${encodeURIComponent(`/needs/${needKey}/sponsor`)}`}>{t('payments.funding.signInToSponsor')}</Link>
        ))}
    </section>
  )
}
