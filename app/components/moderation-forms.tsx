import { getFormProps, getInputProps, getTextareaProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ErrorList, inputClass, Notice, SubmitButton } from '~/components/forms'
import { REASON_MAX, ReportSchema, type ListingType } from '~/modules/moderation/schemas'
import { FormErrorSummary, RequiredMarker } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

// Form pieces of the moderation area (reports, admin pages, profile pages) that the shared
// forms.tsx does not have: multi-line text, inputs for non-string fields, the report form.

export function LongTextField({
  label,
  meta,
  hint,
  rows = 4,
}: {
  label: string
  meta: FieldMetadata<string | string[] | undefined>
  hint?: string
  rows?: number
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </label>
      <textarea {...getTextareaProps(meta)} key={meta.key} rows={rows} className={inputClass} />
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/** A one-line input for any field (numbers, lists typed as text). */
export function InputField({
  label,
  meta,
  hint,
  inputMode,
}: {
  label: string
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Conform's own helpers accept metadata of any field type
  meta: FieldMetadata<any>
  hint?: string
  inputMode?: 'decimal' | 'url' | 'text'
}) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </label>
      <input {...getInputProps(meta, { type: 'text' })} key={meta.key} inputMode={inputMode} className={inputClass} />
      {hint && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

/**
 * The report form a listing's detail page can show to signed-in visitors who do not own it.
 * It posts to /needs/{key}/report or /offers/{key}/report, which redirects back to the
 * detail page with `?reported=1`.
 */
export function ReportForm({ type, listingKey, lastResult }: { type: ListingType; listingKey: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: `report-${type}-${listingKey}`,
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReportSchema }),
    constraint: requiredConstraint(ReportSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" action={`/${type}s/${listingKey}/report`} {...getFormProps(form)} className="space-y-3">
      <FormErrorSummary form={form} />
      {form.errors?.map((error) => (
        <Notice key={error} tone="error">
          {t(error as 'moderation.report.tooMany')}
        </Notice>
      ))}
      <LongTextField label={t('moderation.report.reason')} meta={fields.reason} hint={t('moderation.report.reasonHint', { max: REASON_MAX })} />
      <SubmitButton>{t('moderation.report.submit')}</SubmitButton>
    </Form>
  )
}

type ReportPageData = { listing: { type: ListingType; key: string; title: string } }

/** The page of the report routes: the form on its own, with the listing it is about. */
export function ReportListingPage() {
  const { listing } = useLoaderData<ReportPageData>()
  const actionData = useActionData<{ result: SubmissionResult<string[]> }>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-xl rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('moderation.report.title')}</h1>
      <p className="mt-2 text-slate-600">
        {t('moderation.report.about')}{' '}
        <Link to={`/${listing.type}s/${listing.key}`} className="font-medium">
          {listing.title}
        </Link>
      </p>
      <p className="mt-2 mb-4 text-sm text-slate-600">{t('moderation.report.explain')}</p>
      <ReportForm type={listing.type} listingKey={listing.key} lastResult={actionData?.result} />
    </div>
  )
}

