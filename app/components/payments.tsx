import { getFormProps, getInputProps, type FieldMetadata, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { FundingSection } from '~/components/funding'
import { ErrorList, inputClass, Notice, SubmitButton } from '~/components/forms'
import { MoneyText, ownerName, useLanguage } from '~/components/listings'
import { FormErrorSummary, RequiredMarker } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { formatDateTime } from '~/modules/i18n/i18n'
import { SponsorSchema } from '~/modules/payments/funding-schemas'
import type { FundingView } from '~/modules/payments/funding.server'
import type { PaymentPageData } from '~/modules/payments/pages.server'
import type { PaymentMethod } from '~/modules/payments/provider'
import { CURRENCIES } from '~/utils/money'

// The sponsor form, the payer's payment page, contract payments and moving contributions
// (data: app/modules/payments/). A need's funding progress is in funding.tsx: listing pages
// show it without loading any form code.


export type SponsorPageData = {
  need: { key: string; title: string; college: { name: string; nameVi: string | null } }
  funding: FundingView | null
  orgs: { key: string; name: string; nameVi: string | null }[]
  methods: ('bank_transfer' | 'stripe_checkout')[]
  cardAvailable: boolean
}

type Message = { key: string; values?: Record<string, string | number> } | null

/** The payment rails on offer, as radio buttons (the sponsor form and the contract's). */
function MethodField({ methods, meta, note }: { methods: readonly PaymentMethod[]; meta: FieldMetadata<string | undefined>; note: string | null }) {
  const { t } = useTranslation()
  return (
    <fieldset>
      <legend className="block text-sm font-medium text-slate-700">{t('payments.sponsor.method')}</legend>
      <div className="mt-1 space-y-1">
        {methods.map((method) => (
          <label key={method} className="flex items-center gap-2">
            <input type="radio" name={meta.name} value={method} defaultChecked={meta.initialValue === method} />
            {t(`payments.sponsor.methods.${method}`)}
          </label>
        ))}
      </div>
      {note && <p className="mt-1 text-xs text-slate-500">{note}</p>}
      <ErrorList id={meta.errorId} errors={meta.errors} />
    </fieldset>
  )
}

export function SponsorView({ page, lastResult, message }: { page: SponsorPageData; lastResult?: SubmissionResult<string[]>; message: Message }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const [form, fields] = useForm({
    id: 'sponsor',
    lastResult,
    defaultValue: { currency: page.funding?.goal.currency ?? 'VND', method: page.methods[0], orgKey: page.orgs[0]?.key, ifUnfunded: 'refund' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SponsorSchema }),
    constraint: requiredConstraint(SponsorSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="mx-auto max-w-2xl space-y-6 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('payments.sponsor.title', { need: page.need.title })}</h1>
      <p className="text-slate-700">
        {ownerName(page.need.college, lng)} · {t('payments.sponsor.intro')}
      </p>
      {page.funding && <FundingSection needKey={page.need.key} funding={page.funding} canSponsor={false} signedIn />}
      {message && <Notice tone="error">{t(message.key as never, message.values) as string}</Notice>}
      {page.orgs.length === 0 ? (
        <Notice>{t('payments.sponsor.notBusiness')}</Notice>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrorSummary form={form} />
          {page.orgs.length > 1 ? (
            <div>
              <label htmlFor={fields.orgKey.id} className="block text-sm font-medium text-slate-700">
                {t('payments.sponsor.org')}
                {fields.orgKey.required && <RequiredMarker />}
              </label>
              <select id={fields.orgKey.id} name={fields.orgKey.name} defaultValue={fields.orgKey.initialValue} className={inputClass}>
                {page.orgs.map((org) => (
                  <option key={org.key} value={org.key}>
                    {ownerName(org, lng)}
                  </option>
                ))}
              </select>
            </div>
          ) : (
            <input type="hidden" name={fields.orgKey.name} value={page.orgs[0]!.key} />
          )}
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <div>
              <label htmlFor={fields.amount.id} className="block text-sm font-medium text-slate-700">
                {t('payments.sponsor.amount')}
                {fields.amount.required && <RequiredMarker />}
              </label>
              <input {...getInputProps(fields.amount, { type: 'text' })} key={fields.amount.key} inputMode="decimal" className={inputClass} />
              <ErrorList id={fields.amount.errorId} errors={fields.amount.errors} />
            </div>
            <div>
              <label htmlFor={fields.currency.id} className="block text-sm font-medium text-slate-700">
                {t('payments.sponsor.currency')}
                {fields.currency.required && <RequiredMarker />}
              </label>
              <select id={fields.currency.id} name={fields.currency.name} defaultValue={fields.currency.initialValue} className={inputClass}>
                {CURRENCIES.map((code) => (
                  <option key={code} value={code}>
                    {code}
                  </option>
                ))}
              </select>
              <ErrorList id={fields.currency.errorId} errors={fields.currency.errors} />
            </div>
          </div>
          <MethodField methods={page.methods} meta={fields.method} note={page.cardAvailable ? null : t('payments.sponsor.cardUnavailable')} />
          <fieldset>
            <legend className="block text-sm font-medium text-slate-700">{t('payments.sponsor.ifUnfunded')}</legend>
            <div className="mt-1 space-y-1">
              {(['refund', 'reassign'] as const).map((choice) => (
                <label key={choice} className="flex items-center gap-2">
                  <input type="radio" name={fields.ifUnfunded.name} value={choice} defaultChecked={(fields.ifUnfunded.initialValue ?? 'refund') === choice} />
                  {t(`payments.sponsor.ifUnfundedOptions.${choice}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <SubmitButton>{t('payments.sponsor.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}

/** The needs a business has sponsored, on its public profile. */
export function SponsoredNeeds({ items }: { items: { needKey: string; needTitle: string; amount: number; currency: string }[] }) {
  const { t } = useTranslation()
  if (!items.length) return null
  return (
    <section aria-labelledby="sponsored-title" className="space-y-3">
      <h2 id="sponsored-title" className="text-xl font-semibold">
        {t('payments.funding.sponsoredOn')}
      </h2>
      <ul className="space-y-1">
        {items.map((item, index) => (
          <li key={index}>
            <Link to={`/needs/${item.needKey}`}>{item.needTitle}</Link>: <MoneyText amount={item.amount} currency={item.currency} />
          </li>
        ))}
      </ul>
    </section>
  )
}

// ───────────────────────────── one payment ─────────────────────────────


const PAYMENT_TONES: Record<PaymentPageData['payment']['status'], string> = {
  pending: 'bg-amber-100 text-amber-900',
  paid: 'bg-emerald-100 text-emerald-800',
  failed: 'bg-rose-100 text-rose-800',
  refunded: 'bg-slate-200 text-slate-700',
  cancelled: 'bg-slate-200 text-slate-700',
}

export function PaymentStatusBadge({ status }: { status: PaymentPageData['payment']['status'] }) {
  const { t } = useTranslation()
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${PAYMENT_TONES[status]}`}>{t(`payments.page.status.${status}`)}</span>
}

export function PaymentView({ page }: { page: PaymentPageData }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const { payment, instruction } = page
  return (
    <div className="mx-auto max-w-2xl space-y-6 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('payments.page.title', { reference: payment.reference })}</h1>
      <p className="flex flex-wrap items-center gap-3">
        <PaymentStatusBadge status={payment.status} />
        {payment.target && (
          <Link to={payment.target.href}>{t('payments.page.for', { title: payment.target.title })}</Link>
        )}
      </p>
      <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium text-slate-700">{t('payments.page.amount')}</dt>
        <dd>
          <MoneyText amount={payment.amount} currency={payment.currency} />
        </dd>
        {payment.credit && (
          <>
            <dt className="font-medium text-slate-700">{t('payments.page.credit')}</dt>
            <dd>
              <MoneyText amount={payment.credit.amount} currency={payment.credit.currency} />
            </dd>
          </>
        )}
        {payment.platformFee !== null && (
          <>
            <dt className="font-medium text-slate-700">{t('payments.contract.fee')}</dt>
            <dd>
              <MoneyText amount={payment.platformFee} currency={payment.currency} />
            </dd>
          </>
        )}
        <dt className="font-medium text-slate-700">{t('payments.page.reference')}</dt>
        <dd className="font-mono">{payment.reference}</dd>
      </dl>
      {payment.paidAt && <p>{t('payments.page.paidAt', { time: formatDateTime(payment.paidAt, lng) })}</p>}
      {payment.status === 'pending' && payment.expiresAt && <p className="text-sm text-slate-600">{t('payments.page.expiresAt', { time: formatDateTime(payment.expiresAt, lng) })}</p>}
      {instruction && (
        <section aria-labelledby="transfer-title" className="space-y-3 rounded-md border border-slate-200 p-4">
          <h2 id="transfer-title" className="text-lg font-semibold">
            {t('payments.transfer.title')}
          </h2>
          <p className="text-sm text-slate-600">{t('payments.transfer.intro')}</p>
          {/* The SVG is drawn on the server from the payment's own data (qrcode). */}
          <div role="img" aria-label={t('payments.transfer.qrLabel')} className="mx-auto w-64" dangerouslySetInnerHTML={{ __html: instruction.qrSvg }} />
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
            <dt className="font-medium text-slate-700">{t('payments.transfer.bank')}</dt>
            <dd>{instruction.bankName}</dd>
            <dt className="font-medium text-slate-700">{t('payments.transfer.account')}</dt>
            <dd className="font-mono">{instruction.account}</dd>
            <dt className="font-medium text-slate-700">{t('payments.transfer.accountName')}</dt>
            <dd>{instruction.accountName}</dd>
            <dt className="font-medium text-slate-700">{t('payments.page.amount')}</dt>
            <dd>
              <MoneyText amount={instruction.amount} currency={instruction.currency} />
            </dd>
            <dt className="font-medium text-slate-700">{t('payments.transfer.content')}</dt>
            <dd className="font-mono">{instruction.reference}</dd>
          </dl>
          <p className="text-sm text-slate-600">{t('payments.transfer.after')}</p>
        </section>
      )}
      {payment.checkoutUrl && (
        <a href={payment.checkoutUrl} className="inline-block rounded-md bg-brand-700 px-4 py-2 font-medium text-white no-underline hover:bg-brand-800">
          {t('payments.page.continueCard')}
        </a>
      )}
      {payment.status === 'pending' && payment.method === 'stripe_checkout' && !payment.checkoutUrl && <p>{t('payments.page.confirming')}</p>}
    </div>
  )
}

// ───────────────────────────── paying an expert contract ─────────────────────────────

export type ContractPaymentView = {
  agreement: { id: string; needTitle: string; offerTitle: string }
  amount: number | null
  currency: string | null
  fee: number | null
  payee: number | null
  feePercent: number
  plan: 'stripe' | 'manual'
  methods: ('bank_transfer' | 'stripe_checkout')[]
  refusal: 'not-payable' | 'already' | 'method-unavailable' | null
  existing: { id: string; status: string } | null
}

export function ContractPaymentPage({ page, lastResult }: { page: ContractPaymentView; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation()
  const [form, fields] = useForm({ id: 'pay-contract', lastResult, defaultValue: { method: page.methods[0] } })
  const currency = page.currency ?? 'VND'
  return (
    <div className="mx-auto max-w-2xl space-y-6 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('payments.contract.title')}</h1>
      <p>
        <Link to={`/agreements/${page.agreement.id}`}>
          {page.agreement.needTitle} ↔ {page.agreement.offerTitle}
        </Link>
      </p>
      {page.amount !== null && page.fee !== null && page.payee !== null && (
        <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[max-content_1fr]">
          <dt className="font-medium text-slate-700">{t('payments.contract.total')}</dt>
          <dd>
            <MoneyText amount={page.amount} currency={currency} />
          </dd>
          <dt className="font-medium text-slate-700">{t('payments.contract.feeWithPercent', { percent: page.feePercent })}</dt>
          <dd>
            <MoneyText amount={page.fee} currency={currency} />
          </dd>
          <dt className="font-medium text-slate-700">{t('payments.contract.payee')}</dt>
          <dd>
            <MoneyText amount={page.payee} currency={currency} /> <span className="text-sm text-slate-600">({t(`payments.contract.plan.${page.plan}`)})</span>
          </dd>
        </dl>
      )}
      {form.errors?.map((error) => (
        <Notice key={error} tone="error">
          {t(error as never) as string}
        </Notice>
      ))}
      {page.refusal === 'already' && page.existing ? (
        <Notice>
          <Link to={`/payments/${page.existing.id}`}>{t('payments.contract.already')}</Link>
        </Notice>
      ) : page.refusal ? (
        <Notice>{t(`payments.contract.${page.refusal === 'not-payable' ? 'notPayable' : 'already'}`)}</Notice>
      ) : page.methods.length === 0 ? (
        <Notice>{t('payments.contract.noMethod')}</Notice>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrorSummary form={form} />
          <MethodField methods={page.methods} meta={fields.method} note={null} />
          <SubmitButton>{t('payments.contract.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}

/** An expert contract's payment on its agreement page: its state, the fee and how the expert is paid. */
export function ContractPaymentSummary({ payment }: { payment: { id: string; status: PaymentPageData['payment']['status']; amount: number; currency: string; fee: number; payoutMode: string; payoutPaid: boolean } }) {
  const { t } = useTranslation()
  return (
    <div className="space-y-1">
      <p className="flex flex-wrap items-center gap-2">
        <PaymentStatusBadge status={payment.status} /> <MoneyText amount={payment.amount} currency={payment.currency} />
      </p>
      <p className="text-sm text-slate-600">
        {t('payments.contract.fee')}: <MoneyText amount={payment.fee} currency={payment.currency} /> · {t('payments.contract.payee')}:{' '}
        <MoneyText amount={payment.amount - payment.fee} currency={payment.currency} /> ({t(payment.payoutMode === 'stripe' ? 'payments.contract.payoutStripe' : 'payments.contract.payoutManual')})
      </p>
    </div>
  )
}

// ───────────────────────────── moving contributions ─────────────────────────────

export type MoveContributionsData = {
  need: { key: string; title: string }
  contributions: { id: string; reference: string; amount: number; currency: string; sponsor: { name: string; nameVi: string | null } | null }[]
  targets: { key: string; title: string }[]
}

/** The college moves consented contributions of its expired, unfunded need to another of its needs. */
export function MoveContributionsView({ page, refusal, moved }: { page: MoveContributionsData; refusal: string | null; moved: boolean }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  return (
    <div className="mx-auto max-w-2xl space-y-6 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('payments.move.title')}</h1>
      <p>
        <Link to={`/needs/${page.need.key}`}>{page.need.title}</Link>
      </p>
      <p className="text-sm text-slate-600">{t('payments.move.intro')}</p>
      {moved && <Notice tone="success">{t('payments.move.done')}</Notice>}
      {refusal && <Notice tone="error">{t(`payments.move.refusals.${refusal as 'target'}`)}</Notice>}
      {page.contributions.length === 0 ? (
        <p>{t('payments.move.none')}</p>
      ) : page.targets.length === 0 ? (
        <Notice>{t('payments.move.noTargets')}</Notice>
      ) : (
        <ul className="space-y-4">
          {page.contributions.map((contribution) => (
            <li key={contribution.id} className="rounded-md border border-slate-200 p-4">
              <p>
                {contribution.sponsor ? ownerName(contribution.sponsor, lng) : ''}: <MoneyText amount={contribution.amount} currency={contribution.currency} />{' '}
                <span className="font-mono text-sm text-slate-600">{contribution.reference}</span>
              </p>
              <Form method="post" className="mt-2 flex flex-wrap items-end gap-2">
                <input type="hidden" name="paymentId" value={contribution.id} />
                <label className="block text-sm font-medium text-slate-700">
                  {t('payments.move.target')}
                  <select name="target" className={inputClass} defaultValue="">
                    <option value="">{t('validation.choose')}</option>
                    {page.targets.map((target) => (
                      <option key={target.key} value={target.key}>
                        {target.title}
                      </option>
                    ))}
                  </select>
                </label>
                <SubmitButton>{t('payments.move.submit')}</SubmitButton>
              </Form>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
