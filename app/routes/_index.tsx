import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ListingGrid, useKindLabel } from '~/components/listings'
import { NEED_KINDS, OFFER_KINDS } from '~/modules/import/format'
import { pageMeta } from '~/modules/i18n/meta'
import { homeFigures, latestListings } from '~/modules/listings/browse.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'
import { getLanguage } from '~/modules/i18n/i18n.server'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'home.title')

const LATEST = 6

export async function loader({ request }: LoaderFunctionArgs) {
  const [stats, latest] = await Promise.all([homeFigures(), latestListings(LATEST)])
  return withOccupationNames({ stats, latest }, await getLanguage(request))
}

function BrowseLinks({ type }: { type: 'need' | 'offer' }) {
  const { t } = useTranslation()
  const kindLabel = useKindLabel()
  const base = type === 'need' ? '/needs' : '/offers'
  return (
    <div className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h3 className="font-semibold">{type === 'need' ? t('browse.home.browseNeeds') : t('browse.home.browseOffers')}</h3>
      <ul className="mt-3 flex flex-wrap gap-2">
        <li>
          <Link to={base} className="rounded-full bg-brand-700 px-3 py-1 text-sm text-white no-underline hover:bg-brand-800">
            {type === 'need' ? t('browse.home.allNeeds') : t('browse.home.allOffers')}
          </Link>
        </li>
        {(type === 'need' ? NEED_KINDS : OFFER_KINDS).map((kind) => (
          <li key={kind}>
            <Link to={`${base}?kind=${kind}`} className="rounded-full px-3 py-1 text-sm no-underline ring-1 ring-slate-300 hover:bg-slate-50">
              {kindLabel(type, kind)}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  )
}

export default function HomePage() {
  const { stats, latest } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'vi-VN')
  const audiences = [
    [t('home.forColleges'), t('home.forCollegesText')],
    [t('home.forBusinesses'), t('home.forBusinessesText')],
    [t('home.forExperts'), t('home.forExpertsText')],
  ] as const
  return (
    <div className="space-y-10">
      <section className="rounded-2xl bg-gradient-to-br from-brand-700 to-brand-800 px-8 py-12 text-white">
        <h1 className="max-w-3xl text-3xl font-bold sm:text-4xl">{t('home.title')}</h1>
        <p className="mt-4 max-w-3xl text-brand-50">{t('home.lead')}</p>
        <div className="mt-8 flex flex-wrap gap-3">
          <Link to="/signup" className="rounded-md bg-white px-4 py-2 font-semibold text-brand-800 no-underline">
            {t('home.ctaSignup')}
          </Link>
          <Link to="/login" className="rounded-md border border-white/60 px-4 py-2 text-white no-underline">
            {t('home.ctaLogin')}
          </Link>
        </div>
      </section>
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
        {(Object.keys(stats) as (keyof typeof stats)[]).map((key) => (
          <div key={key} className="rounded-lg bg-white p-4 text-center shadow-sm">
            <dd className="text-2xl font-bold text-brand-700">{number.format(stats[key])}</dd>
            <dt className="text-sm text-slate-600">{t(`home.stats.${key}`)}</dt>
          </div>
        ))}
      </dl>
      <section aria-labelledby="home-browse" className="space-y-4">
        <h2 id="home-browse" className="text-xl font-semibold">
          {t('browse.home.browseTitle')}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2">
          <BrowseLinks type="need" />
          <BrowseLinks type="offer" />
        </div>
      </section>
      {(
        [
          ['need', t('browse.home.latestNeeds'), latest.needs, '/needs', t('browse.home.allNeeds')],
          ['offer', t('browse.home.latestOffers'), latest.offers, '/offers', t('browse.home.allOffers')],
        ] as const
      ).map(([type, title, listings, href, more]) => (
        <section key={type} aria-labelledby={`home-latest-${type}`} className="space-y-4">
          <div className="flex items-baseline justify-between gap-4">
            <h2 id={`home-latest-${type}`} className="text-xl font-semibold">
              {title}
            </h2>
            <Link to={href} className="text-sm">
              {more} →
            </Link>
          </div>
          {listings.length > 0 ? <ListingGrid listings={listings} /> : <p className="text-slate-600">{t('browse.home.none')}</p>}
        </section>
      ))}
      <section className="grid gap-4 sm:grid-cols-3">
        {audiences.map(([title, text]) => (
          <div key={title} className="rounded-lg bg-white p-6 shadow-sm">
            <h2 className="font-semibold">{title}</h2>
            <p className="mt-2 text-sm text-slate-600">{text}</p>
          </div>
        ))}
      </section>
    </div>
  )
}
