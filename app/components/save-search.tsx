import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { Link, useFetcher, useLocation, useRouteLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, inputClass } from '~/components/forms'
import { FormErrorSummary } from '~/components/form-errors'
import { useForm } from '~/components/use-form'
import { SAVED_NAME_MAX } from '~/modules/saved-searches/limits'
import type { loader as rootLoader } from '~/root'

// The search page's "Save this search" (the list of saved searches: saved-searches.tsx).

type ActionData = { result?: SubmissionResult<string[]>; max?: number } | undefined

/** On the search page: signed-in members save the search they see (without its page number); others are asked to sign in. */
export function SaveSearchControl({ query, words }: { query: string; words: string }) {
  const { t } = useTranslation()
  const root = useRouteLoaderData<typeof rootLoader>('root')
  const location = useLocation()
  const fetcher = useFetcher<ActionData>()
  const [form, fields] = useForm({
    id: 'save-search',
    lastResult: fetcher.data?.result,
    defaultValue: { name: words || t('savedSearches.page.allListings') },
    // Checked by the server only (SavedSearchesSchema in the action), so the search page's
    // browser code loads no Zod: its one field is optional and bounded by maxLength.
    shouldValidate: 'onSubmit',
  })
  if (!root?.user) {
    return (
      <p className="text-sm text-slate-600">
        <Link to={`/login?redirectTo=${encodeURIComponent(location.pathname + location.search)}`}>{t('savedSearches.save.signIn')}</Link>
      </p>
    )
  }
  return (
    <fetcher.Form method="post" action="/searches" {...getFormProps(form)} className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="query" value={query} />
      <div className="min-w-60 grow">
        <label htmlFor={fields.name.id} className="block text-sm font-medium text-slate-700">
          {t('savedSearches.save.name')}
        </label>
        <input {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} maxLength={SAVED_NAME_MAX} className={inputClass} />
        <p className="mt-1 text-xs text-slate-500">{t('savedSearches.save.lead')}</p>
        <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
        <ErrorList errors={form.errors?.map((key) => (key === 'savedSearches.errors.tooMany' ? t(key, { max: fetcher.data?.max ?? 0 }) : key))} />
      </div>
      <button type="submit" disabled={fetcher.state !== 'idle'} className="rounded-md border border-brand-700 px-4 py-2 font-medium text-brand-800 hover:bg-brand-50 disabled:opacity-60">
        {t('savedSearches.save.submit')}
      </button>
    </fetcher.Form>
  )
}
