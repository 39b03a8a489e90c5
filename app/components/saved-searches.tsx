import { getFormProps, getInputProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, inputClass, Notice, SubmitButton } from '~/components/forms'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { formatDateTime, isLanguage } from '~/modules/i18n/i18n'
import type { SavedSearchView } from '~/modules/saved-searches/saved-searches.server'
import { SAVED_NAME_MAX, SavedSearchesSchema } from '~/modules/saved-searches/schemas'

// Saved searches: the list at /searches (the search page's "Save this search": save-search.tsx).

type ActionData = { result?: SubmissionResult<string[]>; max?: number } | undefined

function RenameForm({ search, lastResult }: { search: SavedSearchView; lastResult: SubmissionResult<string[]> | undefined }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: `rename-${search.id}`,
    lastResult,
    defaultValue: { name: search.name },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SavedSearchesSchema }),
    constraint: requiredConstraint(SavedSearchesSchema),
    shouldValidate: 'onSubmit',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-start gap-2">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="rename" />
      <input type="hidden" name="id" value={search.id} />
      <div className="min-w-48 grow">
        <label htmlFor={fields.name.id} className="sr-only">
          {t('savedSearches.save.name')}
        </label>
        <input {...getInputProps(fields.name, { type: 'text' })} key={fields.name.key} maxLength={SAVED_NAME_MAX} className={inputClass} />
        <ErrorList id={fields.name.errorId} errors={fields.name.errors} />
      </div>
      <button type="submit" className="mt-1 rounded border border-slate-300 px-3 py-2 text-sm">
        {t('savedSearches.page.rename')}
      </button>
    </Form>
  )
}

export function SavedSearchList({
  searches,
  done,
  actionData,
}: {
  searches: SavedSearchView[]
  done: string | null
  actionData: (ActionData & { id?: string }) | undefined
}) {
  const { t, i18n } = useTranslation()
  const lng = isLanguage(i18n.language) ? i18n.language : 'vi'
  const notices: Record<string, string> = {
    created: t('savedSearches.page.created'),
    renamed: t('savedSearches.page.renamed'),
    deleted: t('savedSearches.page.deleted'),
  }
  // Errors of a save sent from the search page without JavaScript (no row to show them at).
  const formErrors = actionData && !actionData.id ? Object.values(actionData.result?.error ?? {}).flatMap((errors) => errors ?? []) : []
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <header>
        <h1 className="text-2xl font-bold">{t('savedSearches.page.title')}</h1>
        <p className="mt-1 text-slate-600">{t('savedSearches.page.intro')}</p>
      </header>
      {done && notices[done] && <Notice tone="success">{notices[done]}</Notice>}
      {formErrors.length > 0 && (
        <Notice tone="error">
          {formErrors.map((key) => (
            <p key={key}>{key === 'savedSearches.errors.tooMany' ? t(key, { max: actionData?.max ?? 0 }) : t(key as never)}</p>
          ))}
        </Notice>
      )}
      {searches.length === 0 ? (
        <p className="text-slate-600">{t('savedSearches.page.none')}</p>
      ) : (
        <ul className="space-y-4">
          {searches.map((search) => (
            <li key={search.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
              <p className="font-semibold">
                <Link to={`/searches/${search.id}`}>{search.name}</Link>
              </p>
              <p className="text-xs text-slate-500">{t('savedSearches.page.since', { date: formatDateTime(search.lastDigestAt, lng) })}</p>
              <RenameForm search={search} lastResult={actionData?.id === search.id ? actionData.result : undefined} />
              <div className="flex gap-3">
                <Link to={`/searches/${search.id}`} className="rounded border border-slate-300 px-3 py-1 text-sm no-underline">
                  {t('savedSearches.page.open')}
                </Link>
                <Form method="post">
                  <input type="hidden" name="id" value={search.id} />
                  <SubmitButton intent="delete">{t('savedSearches.page.delete')}</SubmitButton>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
