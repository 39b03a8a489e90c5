import { Link } from '@remix-run/react'
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList } from '~/components/forms'
import { languageName, useKindLabel, useLanguage } from '~/components/listings'
import type { NeedKind, OfferKind } from '~/generated/prisma/enums'
import type { FacetOption, PriceBandOption, SearchFacets } from '~/modules/search/search.server'
import { PRICE_UNITS, searchHref, toSearchParams, type SearchErrors, type SearchState } from '~/modules/search/search-params'
import { CURRENCIES, formatMoney } from '~/utils/money'

// The facets of the search page: checkboxes (values of one facet combine with OR) with the
// number of results each would give, price bands and a range of one's own. They are fields
// of the page's one GET form; a checkbox or select marked data-autosubmit submits it at once.

const FACETS_SHOWN = 8

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500'

function Group({ title, error, children }: { title: string; error?: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-2 border-t border-slate-200 pt-4">
      <legend className="text-sm font-semibold text-slate-800">{title}</legend>
      {children}
      <ErrorList errors={error ? [error] : null} />
    </fieldset>
  )
}

function Checkbox({ name, option, label }: { name: string; option: FacetOption; label: string }) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        name={name}
        value={option.value}
        defaultChecked={option.selected}
        disabled={!option.selected && option.count === 0}
        data-autosubmit
        className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-700"
      />
      <span className={`grow ${!option.selected && option.count === 0 ? 'text-slate-400' : ''}`}>{label}</span>
      <span className="tabular-nums text-slate-500">{option.count}</span>
    </label>
  )
}

/** The first values, the rest behind "more" (still in the form, so chosen values stay chosen). */
function CheckboxList({ name, options, label }: { name: string; options: FacetOption[]; label: (option: FacetOption) => string }) {
  const { t } = useTranslation()
  if (options.length === 0) return <p className="text-sm text-slate-500">{t('search.facets.empty')}</p>
  const shown = options.slice(0, FACETS_SHOWN)
  const rest = options.slice(FACETS_SHOWN)
  const item = (option: FacetOption) => (
    <li key={option.value}>
      <Checkbox name={name} option={option} label={label(option)} />
    </li>
  )
  return (
    <>
      <ul className="space-y-1.5">{shown.map(item)}</ul>
      {rest.length > 0 && (
        <details open={rest.some((option) => option.selected)}>
          <summary className="cursor-pointer text-sm text-brand-700">{t('search.facets.more')}</summary>
          <ul className="mt-1.5 space-y-1.5">{rest.map(item)}</ul>
        </details>
      )}
    </>
  )
}

function PriceBands({ state, bands }: { state: SearchState; bands: PriceBandOption[] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const vnd = (amount: number) => formatMoney(amount, 'VND', lng)
  const label = (band: PriceBandOption) =>
    band.min === null
      ? t('search.price.under', { max: vnd(band.max ?? 0) })
      : band.max === null
        ? t('search.price.over', { min: vnd(band.min) })
        : t('search.price.between', { min: vnd(band.min), max: vnd(band.max) })
  const anySelected = state.min === null && state.max === null
  const linkClass = (selected: boolean) => `no-underline ${selected ? 'font-semibold text-brand-800' : 'text-slate-700 hover:text-brand-700'}`
  return (
    <ul className="space-y-1.5 text-sm">
      <li>
        <Link to={searchHref(state, { min: null, max: null })} aria-current={anySelected ? 'true' : undefined} className={linkClass(anySelected)}>
          {t('search.price.any')}
        </Link>
      </li>
      {bands.map((band) => (
        <li key={`${band.min}-${band.max}`} className="flex justify-between gap-2">
          <Link
            to={searchHref(state, { min: band.min, max: band.max, currency: 'VND', per: 'day' })}
            aria-current={band.selected ? 'true' : undefined}
            className={linkClass(band.selected)}
          >
            {label(band)}
          </Link>
          <span className="tabular-nums text-slate-500">{band.count}</span>
        </li>
      ))}
    </ul>
  )
}

function PriceRange({ state, errors }: { state: SearchState; errors: SearchErrors }) {
  const { t } = useTranslation()
  const id = useId()
  const field = (name: 'min' | 'max') => (
    <div>
      <label htmlFor={`${id}-${name}`} className="block text-xs font-medium text-slate-600">
        {t(`search.price.${name}`)}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        inputMode="decimal"
        defaultValue={state[name] ?? ''}
        aria-invalid={errors[name] ? true : undefined}
        aria-describedby={errors[name] ? `${id}-${name}-error` : undefined}
        className={inputClass}
      />
      <ErrorList id={`${id}-${name}-error`} errors={errors[name] ? [errors[name]] : null} />
    </div>
  )
  return (
    <div className="space-y-2">
      <p className="text-xs font-medium text-slate-700">{t('search.price.custom')}</p>
      <div className="grid grid-cols-2 gap-2">
        {field('min')}
        {field('max')}
        <div>
          <label htmlFor={`${id}-currency`} className="block text-xs font-medium text-slate-600">
            {t('search.price.currency')}
          </label>
          <select id={`${id}-currency`} name="currency" defaultValue={state.currency} className={inputClass}>
            {CURRENCIES.map((currency) => (
              <option key={currency} value={currency}>
                {currency}
              </option>
            ))}
          </select>
          <ErrorList errors={errors.currency ? [errors.currency] : null} />
        </div>
        <div>
          <label htmlFor={`${id}-per`} className="block text-xs font-medium text-slate-600">
            {t('search.price.per')}
          </label>
          <select id={`${id}-per`} name="per" defaultValue={state.per} className={inputClass}>
            {PRICE_UNITS.map((unit) => (
              <option key={unit} value={unit}>
                {t(`search.price.units.${unit}`)}
              </option>
            ))}
          </select>
          <ErrorList errors={errors.per ? [errors.per] : null} />
        </div>
      </div>
      <p className="text-xs text-slate-500">{t('search.price.hint')}</p>
    </div>
  )
}

export function SearchFacetPanel({ state, errors, facets }: { state: SearchState; errors: SearchErrors; facets: SearchFacets }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const kindLabel = useKindLabel()
  return (
    <div className="space-y-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 className="text-base font-semibold">{t('search.facets.title')}</h2>
      <Group title={t('search.facets.kind')} error={errors.need ?? errors.offer}>
        <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('search.facets.needs')}</p>
        <CheckboxList name="need" options={facets.need} label={(option) => kindLabel('need', option.value as NeedKind)} />
        <p className="pt-1 text-xs font-medium uppercase tracking-wide text-slate-500">{t('search.facets.offers')}</p>
        <CheckboxList name="offer" options={facets.offer} label={(option) => kindLabel('offer', option.value as OfferKind)} />
      </Group>
      <Group title={t('search.facets.occupation')} error={errors.occupation}>
        <CheckboxList name="occupation" options={facets.occupation} label={(option) => option.label ?? option.value} />
      </Group>
      <Group title={t('search.facets.district')} error={errors.district}>
        <CheckboxList name="district" options={facets.district} label={(option) => option.value} />
      </Group>
      <Group title={t('search.facets.language')} error={errors.language}>
        <CheckboxList name="language" options={facets.language} label={(option) => languageName(option.value, lng)} />
      </Group>
      <Group title={t('search.facets.trust')} error={errors.verified}>
        <Checkbox name="verified" option={{ ...facets.verified, value: '1' }} label={t('search.facets.verified')} />
      </Group>
      <Group title={t('search.price.title')}>
        <PriceBands state={state} bands={facets.price} />
        <PriceRange state={state} errors={errors} />
      </Group>
      <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <button type="submit" className="rounded-md bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800">
          {t('search.facets.apply')}
        </button>
        <Link to={searchHref({ ...state, need: [], offer: [], occupation: [], district: [], language: [], verified: false, min: null, max: null })} className="text-sm">
          {t('search.facets.clear')}
        </Link>
      </div>
    </div>
  )
}

/** The filters as hidden fields, when the facets cannot be shown (search unavailable): a new query keeps them. */
export function HiddenFilters({ state }: { state: SearchState }) {
  // The visible fields (words, order, place) and the page are not filters.
  const filters = toSearchParams({ ...state, q: '', sort: 'relevance', near: '', page: 1 })
  return (
    <>
      {[...filters].map(([name, value]) => (
        <input key={`${name}-${value}`} type="hidden" name={name} value={value} />
      ))}
    </>
  )
}
