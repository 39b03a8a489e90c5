import { Form, useLocation, useNavigate } from '@remix-run/react'
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, Notice } from '~/components/forms'
import { SaveSearchControl } from '~/components/save-search'
import { HiddenFilters, inputClass, SearchFacetPanel } from '~/components/search-facets'
import { SearchResultList } from '~/components/search-results'
import type { SearchPageData } from '~/modules/search/search.server'
import { formParams, SORTS, toSearchParams } from '~/modules/search/search-params'

// /search: one GET form holds the words, the order and every facet, so the URL is the whole
// search (shareable; back and forward work). With JavaScript a facet click or a new order
// submits at once and the URL leaves out empty fields; without it the form still works.

function QueryBar({ data }: { data: SearchPageData }) {
  const { t } = useTranslation()
  const { state, errors, nearest } = data
  return (
    <div className="flex flex-wrap items-start gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <div className="min-w-60 grow">
        <label htmlFor="search-q" className="block text-sm font-medium text-slate-700">
          {t('search.query.label')}
        </label>
        <div className="flex gap-2">
          <input
            id="search-q"
            name="q"
            type="search"
            defaultValue={state.q}
            placeholder={t('search.query.placeholder')}
            aria-invalid={errors.q ? true : undefined}
            aria-describedby={errors.q ? 'search-q-error' : undefined}
            className={inputClass}
          />
          <button type="submit" className="mt-1 rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
            {t('search.query.submit')}
          </button>
        </div>
        <ErrorList id="search-q-error" errors={errors.q ? [errors.q] : null} />
      </div>
      <div>
        <label htmlFor="search-sort" className="block text-sm font-medium text-slate-700">
          {t('search.sort.label')}
        </label>
        <select id="search-sort" name="sort" defaultValue={state.sort} data-autosubmit className={inputClass}>
          {SORTS.map((sort) => (
            <option key={sort} value={sort}>
              {t(`search.sort.${sort}`)}
            </option>
          ))}
        </select>
        <ErrorList errors={errors.sort ? [errors.sort] : null} />
      </div>
      {state.sort === 'nearest' && (
        <div>
          <label htmlFor="search-near" className="block text-sm font-medium text-slate-700">
            {t('search.sort.near')}
          </label>
          <select
            id="search-near"
            name="near"
            defaultValue={state.near}
            data-autosubmit
            aria-invalid={errors.near ? true : undefined}
            aria-describedby={errors.near ? 'search-near-error' : undefined}
            className={inputClass}
          >
            <option value="">{nearest.ownPlace ? t('search.sort.ownPlace') : t('search.sort.chooseDistrict')}</option>
            {nearest.districts.map((district) => (
              <option key={district} value={district}>
                {district}
              </option>
            ))}
          </select>
          <ErrorList id="search-near-error" errors={errors.near ? [errors.near] : null} />
        </div>
      )}
    </div>
  )
}

/** How to find a control again in the form the next search renders (the form is remade: its key is the search). */
function controlSelector(control: HTMLElement): string | null {
  if (control instanceof HTMLInputElement && (control.type === 'checkbox' || control.type === 'radio')) {
    return `input[name="${CSS.escape(control.name)}"][value="${CSS.escape(control.value)}"]`
  }
  return control.id ? `#${CSS.escape(control.id)}` : null
}

/**
 * The facets: a panel of their own beside the results on wide screens; on a phone a disclosure
 * closed by default (its summary gives the number of results), so the first result is near the
 * top. A <details>, so it opens and closes without JavaScript; on wide screens its content is
 * shown whether open or not (::details-content), and with JavaScript it starts open there.
 */
function FilterDrawer({ total, open, setOpen, children }: { total: number; open: boolean; setOpen: (open: boolean) => void; children: ReactNode }) {
  const { t } = useTranslation()
  return (
    <details
      open={open}
      onToggle={(event) => setOpen(event.currentTarget.open)}
      className="group lg:[&::details-content]:[content-visibility:visible] lg:[&::details-content]:[display:contents]"
    >
      <summary className="flex cursor-pointer items-center justify-between rounded-lg bg-white px-4 py-3 font-medium shadow-sm ring-1 ring-slate-200 lg:hidden">
        <span>{t('search.facets.toggle', { total })}</span>
        <span aria-hidden="true" className="text-slate-500 group-open:rotate-180">
          ▾
        </span>
      </summary>
      <div className="mt-3 lg:mt-0">{children}</div>
    </details>
  )
}

export function SearchPage({ data }: { data: SearchPageData }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const location = useLocation()
  // The control that changed the search (a facet, the order): focus returns to it in the new page.
  const changedControl = useRef<string | null>(null)
  const formRef = useRef<HTMLFormElement>(null)
  const searchKey = JSON.stringify(data.state)
  // Outside the form, which is remade by each search: a phone's open filters stay open.
  const [filtersOpen, setFiltersOpen] = useState(false)
  useEffect(() => {
    if (window.matchMedia('(min-width: 64rem)').matches) setFiltersOpen(true)
  }, [])
  useEffect(() => {
    const selector = changedControl.current
    if (!selector) return
    changedControl.current = null
    formRef.current?.querySelector<HTMLElement>(selector)?.focus()
  }, [searchKey])
  const go = (form: HTMLFormElement) => {
    const query = formParams(new FormData(form)).toString()
    navigate(query ? `/search?${query}` : '/search', { preventScrollReset: true })
  }
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    // Enter in the words' box (or a field of the price range): focus stays in that field.
    const active = document.activeElement
    changedControl.current = active instanceof HTMLElement && event.currentTarget.contains(active) ? controlSelector(active) : null
    go(event.currentTarget)
  }
  const onChange = (event: FormEvent<HTMLFormElement>) => {
    if (event.target instanceof HTMLElement && event.target.dataset.autosubmit !== undefined) {
      changedControl.current = controlSelector(event.target)
      go(event.currentTarget)
    }
  }
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-bold sm:text-3xl">{t('search.title')}</h1>
        <p className="mt-2 text-slate-600">{t('search.lead')}</p>
      </header>
      {/* Outside the search form: its own form posts to /searches. key: a new search starts a new name. */}
      <SaveSearchControl key={JSON.stringify(data.state)} query={toSearchParams({ ...data.state, page: 1 }).toString()} words={data.state.q} />
      {/* key: back/forward and links reset the fields to the URL's search. data-search: the
          address this render shows (the address bar changes a moment before the page does). */}
      <Form
        method="get"
        action="/search"
        key={searchKey}
        ref={formRef}
        onSubmit={onSubmit}
        onChange={onChange}
        className="space-y-6"
        role="search"
        data-search={location.search}
      >
        <QueryBar data={data} />
        {data.degraded && (
          <Notice tone="error">
            <p className="font-medium">{t(`search.degraded.${data.degraded}`)}</p>
            <p className="mt-1">{t('search.degraded.fallback')}</p>
          </Notice>
        )}
        {data.facets ? (
          <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
            {/* About 30 facet controls come first: the keyboard may go straight to the results. */}
            <a
              href="#search-results"
              className="sr-only focus:not-sr-only focus:inline-block focus:rounded-md focus:bg-white focus:px-3 focus:py-1 focus:font-medium focus:text-brand-800 focus:underline focus:ring-2 focus:ring-brand-600 lg:col-span-2"
            >
              {t('search.skipToResults')}
            </a>
            <aside aria-label={t('search.facets.title')}>
              <FilterDrawer total={data.results.total} open={filtersOpen} setOpen={setFiltersOpen}>
                <SearchFacetPanel state={data.state} errors={data.errors} facets={data.facets} />
              </FilterDrawer>
            </aside>
            <SearchResultList data={data} />
          </div>
        ) : (
          <>
            <HiddenFilters state={data.state} />
            <SearchResultList data={data} />
          </>
        )}
      </Form>
    </div>
  )
}
