import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorList, inputClass, Notice, SubmitButton } from '~/components/forms'
import { DateRange, languageName, MoneyText, useLanguage } from '~/components/listings'
import { LongTextField } from '~/components/moderation-forms'
import { FormErrorSummary, RequiredMarker } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { formatDate, formatDateTime } from '~/modules/i18n/i18n'
import { listingPath } from '~/modules/listings/view'
import {
  COMMON_LANGUAGES,
  EQUIPMENT_CONDITIONS,
  EQUIPMENT_TERMS,
  RATE_UNITS,
  WORK_MODES,
  WORK_PERMIT_STATUSES,
  type AgreementKind,
  type PriceUnit,
} from '~/modules/listings/vocabulary'
import type { AgreementStatus } from '~/modules/proposals/agreement-lifecycle'
import { NOTES_MAX, termsSchema } from '~/modules/proposals/agreement-terms'
import { REVIEW_MAX, ReviewSchema } from '~/modules/proposals/schemas'
import { CURRENCIES } from '~/utils/money'

// The agreement pages: terms per kind (shown, edited, printed), both confirmations,
// completion and the two reviews (data: app/modules/proposals/agreements.server.ts).

type Money = { amount: number; currency: string }
type Message = { key: string; values?: Record<string, string | number> } | null

export type AgreementView = {
  id: string
  proposalId: string
  kind: AgreementKind
  status: AgreementStatus
  need: { key: string; title: string; party: string }
  offer: { key: string; title: string; party: string }
  startDate: string | null
  endDate: string | null
  notes: string
  quantity: number | null
  money: Money | null
  details: Record<string, unknown>
  version: string
  needConfirmedAt: string | null
  offerConfirmedAt: string | null
  completedAt: string | null
}

type Review = { rating: number; body: string; createdAt: string }

export type AgreementPageView = {
  agreement: AgreementView
  side: 'need' | 'offer' | null
  actions: ('terms' | 'sign' | 'complete' | 'review')[]
  termsComplete: boolean
  formValues: Record<string, string | string[] | undefined>
  reviews: { mine: Review | null; theirs: Review | null; theirsWaiting: boolean; publicFrom: string | null }
}

const STATUS_TONES: Record<AgreementStatus, string> = {
  draft: 'bg-amber-100 text-amber-900',
  confirmed: 'bg-emerald-100 text-emerald-800',
  completed: 'bg-sky-100 text-sky-800',
  cancelled: 'bg-slate-200 text-slate-700',
}

export function AgreementStatusBadge({ status }: { status: AgreementStatus }) {
  const { t } = useTranslation()
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_TONES[status]}`}>{t(`agreements.status.${status}`)}</span>
}

// ───────────────────────────── the terms, read ─────────────────────────────

const isMoney = (value: unknown): value is Money => !!value && typeof value === 'object' && 'amount' in value && 'currency' in value

/** The settled terms as a definition list, in the viewer's language. */
export function TermsList({ agreement }: { agreement: AgreementView }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const d = agreement.details
  const rows: [string, ReactNode][] = []
  const add = (label: string, value: ReactNode) => {
    if (value !== undefined && value !== null && value !== '') rows.push([label, value])
  }
  const money = (value: unknown, per?: PriceUnit) => (isMoney(value) ? <MoneyText amount={value.amount} currency={value.currency} per={per ?? null} /> : null)
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value) : null)
  const date = (value: unknown) => (typeof value === 'string' ? formatDate(value, lng) : null)
  if (agreement.startDate && agreement.endDate) add(t('agreements.period'), <DateRange start={agreement.startDate} end={agreement.endDate} />)
  const kind = agreement.kind
  if (kind === 'placement' || kind === 'equipment' || kind === 'training_order') add(t(`agreements.fields.quantity.${kind}`), agreement.quantity)
  switch (kind) {
    case 'placement':
      add(t('agreements.fields.site'), text(d.site))
      add(t('agreements.fields.supervisors'), text(d.supervisors))
      add(t('agreements.fields.supervisorEmail'), text(d.supervisorEmail))
      add(t('agreements.fields.supervisorPhone'), text(d.supervisorPhone))
      add(t('agreements.fields.stipend'), money(d.stipend, 'month'))
      break
    case 'equipment':
      add(t('agreements.fields.arrangement'), typeof d.arrangement === 'string' ? t(`listings.offerTerms.${d.arrangement as 'donate'}`) : null)
      add(t('agreements.fields.condition'), typeof d.condition === 'string' ? t(`listings.conditions.${d.condition as 'new'}`) : null)
      add(t('agreements.fields.returnDate'), date(d.returnDate))
      add(t('agreements.fields.deposit'), money(d.deposit))
      add(t('agreements.fields.fee'), money(d.fee, 'month'))
      break
    case 'expert':
      add(t('agreements.fields.rate'), money(d.rate, d.ratePer as PriceUnit))
      add(t('agreements.fields.days'), text(d.days))
      add(t('agreements.fields.total'), money(agreement.money))
      add(t('agreements.fields.languages'), Array.isArray(d.languages) ? d.languages.map((code) => languageName(String(code), lng)).join(', ') : null)
      add(t('agreements.fields.mode'), typeof d.mode === 'string' ? t(`listings.modes.${d.mode as 'onsite'}`) : null)
      if (d.mode === 'onsite') {
        add(
          t('agreements.fields.workPermit'),
          <>
            {typeof d.workPermit === 'string' ? t(`listings.workPermits.${d.workPermit as 'exempt'}`) : '—'}
            <span className="block text-xs text-slate-500">{t('agreements.fields.workPermitNote')}</span>
          </>,
        )
      }
      break
    case 'training_order':
      add(t('agreements.fields.standard'), text(d.standard))
      add(t('agreements.fields.certificate'), text(d.certificate))
      add(t('agreements.fields.readyBy'), date(d.readyBy))
      add(t('agreements.fields.hires'), text(d.hires))
      add(t('agreements.fields.salary'), money(d.salary, 'month'))
      break
    case 'sponsorship':
      add(t('agreements.fields.amount'), money(agreement.money))
      add(t('agreements.fields.purpose'), text(d.purpose))
      break
  }
  add(t('agreements.fields.notes'), agreement.notes)
  return (
    <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-700">{label}</dt>
          <dd className="whitespace-pre-line">{value}</dd>
        </div>
      ))}
    </dl>
  )
}

function Parties({ agreement }: { agreement: AgreementView }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const confirmed = (at: string | null) => (at ? t('agreements.confirmedAt', { date: formatDateTime(at, lng) }) : t('agreements.notConfirmed'))
  return (
    <dl className="grid gap-3 sm:grid-cols-2">
      {(['need', 'offer'] as const).map((side) => (
        <div key={side} className="rounded-md border border-slate-200 p-3">
          <dt className="text-xs uppercase tracking-wide text-slate-500">{t(side === 'need' ? 'agreements.needSide' : 'agreements.offerSide')}</dt>
          <dd>
            <p className="font-medium">{agreement[side].party}</p>
            <p className="text-sm">
              <Link to={listingPath(side, agreement[side].key)}>{agreement[side].title}</Link>
            </p>
            <p className="text-sm text-slate-600">{confirmed(side === 'need' ? agreement.needConfirmedAt : agreement.offerConfirmedAt)}</p>
          </dd>
        </div>
      ))}
    </dl>
  )
}

// ───────────────────────────── the terms form ─────────────────────────────

type FieldSpec =
  | { name: string; type: 'text' | 'email' | 'tel' | 'textarea' | 'int' | 'date' }
  | { name: string; type: 'money'; currency: string }
  | { name: string; type: 'select'; options: readonly string[]; label: (value: string) => string }
  | { name: 'languages'; type: 'languages' }

function useTermFields(kind: AgreementKind): FieldSpec[] {
  const { t } = useTranslation()
  const quantity: FieldSpec = { name: 'quantity', type: 'int' }
  switch (kind) {
    case 'placement':
      return [
        quantity,
        { name: 'site', type: 'text' },
        { name: 'supervisors', type: 'textarea' },
        { name: 'supervisorEmail', type: 'email' },
        { name: 'supervisorPhone', type: 'tel' },
        { name: 'stipend', type: 'money', currency: 'stipendCurrency' },
      ]
    case 'equipment':
      return [
        quantity,
        { name: 'arrangement', type: 'select', options: EQUIPMENT_TERMS, label: (v) => t(`listings.offerTerms.${v as 'donate'}`) },
        { name: 'condition', type: 'select', options: EQUIPMENT_CONDITIONS, label: (v) => t(`listings.conditions.${v as 'new'}`) },
        { name: 'returnDate', type: 'date' },
        { name: 'deposit', type: 'money', currency: 'depositCurrency' },
        { name: 'fee', type: 'money', currency: 'feeCurrency' },
      ]
    case 'expert':
      return [
        { name: 'rate', type: 'money', currency: 'rateCurrency' },
        { name: 'ratePer', type: 'select', options: RATE_UNITS, label: (v) => t(`listings.per.${v as 'day'}`) },
        { name: 'days', type: 'int' },
        { name: 'languages', type: 'languages' },
        { name: 'mode', type: 'select', options: WORK_MODES, label: (v) => t(`listings.modes.${v as 'onsite'}`) },
        { name: 'workPermit', type: 'select', options: WORK_PERMIT_STATUSES, label: (v) => t(`listings.workPermits.${v as 'exempt'}`) },
      ]
    case 'training_order':
      return [
        quantity,
        { name: 'standard', type: 'textarea' },
        { name: 'certificate', type: 'text' },
        { name: 'readyBy', type: 'date' },
        { name: 'hires', type: 'int' },
        { name: 'salary', type: 'money', currency: 'salaryCurrency' },
      ]
    case 'sponsorship':
      return [
        { name: 'amount', type: 'money', currency: 'currency' },
        { name: 'purpose', type: 'textarea' },
      ]
  }
}

function Field({ label, meta, children }: { label: string; meta: FieldMetadata<unknown>; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
        {meta.required && <RequiredMarker />}
      </label>
      {children}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </div>
  )
}

function TermsForm({ page, lastResult }: { page: AgreementPageView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const { kind } = page.agreement
  const [form, fields] = useForm({
    id: 'agreement-terms',
    lastResult,
    defaultValue: page.formValues,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: termsSchema(kind) }),
    constraint: requiredConstraint(termsSchema(kind)),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  // Conform's fields answer any name; a kind's form has its own.
  const meta = (name: string) => (fields as unknown as Record<string, FieldMetadata<unknown>>)[name] as FieldMetadata<unknown>
  const labelOf = (name: string) => (name === 'quantity' ? t(`agreements.fields.quantity.${kind as 'placement'}`) : t(`agreements.fields.${name as 'site'}`))
  const chosenLanguages = Array.isArray(page.formValues.languages) ? page.formValues.languages : []
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-4">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="terms" />
      <input type="hidden" name="version" value={page.agreement.version} />
      <div className="grid gap-4 sm:grid-cols-2">
        {(['startDate', 'endDate'] as const).map((name) => (
          <Field key={name} label={t(`agreements.fields.${name}`)} meta={meta(name)}>
            <input {...getInputProps(meta(name), { type: 'date' })} key={meta(name).key} className={inputClass} />
          </Field>
        ))}
      </div>
      {useTermFields(kind).map((spec) => {
        const field = meta(spec.name)
        switch (spec.type) {
          case 'text':
          case 'email':
          case 'tel':
          case 'date':
            return (
              <Field key={spec.name} label={labelOf(spec.name)} meta={field}>
                <input
                  {...getInputProps(field, { type: spec.type })}
                  key={field.key}
                  autoComplete={spec.type === 'email' ? 'email' : spec.type === 'tel' ? 'tel' : undefined}
                  className={inputClass}
                />
              </Field>
            )
          case 'int':
            return (
              <Field key={spec.name} label={labelOf(spec.name)} meta={field}>
                <input {...getInputProps(field, { type: 'number' })} key={field.key} min={1} className={inputClass} />
              </Field>
            )
          case 'textarea':
            return <LongTextField key={spec.name} label={labelOf(spec.name)} meta={field as FieldMetadata<string | undefined>} rows={3} />
          case 'select':
            return (
              <Field key={spec.name} label={labelOf(spec.name)} meta={field}>
                <select id={field.id} name={field.name} defaultValue={(field.initialValue as string | undefined) ?? ''} aria-invalid={field.errors ? true : undefined} aria-describedby={field.errors ? field.errorId : undefined} className={inputClass}>
                  <option value="">{t('validation.choose')}</option>
                  {spec.options.map((value) => (
                    <option key={value} value={value}>
                      {spec.label(value)}
                    </option>
                  ))}
                </select>
              </Field>
            )
          case 'money': {
            const currency = meta(spec.currency)
            return (
              <div key={spec.name} className="grid gap-4 sm:grid-cols-[2fr_1fr]">
                <Field label={labelOf(spec.name)} meta={field}>
                  <input {...getInputProps(field, { type: 'text' })} key={field.key} inputMode="decimal" className={inputClass} />
                </Field>
                <Field label={labelOf(spec.currency)} meta={currency}>
                  <select id={currency.id} name={currency.name} defaultValue={(currency.initialValue as string | undefined) ?? ''} aria-invalid={currency.errors ? true : undefined} className={inputClass}>
                    <option value="">{t('validation.choose')}</option>
                    {CURRENCIES.map((code) => (
                      <option key={code} value={code}>
                        {code}
                      </option>
                    ))}
                  </select>
                </Field>
              </div>
            )
          }
          case 'languages':
            return (
              <fieldset key={spec.name}>
                <legend className="block text-sm font-medium text-slate-700">{labelOf('languages')}</legend>
                <div className="mt-1 flex flex-wrap gap-3">
                  {[...new Set([...COMMON_LANGUAGES, ...chosenLanguages])].map((code) => (
                    <label key={code} className="flex items-center gap-1">
                      <input type="checkbox" name={field.name} value={code} defaultChecked={chosenLanguages.includes(code)} />
                      {languageName(code, lng)}
                    </label>
                  ))}
                </div>
                <ErrorList id={field.errorId} errors={field.errors} />
              </fieldset>
            )
        }
      })}
      <LongTextField label={t('agreements.fields.notes')} hint={`≤ ${NOTES_MAX}`} meta={meta('notes') as FieldMetadata<string | undefined>} rows={4} />
      <SubmitButton>{t('agreements.form.save')}</SubmitButton>
    </Form>
  )
}

// ───────────────────────────── the page ─────────────────────────────

function ReviewText({ review }: { review: Review }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <div>
      <p aria-label={t('agreements.reviews.stars', { count: review.rating })}>
        <span aria-hidden="true">{'★'.repeat(review.rating) + '☆'.repeat(5 - review.rating)}</span>
      </p>
      {review.body && <p className="whitespace-pre-line">{review.body}</p>}
      <p className="text-xs text-slate-500">{formatDate(review.createdAt, lng)}</p>
    </div>
  )
}

function ReviewForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'agreement-review',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ReviewSchema }),
    constraint: requiredConstraint(ReviewSchema),
    shouldValidate: 'onBlur',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="review" />
      <fieldset>
        <legend className="block text-sm font-medium text-slate-700">{t('agreements.reviews.rating')}</legend>
        <div className="mt-1 flex gap-3">
          {[1, 2, 3, 4, 5].map((value) => (
            <label key={value} className="flex items-center gap-1">
              <input type="radio" name={fields.rating.name} value={value} />
              {t('agreements.reviews.stars', { count: value })}
            </label>
          ))}
        </div>
        <ErrorList id={fields.rating.errorId} errors={fields.rating.errors} />
      </fieldset>
      <LongTextField label={t('agreements.reviews.body')} hint={`≤ ${REVIEW_MAX}`} meta={fields.body as FieldMetadata<string | undefined>} rows={4} />
      <SubmitButton>{t('agreements.reviews.submit')}</SubmitButton>
    </Form>
  )
}

const DONE = ['terms', 'sign', 'complete', 'review'] as const

export function AgreementPage({
  page,
  lastResult,
  message,
  done,
  payment = null,
  canPay = false,
}: {
  page: AgreementPageView
  lastResult?: SubmissionResult<string[]>
  message: Message
  done: string | null
  /** an expert contract's payment (payments module) */
  payment?: ReactNode
  /** the college may pay the contract now */
  canPay?: boolean
}) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const { agreement, actions } = page
  const doneKey = DONE.find((key) => key === done)
  const lastIntent = lastResult?.initialValue?.intent
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <div className="space-y-2 rounded-lg bg-white p-6 shadow-sm">
        <p className="text-sm text-slate-600">{t(`agreements.kind.${agreement.kind}`)}</p>
        <h1 className="text-2xl font-bold">{t('agreements.pageTitle', { need: agreement.need.title })}</h1>
        <p className="flex flex-wrap items-center gap-3">
          <AgreementStatusBadge status={agreement.status} />
          {agreement.completedAt && <span className="text-sm">{t('agreements.completedAt', { date: formatDateTime(agreement.completedAt, lng) })}</span>}
        </p>
        <p className="flex flex-wrap gap-4 text-sm">
          <Link to={`/proposals/${agreement.proposalId}`}>{t('agreements.fromProposal')}</Link>
          <Link to={`/agreements/${agreement.id}/print`}>{t('agreements.print')}</Link>
          {agreement.startDate && (
            <a href={`/agreements/${agreement.id}/calendar.ics`} download>
              {t('agreements.calendar.download')}
            </a>
          )}
        </p>
      </div>
      {doneKey && <Notice tone="success">{t(`agreements.done.${doneKey}`)}</Notice>}
      {message && <Notice tone="error">{t(message.key as never, message.values) as string}</Notice>}
      <section aria-labelledby="agreement-parties-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
        <h2 id="agreement-parties-title" className="text-lg font-semibold">
          {t('agreements.parties')}
        </h2>
        <Parties agreement={agreement} />
      </section>
      <section aria-labelledby="agreement-terms-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
        <h2 id="agreement-terms-title" className="text-lg font-semibold">
          {t('agreements.terms')}
        </h2>
        <TermsList agreement={agreement} />
      </section>
      {actions.includes('sign') && (
        <section aria-labelledby="agreement-sign-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
          <h2 id="agreement-sign-title" className="text-lg font-semibold">
            {t('agreements.sign.title')}
          </h2>
          {page.termsComplete ? (
            <Form method="post" className="space-y-2">
              <p>{t('agreements.sign.intro')}</p>
              <input type="hidden" name="version" value={agreement.version} />
              <SubmitButton intent="sign">{t('agreements.sign.submit')}</SubmitButton>
            </Form>
          ) : (
            <p>{t('agreements.sign.incomplete')}</p>
          )}
        </section>
      )}
      {agreement.status === 'draft' && page.side && !actions.includes('sign') && <Notice>{t('agreements.sign.waiting')}</Notice>}
      {actions.includes('terms') && (
        <section aria-labelledby="agreement-form-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
          <h2 id="agreement-form-title" className="text-lg font-semibold">
            {t('agreements.form.title')}
          </h2>
          <p className="text-sm text-slate-600">{t('agreements.form.intro')}</p>
          <TermsForm page={page} lastResult={lastIntent === 'terms' ? lastResult : undefined} />
        </section>
      )}
      {(payment || canPay) && (
        <section aria-labelledby="agreement-payment-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
          <h2 id="agreement-payment-title" className="text-lg font-semibold">
            {t('payments.contract.pay')}
          </h2>
          {payment}
          {canPay && (
            <Link to={`/agreements/${agreement.id}/pay`} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
              {t('payments.contract.pay')}
            </Link>
          )}
        </section>
      )}
      {actions.includes('complete') && (
        <section aria-labelledby="agreement-complete-title" className="space-y-3 rounded-lg bg-white p-6 shadow-sm">
          <h2 id="agreement-complete-title" className="text-lg font-semibold">
            {t('agreements.complete.title')}
          </h2>
          <p className="text-sm text-slate-600">{t('agreements.complete.intro')}</p>
          <Form method="post">
            <SubmitButton intent="complete">{t('agreements.complete.submit')}</SubmitButton>
          </Form>
        </section>
      )}
      {agreement.status === 'completed' && (
        <section aria-labelledby="agreement-reviews-title" className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
          <h2 id="agreement-reviews-title" className="text-lg font-semibold">
            {t('agreements.reviews.title')}
          </h2>
          {actions.includes('review') && (
            <div className="space-y-2">
              <h3 className="font-medium">{t('agreements.reviews.write')}</h3>
              <ReviewForm lastResult={lastIntent === 'review' ? lastResult : undefined} />
            </div>
          )}
          {page.reviews.mine && (
            <div>
              <h3 className="font-medium">{t('agreements.reviews.yours')}</h3>
              <ReviewText review={page.reviews.mine} />
            </div>
          )}
          <div>
            <h3 className="font-medium">{t('agreements.reviews.theirs')}</h3>
            {page.reviews.theirs ? (
              <ReviewText review={page.reviews.theirs} />
            ) : page.reviews.theirsWaiting && page.reviews.publicFrom ? (
              <p>{t('agreements.reviews.waiting', { date: formatDate(page.reviews.publicFrom, lng) })}</p>
            ) : (
              <p>{t('agreements.reviews.notYet')}</p>
            )}
          </div>
        </section>
      )}
    </div>
  )
}

/** The print-friendly page: the parties, the terms and both confirmations, nothing to click. */
export function AgreementPrint({ page }: { page: AgreementPageView }) {
  const { t } = useTranslation()
  const { agreement } = page
  return (
    <article className="mx-auto max-w-3xl space-y-6 bg-white p-8 print:p-0">
      <header className="space-y-1 border-b border-slate-300 pb-4">
        <p className="text-sm text-slate-600">Cầu Nối · {t(`agreements.kind.${agreement.kind}`)}</p>
        <h1 className="text-2xl font-bold">{t('agreements.printTitle')}</h1>
        <p>{agreement.need.title}</p>
        <p>
          <AgreementStatusBadge status={agreement.status} />
        </p>
      </header>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('agreements.parties')}</h2>
        <Parties agreement={agreement} />
      </section>
      <section className="space-y-2">
        <h2 className="text-lg font-semibold">{t('agreements.terms')}</h2>
        <TermsList agreement={agreement} />
      </section>
      <p className="text-xs text-slate-500">#{agreement.id}</p>
      <p className="print:hidden">
        <PrintButton />
      </p>
    </article>
  )
}

function PrintButton() {
  const { t } = useTranslation()
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800">
      {t('agreements.printNow')}
    </button>
  )
}

// ───────────────────────────── elsewhere ─────────────────────────────

export type AgreementListItem = {
  id: string
  kind: AgreementKind
  status: AgreementStatus
  needTitle: string
  offerTitle: string
  counterpart: string
  startDate: string | null
  endDate: string | null
  awaitingMe: boolean
}

/** A party's agreements, for its dashboard. */
export function AgreementList({ items }: { items: AgreementListItem[] }) {
  const { t } = useTranslation()
  if (!items.length) return <p className="text-slate-600">{t('agreements.none')}</p>
  return (
    <ul className="divide-y divide-slate-200">
      {items.map((item) => (
        <li key={item.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <Link to={`/agreements/${item.id}`} className="font-medium">
            {item.needTitle} ↔ {item.offerTitle}
          </Link>
          <span className="text-sm text-slate-600">
            {t(`agreements.kind.${item.kind}`)} · {t('agreements.with', { name: item.counterpart })}
          </span>
          {item.startDate && item.endDate && (
            <span className="text-sm text-slate-600">
              <DateRange start={item.startDate} end={item.endDate} />
            </span>
          )}
          <AgreementStatusBadge status={item.status} />
          {item.awaitingMe && <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">{t('agreements.awaitingYou')}</span>}
        </li>
      ))}
    </ul>
  )
}

/** Published reviews of an organisation or expert, on their profile. */
export function ProfileReviews({ reviews }: { reviews: { average: number | null; reviews: (Review & { author: string })[] } }) {
  const { t } = useTranslation()
  return (
    <section aria-labelledby="profile-reviews" className="space-y-3">
      <h2 id="profile-reviews" className="text-lg font-semibold">
        {t('agreements.reviews.onProfile')}
      </h2>
      {reviews.average === null ? (
        <p className="text-slate-600">{t('agreements.reviews.noneOnProfile')}</p>
      ) : (
        <>
          <p>{t('agreements.reviews.average', { average: reviews.average, count: reviews.reviews.length })}</p>
          <ul className="space-y-3">
            {reviews.reviews.map((review, index) => (
              <li key={index} className="rounded-md border border-slate-200 p-3">
                <p className="text-sm font-medium">{review.author}</p>
                <ReviewText review={review} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}
