import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AdminNav } from '~/components/admin-nav'
import { Notice, SubmitButton, TextField } from '~/components/forms'
import { useLanguage } from '~/components/listings'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { formatDateTime, type Language } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'
import { listRates, saveRate, type CurrencyRate, type StoredRate } from '~/modules/matching/rates-admin.server'
import { RATE_CURRENCIES, RateSchema } from '~/modules/matching/rates-schema'

// Admins keep the exchange rates matching converts prices and budgets with (VND per unit).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'matching.rates.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  return listRates()
}

const formIdOf = (currency: string) => `rate-${currency}`

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const formData = await readForm(request)
  const formId = formIdOf(String(formData.get('currency') ?? ''))
  const submission = parseWithZod(formData, { schema: RateSchema })
  if (submission.status !== 'success') return data({ formId, result: submission.reply() }, { status: 400 })
  await saveRate(admin.id, submission.value)
  return redirect(`/admin/rates?saved=${submission.value.currency}`)
}

type ActionData = { formId: string; result: SubmissionResult<string[]> }

const INTL_LOCALE: Record<Language, string> = { vi: 'vi-VN', en: 'en-GB' }

function formatRate(rate: string | number, lng: Language): string {
  return new Intl.NumberFormat(INTL_LOCALE[lng], { maximumFractionDigits: 8 }).format(Number(rate))
}

function Updated({ stored }: { stored: StoredRate | null }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  if (!stored) return <>{t('matching.rates.neverUpdated')}</>
  const date = formatDateTime(stored.updatedAt, lng)
  return <>{stored.updatedBy ? t('matching.rates.updated', { date, name: stored.updatedBy }) : t('matching.rates.updatedNoName', { date })}</>
}

function RateForm({ entry }: { entry: CurrencyRate }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const actionData = useActionData<ActionData>()
  const formId = formIdOf(entry.currency)
  const inUse = entry.stored?.rate ?? entry.default
  const [form, fields] = useForm({
    id: formId,
    lastResult: actionData?.formId === formId ? actionData.result : undefined,
    defaultValue: { currency: entry.currency, rate: entry.stored?.rate ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RateSchema }),
    constraint: requiredConstraint(RateSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <section aria-labelledby={`${formId}-title`} className="rounded-lg bg-white p-6 shadow-sm">
      <h2 id={`${formId}-title`} className="text-lg font-semibold">
        {entry.currency}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        {t('matching.rates.inUse')}:{' '}
        <strong data-testid={`rate-in-use-${entry.currency}`}>
          {inUse === null ? '—' : `${formatRate(inUse, lng)} ₫`}
        </strong>
        {!entry.stored && inUse !== null && ` (${t('matching.rates.defaultRate')})`} · <Updated stored={entry.stored} />
      </p>
      <Form method="post" {...getFormProps(form)} className="mt-4 flex flex-wrap items-end gap-4">
        <FormErrorSummary form={form} />
        <input type="hidden" name="currency" value={entry.currency} />
        <div className="min-w-64 flex-1">
          <TextField label={t('matching.rates.rate', { currency: entry.currency })} meta={fields.rate} hint={t('matching.rates.rateHint')} />
        </div>
        <div className="pb-6">
          <SubmitButton>{t('matching.rates.save')}</SubmitButton>
        </div>
      </Form>
    </section>
  )
}

export default function AdminRatesPage() {
  const { currencies, rows } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const lng = useLanguage()
  const saved = searchParams.get('saved')
  return (
    <div className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('matching.rates.title')}</h1>
      <p className="max-w-3xl text-slate-600">{t('matching.rates.intro')}</p>
      {saved && (RATE_CURRENCIES as string[]).includes(saved) && <Notice tone="success">{t('matching.rates.saved', { currency: saved })}</Notice>}
      {currencies.map((entry) => (
        <RateForm key={`${entry.currency}-${entry.stored?.updatedAt ?? 'default'}`} entry={entry} />
      ))}
      <section aria-labelledby="stored-rates-title">
        <h2 id="stored-rates-title" className="mb-2 text-lg font-semibold">
          {t('matching.rates.storedTitle')}
        </h2>
        {rows.length === 0 ? (
          <p className="text-slate-600">{t('matching.rates.storedNone')}</p>
        ) : (
          <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('matching.rates.pair')}</th>
                <th className="px-3 py-2">{t('matching.rates.value')}</th>
                <th className="px-3 py-2">{t('matching.rates.changed')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.base}-${row.quote}`} className="border-b border-slate-100">
                  <td className="px-3 py-2 font-medium">
                    {row.base} → {row.quote}
                  </td>
                  <td className="px-3 py-2">{formatRate(row.rate, lng)}</td>
                  <td className="px-3 py-2 text-slate-600">
                    <Updated stored={row} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  )
}
