import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AdminNav } from '~/components/admin-nav'
import { ErrorList, Notice, SubmitButton, TextField } from '~/components/forms'
import { useLanguage } from '~/components/listings'
import { LongTextField } from '~/components/moderation-forms'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { formatDate, formatDateTime } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'
import { PaymentsAdminSchema, STATEMENT_FIELD, type PaymentsAdminAction } from '~/modules/payments/admin-schemas'
import { LEDGER_GROUPS } from '~/modules/payments/ledger-groups'
import { paymentsAdminPage, performPaymentsAdminAction, readPaymentsAdminForm, type PaymentsAdminPage } from '~/modules/payments/admin.server'
import { formatMoney, isCurrency } from '~/utils/money'

// Admins' payments: bank transfers awaited (marked received by hand), the bank statement
// upload and its unmatched lines (assigned to a payment or ignored), refunds and manual
// payouts. All logic lives in app/modules/payments/admin.server.ts.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'paymentsAdmin.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  const statementId = new URL(request.url).searchParams.get('statement')
  return paymentsAdminPage(statementId && statementId.length <= 64 ? statementId : null)
}

/** Which of the page's many forms was submitted, so only that one shows the outcome. */
function formIdOf(fields: Record<string, unknown>): string {
  const field = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '')
  return [field('intent'), field('paymentId') || field('lineId')].filter(Boolean).join('-')
}

type ActionData = {
  formId: string
  result: SubmissionResult<string[]>
  done: PaymentsAdminAction['intent'] | null
  /** values of a statement error's message (the line at fault) */
  errorParams?: { line: number }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const formData = await readPaymentsAdminForm(request)
  const formId = formIdOf(Object.fromEntries(formData))
  const submission = parseWithZod(formData, { schema: PaymentsAdminSchema })
  if (submission.status !== 'success') return data<ActionData>({ formId, result: submission.reply(), done: null }, { status: 400 })
  const outcome = await performPaymentsAdminAction(admin.id, submission.value)
  switch (outcome.kind) {
    case 'done':
      return data<ActionData>({ formId, result: submission.reply({ resetForm: true }), done: outcome.intent })
    case 'uploaded':
      return redirect(`/admin/payments?statement=${encodeURIComponent(outcome.statementId)}`)
    case 'statement-error':
      return data<ActionData>(
        { formId, result: submission.reply({ fieldErrors: { [STATEMENT_FIELD]: [`paymentsAdmin.statementErrors.${outcome.code}`] } }), done: null, errorParams: { line: outcome.line } },
        { status: 400 },
      )
    case 'field-error':
      return data<ActionData>({ formId, result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.message] } }), done: null }, { status: 409 })
    case 'already-handled':
      return data<ActionData>({ formId, result: submission.reply({ formErrors: ['paymentsAdmin.errors.alreadyHandled'] }), done: null }, { status: 409 })
    case 'refund-failed':
      return data<ActionData>({ formId, result: submission.reply({ formErrors: ['paymentsAdmin.errors.refundFailed'] }), done: null }, { status: 502 })
    case 'not-found':
      throw new Response('Not Found', { status: 404 })
  }
}

// ───────────────────────────── pieces ─────────────────────────────

function useLastResult(formId: string) {
  const actionData = useActionData<ActionData>()
  return actionData?.formId === formId ? actionData.result : undefined
}

function Money({ amount, currency }: { amount: number; currency: string }) {
  const lng = useLanguage()
  return <span className="whitespace-nowrap">{isCurrency(currency) ? formatMoney(amount, currency, lng) : `${amount} ${currency}`}</span>
}

function useMoney() {
  const lng = useLanguage()
  return (amount: number, currency: string) => (isCurrency(currency) ? formatMoney(amount, currency, lng) : `${amount} ${currency}`)
}

function OrgName({ org }: { org: { name: string; nameVi: string | null } | null }) {
  const lng = useLanguage()
  if (!org) return <>—</>
  return <>{lng === 'vi' ? (org.nameVi ?? org.name) : org.name}</>
}

/** A form of one button (received, ignore, payout), with its hidden fields. */
function ButtonForm({ fields, children }: { fields: Record<string, string>; children: ReactNode }) {
  const { t } = useTranslation()
  const lastResult = useLastResult(formIdOf(fields))
  return (
    <Form method="post" className="inline-block">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {lastResult?.error?.['']?.map((error) => (
        <Notice key={error} tone="error">
          {t(error as 'paymentsAdmin.errors.alreadyHandled')}
        </Notice>
      ))}
      <SubmitButton>{children}</SubmitButton>
    </Form>
  )
}

function Section({ id, title, count, empty, children }: { id: string; title: string; count?: number; empty?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-3">
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
        {count !== undefined && ` (${count})`}
      </h2>
      {count === 0 && empty ? <p className="text-slate-600">{empty}</p> : children}
    </section>
  )
}

const th = 'px-3 py-2 font-medium'
const td = 'px-3 py-2 align-top'

// ───────────────────────────── sections ─────────────────────────────

function PendingTransfers({ pending }: { pending: PaymentsAdminPage['pending'] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <Section id="pending" title={t('paymentsAdmin.pending.title')} count={pending.length} empty={t('paymentsAdmin.pending.none')}>
      <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th className={th}>{t('paymentsAdmin.pending.reference')}</th>
            <th className={th}>{t('paymentsAdmin.pending.amount')}</th>
            <th className={th}>{t('paymentsAdmin.pending.payer')}</th>
            <th className={th}>{t('paymentsAdmin.pending.need')}</th>
            <th className={th}>{t('paymentsAdmin.pending.created')}</th>
            <th className={th}>{t('paymentsAdmin.pending.expires')}</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody>
          {pending.map((payment) => (
            <tr key={payment.id} className="border-b border-slate-100" data-testid={`pending-${payment.reference}`}>
              <td className={`${td} font-mono`}>{payment.reference}</td>
              <td className={td}>
                <Money amount={payment.amount} currency={payment.currency} />
              </td>
              <td className={td}>
                <OrgName org={payment.payer} />
              </td>
              <td className={td}>{payment.need ? <Link to={`/needs/${payment.need.key}`}>{payment.need.title}</Link> : '—'}</td>
              <td className={td}>{formatDateTime(payment.createdAt, lng)}</td>
              <td className={td}>
                {payment.expiresAt ? formatDateTime(payment.expiresAt, lng) : '—'}
                {payment.status === 'cancelled' && <span className="ml-2 rounded bg-slate-100 px-2 py-0.5 text-xs text-slate-700">{t('paymentsAdmin.pending.lapsed')}</span>}
              </td>
              <td className={td}>
                <ButtonForm fields={{ intent: 'received', paymentId: payment.id }}>{t('paymentsAdmin.pending.markReceived')}</ButtonForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  )
}

const OUTCOME_ORDER = ['matched', 'wrong_amount', 'unknown_reference', 'duplicate', 'resolved', 'ignored'] as const

function Counts({ counts }: { counts: Record<(typeof OUTCOME_ORDER)[number], number> }) {
  const { t } = useTranslation()
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {OUTCOME_ORDER.filter((outcome) => counts[outcome] > 0).map((outcome) => (
        <li key={outcome} data-testid={`count-${outcome}`}>
          {t(`paymentsAdmin.outcomes.${outcome}`)}: <strong>{counts[outcome]}</strong>
        </li>
      ))}
    </ul>
  )
}

function StatementUpload({ summary, statements }: Pick<PaymentsAdminPage, 'summary' | 'statements'>) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const actionData = useActionData<ActionData>()
  const formId = 'upload'
  const [form, fields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentsAdminSchema }),
    constraint: requiredConstraint(PaymentsAdminSchema),
    shouldValidate: 'onSubmit',
  })
  const field = fields.statement
  const params = actionData?.formId === formId ? actionData.errorParams : undefined
  return (
    <Section id="statement" title={t('paymentsAdmin.statement.title')}>
      <p className="max-w-3xl text-sm text-slate-600">{t('paymentsAdmin.statement.intro')}</p>
      {summary && (
        <Notice tone="success">
          <p className="font-medium">{t('paymentsAdmin.statement.summary', { filename: summary.filename })}</p>
          <Counts counts={summary.counts} />
        </Notice>
      )}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="flex flex-wrap items-end gap-4 rounded-lg bg-white p-4 shadow-sm">
        <FormErrorSummary form={form} />
        <input type="hidden" name="intent" value="upload" />
        <div>
          <label htmlFor={field.id} className="block text-sm font-medium text-slate-700">
            {t('paymentsAdmin.statement.file')}
          </label>
          <input
            id={field.id}
            name={STATEMENT_FIELD}
            type="file"
            accept=".csv,text/csv"
            aria-invalid={field.errors ? true : undefined}
            aria-describedby={field.errors ? field.errorId : undefined}
            className="mt-1 block text-sm"
          />
          {field.errors?.length ? (
            <div id={field.errorId} role="alert" className="mt-1 text-sm text-red-700">
              <ul className="space-y-0.5">
                {field.errors.map((error) => (
                  <li key={error}>{t(error as 'paymentsAdmin.statementErrors.badAmount', { line: params?.line ?? 1 })}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </div>
        <SubmitButton>{t('paymentsAdmin.statement.upload')}</SubmitButton>
      </Form>
      <h3 className="font-medium">{t('paymentsAdmin.statement.recent')}</h3>
      {statements.length === 0 ? (
        <p className="text-sm text-slate-600">{t('paymentsAdmin.statement.none')}</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {statements.map((statement) => (
            <li key={statement.id}>
              <span className="font-medium">{statement.filename}</span> · {t('paymentsAdmin.statement.uploadedAt', { time: formatDateTime(statement.createdAt, lng) })}
              <Counts counts={statement.counts} />
            </li>
          ))}
        </ul>
      )}
    </Section>
  )
}

function AssignForm({ lineId, reference }: { lineId: string; reference: string | null }) {
  const { t } = useTranslation()
  const formId = formIdOf({ intent: 'assign', lineId })
  const [form, fields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    defaultValue: { reference: reference ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentsAdminSchema }),
    constraint: requiredConstraint(PaymentsAdminSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="assign" />
      <input type="hidden" name="lineId" value={lineId} />
      <ErrorList errors={form.errors} />
      <div className="min-w-56">
        <TextField label={t('paymentsAdmin.review.referenceLabel')} meta={fields.reference} />
      </div>
      <div className="pb-6">
        <SubmitButton>{t('paymentsAdmin.review.assign')}</SubmitButton>
      </div>
    </Form>
  )
}

function ReviewLines({ review }: { review: PaymentsAdminPage['review'] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const money = useMoney()
  return (
    <Section id="review" title={t('paymentsAdmin.review.title')} count={review.length} empty={t('paymentsAdmin.review.none')}>
      <ul className="space-y-3">
        {review.map((line) => (
          <li key={line.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm" data-testid={`review-${line.id}`}>
            <p className="text-sm text-slate-600">
              <span className="mr-2 rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">{t(`paymentsAdmin.outcomes.${line.outcome}`)}</span>
              {t('paymentsAdmin.review.line', { line: line.lineNo, file: line.filename })}
            </p>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
              <dt className="text-slate-500">{t('paymentsAdmin.review.booked')}</dt>
              <dd>{formatDate(line.bookedOn, lng)}</dd>
              <dt className="text-slate-500">{t('paymentsAdmin.pending.amount')}</dt>
              <dd>
                <Money amount={line.amount} currency={line.currency} />
              </dd>
              <dt className="text-slate-500">{t('paymentsAdmin.review.content')}</dt>
              <dd className="break-all">{line.description}</dd>
              {line.reference && (
                <>
                  <dt className="text-slate-500">{t('paymentsAdmin.review.foundReference')}</dt>
                  <dd className="font-mono">{line.reference}</dd>
                </>
              )}
            </dl>
            {line.payment && (
              <p className="text-sm">
                {t('paymentsAdmin.review.payment', {
                  reference: line.payment.reference,
                  amount: money(line.payment.amount, line.payment.currency),
                  status: t(`paymentsAdmin.statuses.${line.payment.status}`),
                })}
              </p>
            )}
            <AssignForm lineId={line.id} reference={line.payment?.reference ?? line.reference} />
            <ButtonForm fields={{ intent: 'ignore', lineId: line.id }}>{t('paymentsAdmin.review.ignore')}</ButtonForm>
          </li>
        ))}
      </ul>
    </Section>
  )
}

function RefundForm({ paymentId }: { paymentId: string }) {
  const { t } = useTranslation()
  const formId = formIdOf({ intent: 'refund', paymentId })
  const [form, fields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: PaymentsAdminSchema }),
    constraint: requiredConstraint(PaymentsAdminSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <FormErrorSummary form={form} />
      <input type="hidden" name="intent" value="refund" />
      <input type="hidden" name="paymentId" value={paymentId} />
      <ErrorList errors={form.errors} />
      <LongTextField label={t('paymentsAdmin.paid.reason')} meta={fields.reason} hint={t('paymentsAdmin.paid.reasonHint')} rows={2} />
      <SubmitButton>{t('paymentsAdmin.paid.refund')}</SubmitButton>
    </Form>
  )
}

function PaidPayments({ paid }: { paid: PaymentsAdminPage['paid'] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <Section id="paid" title={t('paymentsAdmin.paid.title')} count={paid.length} empty={t('paymentsAdmin.paid.none')}>
      <ul className="space-y-3">
        {paid.map((payment) => (
          <li key={payment.id} className="space-y-2 rounded-lg bg-white p-4 shadow-sm" data-testid={`paid-${payment.reference}`}>
            <p>
              <span className="font-mono">{payment.reference}</span> · <Money amount={payment.amount} currency={payment.currency} /> · {t(`paymentsAdmin.methods.${payment.method}`)} ·{' '}
              {t(`paymentsAdmin.purposes.${payment.purpose}`)}
              {payment.refundDue && <span className="ml-2 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-900">{t('paymentsAdmin.paid.refundDue')}</span>}
            </p>
            <p className="text-sm text-slate-600">
              <OrgName org={payment.payer} />
              {payment.need && (
                <>
                  {' · '}
                  <Link to={`/needs/${payment.need.key}`}>{payment.need.title}</Link>
                </>
              )}
              {payment.paidAt && ` · ${t('paymentsAdmin.paid.paidAt')} ${formatDateTime(payment.paidAt, lng)}`}
            </p>
            <RefundForm paymentId={payment.id} />
          </li>
        ))}
      </ul>
    </Section>
  )
}

function ManualPayouts({ payouts }: { payouts: PaymentsAdminPage['payouts'] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <Section id="payouts" title={t('paymentsAdmin.payouts.title')} count={payouts.length} empty={t('paymentsAdmin.payouts.none')}>
      <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th className={th}>{t('paymentsAdmin.pending.reference')}</th>
            <th className={th}>{t('paymentsAdmin.payouts.payee')}</th>
            <th className={th}>{t('paymentsAdmin.payouts.owed')}</th>
            <th className={th}>{t('paymentsAdmin.paid.paidAt')}</th>
            <th className={th} />
          </tr>
        </thead>
        <tbody>
          {payouts.map((payout) => (
            <tr key={payout.id} className="border-b border-slate-100" data-testid={`payout-${payout.reference}`}>
              <td className={`${td} font-mono`}>{payout.reference}</td>
              <td className={td}>
                <OrgName org={payout.payee} />
              </td>
              <td className={td}>
                <Money amount={payout.owed} currency={payout.currency} />
              </td>
              <td className={td}>{payout.paidAt ? formatDateTime(payout.paidAt, lng) : '—'}</td>
              <td className={td}>
                <ButtonForm fields={{ intent: 'payout', paymentId: payout.id }}>{t('paymentsAdmin.payouts.record')}</ButtonForm>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  )
}

/** The ledger's balances: what came in equals what is held, owed, earned and paid out. */
function LedgerTotals({ ledger }: { ledger: PaymentsAdminPage['ledger'] }) {
  const { t } = useTranslation()
  return (
    <Section id="ledger" title={t('paymentsAdmin.ledger.title')} count={ledger.length} empty={t('paymentsAdmin.ledger.none')}>
      <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
        <thead className="border-b border-slate-200 text-slate-500">
          <tr>
            <th className={th}>{t('paymentsAdmin.ledger.currency')}</th>
            {LEDGER_GROUPS.map((group) => (
              <th key={group} className={th}>
                {t(`paymentsAdmin.ledger.groups.${group}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {ledger.map((row) => (
            <tr key={row.currency} className="border-b border-slate-100">
              <td className={td}>{row.currency}</td>
              {LEDGER_GROUPS.map((group) => (
                <td key={group} className={td}>
                  <Money amount={row.totals[group]} currency={row.currency} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  )
}

export default function AdminPaymentsPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<ActionData>()
  const { t } = useTranslation()
  return (
    <div className="space-y-8">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('paymentsAdmin.title')}</h1>
      <p className="max-w-3xl text-slate-600">{t('paymentsAdmin.intro')}</p>
      {actionData?.done && <Notice tone="success">{t(`paymentsAdmin.done.${actionData.done}`)}</Notice>}
      <PendingTransfers pending={page.pending} />
      <StatementUpload summary={page.summary} statements={page.statements} />
      <ReviewLines review={page.review} />
      <ManualPayouts payouts={page.payouts} />
      <LedgerTotals ledger={page.ledger} />
      <PaidPayments paid={page.paid} />
    </div>
  )
}
