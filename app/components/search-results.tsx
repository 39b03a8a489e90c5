import { Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Notice } from '~/components/forms'
import { ListingCard, useLanguage } from '~/components/listings'
import type { SearchHit, SearchPageData } from '~/modules/search/search.server'
import { searchHref, type SearchState } from '~/modules/search/search-params'

// The search page's results: a count, notices about how they were found, the cards (with
// the listing's type, which the kind badge alone leaves open for "equipment", and the
// distance when sorted by it) and pagination links that keep the whole search.

function HitCard({ hit }: { hit: SearchHit }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const km = hit.distanceKm === null ? null : new Intl.NumberFormat(lng === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 }).format(hit.distanceKm)
  return (
    <ListingCard listing={hit.listing}>
      <p className="text-xs text-slate-500">
        {t(`search.results.${hit.listing.type}`)}
        {km !== null && ` · ${t('search.results.distance', { km })}`}
      </p>
    </ListingCard>
  )
}

function Pagination({ state, page, pages }: { state: SearchState; page: number; pages: number }) {
  const { t } = useTranslation()
  if (pages <= 1) return null
  return (
    <nav aria-label={t('search.results.pagination')} className="flex items-center justify-between gap-4 text-sm">
      {page > 1 ? (
        <Link to={searchHref(state, { page: page - 1 })} rel="prev">
          {t('search.results.previous')}
        </Link>
      ) : (
        <span />
      )}
      <span className="text-slate-600">{t('search.results.page', { page, pages })}</span>
      {page < pages ? (
        <Link to={searchHref(state, { page: page + 1 })} rel="next">
          {t('search.results.next')}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  )
}

export function SearchResultList({ data }: { data: SearchPageData }) {
  const { t } = useTranslation()
  const { results, state } = data
  return (
    <div id="search-results" tabIndex={-1} className="space-y-4 focus:outline-none">
      <p className="text-sm font-medium text-slate-700" role="status">
        {t('search.results.count', { total: results.total })}
      </p>
      {data.partialMatch && <Notice>{t('search.results.partial')}</Notice>}
      {data.nearest.missingPlace && !data.degraded && <Notice>{t('search.sort.missingPlace')}</Notice>}
      <ErrorList errors={data.errors.page ? [data.errors.page] : null} />
      {results.items.length > 0 ? (
        <ul className="grid gap-4 sm:grid-cols-2">
          {results.items.map((hit) => (
            <li key={`${hit.listing.type}-${hit.listing.key}`}>
              <HitCard hit={hit} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-lg bg-white p-6 text-slate-600 shadow-sm">{t('search.results.none')}</p>
      )}
      <Pagination state={state} page={results.page} pages={results.pages} />
    </div>
  )
}
