import { Form, Link, useLocation, useNavigation } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, inputClass } from '~/components/forms'
import { languageName, ListingGrid, useKindLabel, useLanguage } from '~/components/listings'
import type { NeedKind, OfferKind } from '~/generated/prisma/enums'
import type { BrowsePageData } from '~/modules/listings/browse.server'
import { kindsOf, type FilterField } from '~/modules/listings/browse-filters'

// The /needs and /offers pages: kind tabs, a GET filter form, results and pagination.
// Everything lives in the URL, so a filtered list is a shareable link.

/** The current URL with some search parameters changed (null removes one). */
function useHrefWith(): (changes: Record<string, string | null>) => string {
  const location = useLocation()
  return (changes) => {
    const params = new URLSearchParams(location.search)
    for (const [name, value] of Object.entries(changes)) {
      if (value === null) params.delete(name)
      else params.set(name, value)
    }
    const search = params.toString()
    return search ? `${location.pathname}?${search}` : location.pathname
  }
}

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      <ErrorList id={`${id}-error`} errors={error ? [error] : null} />
    </div>
  )
}

function invalid(errors: BrowsePageData['errors'], field: FilterField) {
  return errors[field] ? { 'aria-invalid': true, 'aria-describedby': `filter-${field}-error` } : {}
}

function Filters({ data }: { data: BrowsePageData }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const kindLabel = useKindLabel()
  const navigation = useNavigation()
  const { filters, errors, options } = data
  return (
    // key: a back/forward navigation or a tab click resets the fields to the URL's filters
    <Form method="get" key={JSON.stringify(filters)} className="grid gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-5" aria-label={t('browse.filters.title')}>
      <Field id="filter-kind" label={t('browse.filters.kind')} error={errors.kind}>
        <select id="filter-kind" name="kind" defaultValue={filters.kind} className={inputClass} {...invalid(errors, 'kind')}>
          <option value="">{t('browse.filters.any')}</option>
          {kindsOf(data.type).map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(data.type, kind as NeedKind | OfferKind)}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-occupation" label={t('browse.filters.occupation')} error={errors.occupation} hint={t('browse.filters.occupationHint')}>
        <input
          id="filter-occupation"
          name="occupation"
          type="search"
          list="filter-occupation-options"
          defaultValue={filters.occupation}
          className={inputClass}
          {...invalid(errors, 'occupation')}
        />
        <datalist id="filter-occupation-options">
          {options.occupations.map((occupation) => (
            <option key={occupation.value} value={occupation.value}>
              {occupation.label}
            </option>
          ))}
        </datalist>
      </Field>
      <Field id="filter-district" label={t('browse.filters.district')} error={errors.district}>
        <select id="filter-district" name="district" defaultValue={filters.district} className={inputClass} {...invalid(errors, 'district')}>
          <option value="">{t('browse.filters.any')}</option>
          {options.districts.map((district) => (
            <option key={district} value={district}>
              {district}
            </option>
          ))}
        </select>
      </Field>
      <Field id="filter-language" label={t('browse.filters.language')} error={errors.language}>
        <select id="filter-language" name="language" defaultValue={filters.language} className={inputClass} {...invalid(errors, 'language')}>
          <option value="">{t('browse.filters.any')}</option>
          {options.languages.map((code) => (
            <option key={code} value={code}>
              {languageName(code, lng)}
            </option>
          ))}
        </select>
      </Field>
      <div className="flex items-end gap-3">
        <button
          type="submit"
          disabled={navigation.state === 'loading'}
          className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 disabled:opacity-60"
        >
          {t('browse.filters.apply')}
        </button>
        <Link to="." className="pb-2 text-sm">
          {t('browse.filters.clear')}
        </Link>
      </div>
    </Form>
  )
}

function KindTabs({ data }: { data: BrowsePageData }) {
  const { t } = useTranslation()
  const kindLabel = useKindLabel()
  const hrefWith = useHrefWith()
  const current = data.filters.kind
  const tabs = [{ value: '', label: t('browse.allKinds') }, ...kindsOf(data.type).map((kind) => ({ value: kind, label: kindLabel(data.type, kind as NeedKind | OfferKind) }))]
  return (
    <nav aria-label={t('browse.filters.kind')}>
      <ul className="flex flex-wrap gap-2">
        {tabs.map((tab) => (
          <li key={tab.value}>
            <Link
              to={hrefWith({ kind: tab.value || null, page: null })}
              aria-current={tab.value === current ? 'page' : undefined}
              className={`rounded-full px-3 py-1 text-sm no-underline ring-1 ${tab.value === current ? 'bg-brand-700 text-white ring-brand-700' : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'}`}
            >
              {tab.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function Pagination({ page, pages }: { page: number; pages: number }) {
  const { t } = useTranslation()
  const hrefWith = useHrefWith()
  if (pages <= 1) return null
  return (
    <nav aria-label={t('browse.results.pagination')} className="flex items-center justify-between gap-4 text-sm">
      {page > 1 ? <Link to={hrefWith({ page: page === 2 ? null : String(page - 1) })} rel="prev">{t('browse.results.previous')}</Link> : <span />}
      <span className="text-slate-600">{t('browse.results.page', { page, pages })}</span>
      {page < pages ? <Link to={hrefWith({ page: String(page + 1) })} rel="next">{t('browse.results.next')}</Link> : <span />}
    </nav>
  )
}

export function BrowsePage({ data, title, lead }: { data: BrowsePageData; title: string; lead: string }) {
  const { t } = useTranslation()
  const { results } = data
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold sm:text-3xl">{title}</h1>
        <p className="mt-2 text-slate-600">{lead}</p>
      </header>
      <KindTabs data={data} />
      <Filters data={data} />
      {data.errors.page && <ErrorList errors={[data.errors.page]} />}
      {/* The cards' titles are h3s: this heading keeps the outline in order (axe heading-order). */}
      <h2 className="sr-only">{t('browse.results.heading')}</h2>
      <p className="text-sm text-slate-600" role="status">
        {t('browse.results.count', { total: results.total })}
      </p>
      {results.items.length > 0 ? <ListingGrid listings={results.items} /> : <p className="rounded-lg bg-white p-6 text-slate-600 shadow-sm">{t('browse.results.none')}</p>}
      <Pagination page={results.page} pages={results.pages} />
    </div>
  )
}
