import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { Form, Link } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { AgreementStatusBadge } from '~/components/agreements'
import { ErrorList, inputClass, Notice, SubmitButton } from '~/components/forms'
import { DateRange, KindBadge, MoneyText, useKindLabel, useLanguage } from '~/components/listings'
import { LongTextField } from '~/components/moderation-forms'
import { FormErrorSummary, RequiredMarker } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'
import { formatDateTime } from '~/modules/i18n/i18n'
import { listingPath, type ListingType } from '~/modules/listings/view'
import { RATE_UNITS, type NeedKind, type OfferKind, type PriceUnit } from '~/modules/listings/vocabulary'
import type { AgreementStatus } from '~/modules/proposals/agreement-lifecycle'
import type { ProposalAction, ProposalRole, ProposalStatus } from '~/modules/proposals/lifecycle'
import { COVER_NOTE_MAX, DECLINE_REASON_MAX, ProposalPageSchema, ProposeSchema } from '~/modules/proposals/schemas'
import { CURRENCIES } from '~/utils/money'

// The proposal pages: the inbox, the propose form, and one proposal with its thread
// (data: app/modules/proposals/pages.server.ts).

type Message = { key: string; values?: Record<string, string | number> } | null

const STATUS_TONES: Record<ProposalStatus, string> = {
  sent: 'bg-sky-100 text-sky-800',
  accepted: 'bg-emerald-100 text-emerald-800',
  declined: 'bg-rose-100 text-rose-800',
  withdrawn: 'bg-slate-200 text-slate-700',
  expired: 'bg-amber-100 text-amber-900',
}

export function ProposalStatusBadge({ status }: { status: ProposalStatus }) {
  const { t } = useTranslation()
  return <span className={`rounded-full px-2 py-0.5 text-xs font-semibold ${STATUS_TONES[status]}`}>{t(`proposals.status.${status}`)}</span>
}

function ServerMessage({ message }: { message: Message }) {
  const { t } = useTranslation()
  if (!message) return null
  return <Notice tone="error">{t(message.key as never, message.values) as string}</Notice>
}

// ───────────────────────────── the inbox ─────────────────────────────

type InboxItem = {
  id: string
  status: ProposalStatus
  quantity: number | null
  updatedAt: string
  need: { key: string; title: string; kind: NeedKind }
  offer: { key: string; title: string; kind: OfferKind }
  counterpart: string
  unread: number
}

function InboxList({ title, items }: { title: string; items: InboxItem[] }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const id = `inbox-${title}`
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t('proposals.inbox.none')}</p>
      ) : (
        <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <ProposalStatusBadge status={item.status} />
              <div className="min-w-0 flex-1">
                <Link to={`/proposals/${item.id}`} className="font-medium">
                  {item.need.title} ↔ {item.offer.title}
                </Link>
                <p className="text-sm text-slate-600">
                  {t('proposals.inbox.with', { name: item.counterpart })} · {formatDateTime(item.updatedAt, lng)}
                </p>
              </div>
              {item.unread > 0 && <span className="rounded-full bg-brand-700 px-2 py-0.5 text-xs font-semibold text-white">{t('proposals.inbox.unread', { count: item.unread })}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function InboxView({ received, sent }: { received: InboxItem[]; sent: InboxItem[] }) {
  const { t } = useTranslation()
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold">{t('proposals.inbox.title')}</h1>
        <p className="text-slate-600">{t('proposals.inbox.intro')}</p>
      </div>
      <InboxList title={t('proposals.inbox.received')} items={received} />
      <InboxList title={t('proposals.inbox.sent')} items={sent} />
    </div>
  )
}

// ───────────────────────────── proposing ─────────────────────────────

export type NewProposalData = {
  target: { type: ListingType; key: string; title: string; kind: NeedKind | OfferKind; owner: string; startDate: string; endDate: string }
  candidates: { type: ListingType; key: string; title: string; kind: NeedKind | OfferKind }[]
  preselected: string | null
  counted: boolean
  expert: boolean
  available: number | null
}

export function NewProposalView({ page, lastResult, message }: { page: NewProposalData; lastResult?: SubmissionResult<string[]>; message: Message }) {
  const { t } = useTranslation()
  const kindLabel = useKindLabel()
  const { target } = page
  const fromField = target.type === 'offer' ? 'needKey' : 'offerKey'
  const [form, fields] = useForm({
    id: 'propose',
    lastResult,
    defaultValue: { [fromField]: page.preselected ?? undefined, [target.type === 'offer' ? 'offerKey' : 'needKey']: target.key },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposeSchema }),
    constraint: requiredConstraint(ProposeSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const from = fields[fromField]
  return (
    <div className="mx-auto max-w-2xl space-y-6 rounded-lg bg-white p-8 shadow-sm">
      <h1 className="text-2xl font-bold">{t('proposals.new.title')}</h1>
      <div>
        <h2 className="text-sm font-medium text-slate-700">{t('proposals.new.to')}</h2>
        <p className="mt-1 flex flex-wrap items-center gap-2">
          <KindBadge type={target.type} kind={target.kind} />
          <Link to={listingPath(target.type, target.key)} className="font-medium">
            {target.title}
          </Link>
        </p>
        <p className="text-sm text-slate-600">
          {target.owner} · <DateRange start={target.startDate} end={target.endDate} />
        </p>
      </div>
      <ServerMessage message={message} />
      {page.candidates.length === 0 ? (
        <div className="space-y-2">
          <p>{t('proposals.new.noCandidates')}</p>
          <Link to={target.type === 'offer' ? '/needs/new' : '/offers/new'}>{t('proposals.new.postOne')}</Link>
        </div>
      ) : (
        <Form method="post" {...getFormProps(form)} className="space-y-4">
          <FormErrorSummary form={form} />
          <input {...getInputProps(fields[target.type === 'offer' ? 'offerKey' : 'needKey'], { type: 'hidden' })} key={target.key} />
          <fieldset>
            <legend className="block text-sm font-medium text-slate-700">{t('proposals.new.from')}</legend>
            <div className="mt-1 space-y-1">
              {page.candidates.map((candidate) => (
                <label key={candidate.key} className="flex items-center gap-2">
                  <input type="radio" name={from.name} value={candidate.key} defaultChecked={candidate.key === page.preselected} />
                  <span>
                    {candidate.title} <span className="text-xs text-slate-500">({kindLabel(candidate.type, candidate.kind)})</span>
                  </span>
                </label>
              ))}
            </div>
            <ErrorList id={from.errorId} errors={from.errors} />
          </fieldset>
          {page.counted && (
            <div>
              <label htmlFor={fields.quantity.id} className="block text-sm font-medium text-slate-700">
                {t('proposals.new.quantity')}
                {fields.quantity.required && <RequiredMarker />}
              </label>
              <input {...getInputProps(fields.quantity, { type: 'number' })} key={fields.quantity.key} min={1} className={inputClass} />
              {page.available !== null && <p className="mt-1 text-xs text-slate-500">{t('proposals.new.quantityHint', { available: page.available })}</p>}
              <ErrorList id={fields.quantity.errorId} errors={fields.quantity.errors} />
            </div>
          )}
          <LongTextField
            label={t(page.expert ? 'proposals.new.coverNote' : 'proposals.new.message')}
            hint={`${t(page.expert ? 'proposals.new.coverNoteHint' : 'proposals.new.messageHint')} (≤ ${COVER_NOTE_MAX})`}
            meta={fields.message}
            rows={5}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            {(['startDate', 'endDate'] as const).map((name) => (
              <div key={name}>
                <label htmlFor={fields[name].id} className="block text-sm font-medium text-slate-700">
                  {t(`proposals.new.${name}`)}
                  {fields[name].required && <RequiredMarker />}
                </label>
                <input {...getInputProps(fields[name], { type: 'date' })} key={fields[name].key} className={inputClass} />
                <ErrorList id={fields[name].errorId} errors={fields[name].errors} />
              </div>
            ))}
          </div>
          <p className="text-xs text-slate-500">{t('proposals.new.datesHint')}</p>
          {page.expert && (
            <div className="grid gap-4 sm:grid-cols-3">
              <div>
                <label htmlFor={fields.rate.id} className="block text-sm font-medium text-slate-700">
                  {t('proposals.new.rate')}
                  {fields.rate.required && <RequiredMarker />}
                </label>
                <input {...getInputProps(fields.rate, { type: 'text' })} key={fields.rate.key} inputMode="decimal" className={inputClass} />
                <ErrorList id={fields.rate.errorId} errors={fields.rate.errors} />
              </div>
              <div>
                <label htmlFor={fields.rateCurrency.id} className="block text-sm font-medium text-slate-700">
                  {t('proposals.new.rateCurrency')}
                  {fields.rateCurrency.required && <RequiredMarker />}
                </label>
                <select {...getSelectProps(fields.rateCurrency)} key={fields.rateCurrency.key} className={inputClass}>
                  <option value="">{t('validation.choose')}</option>
                  {CURRENCIES.map((currency) => (
                    <option key={currency} value={currency}>
                      {currency}
                    </option>
                  ))}
                </select>
                <ErrorList id={fields.rateCurrency.errorId} errors={fields.rateCurrency.errors} />
              </div>
              <div>
                <label htmlFor={fields.ratePer.id} className="block text-sm font-medium text-slate-700">
                  {t('proposals.new.ratePer')}
                  {fields.ratePer.required && <RequiredMarker />}
                </label>
                <select {...getSelectProps(fields.ratePer)} key={fields.ratePer.key} className={inputClass}>
                  <option value="">{t('validation.choose')}</option>
                  {RATE_UNITS.map((unit) => (
                    <option key={unit} value={unit}>
                      {t(`listings.per.${unit}`)}
                    </option>
                  ))}
                </select>
                <ErrorList id={fields.ratePer.errorId} errors={fields.ratePer.errors} />
              </div>
            </div>
          )}
          <SubmitButton>{t('proposals.new.submit')}</SubmitButton>
        </Form>
      )}
    </div>
  )
}

// ───────────────────────────── one proposal ─────────────────────────────

export type ProposalPageData = {
  proposal: {
    id: string
    status: ProposalStatus
    sender: string
    recipient: string
    message: string
    quantity: number | null
    rate: { amount: number; currency: string; per: PriceUnit | null } | null
    startDate: string | null
    endDate: string | null
    declineReason: string | null
    createdAt: string
    expiresAt: string
    need: { key: string; title: string; kind: NeedKind }
    offer: { key: string; title: string; kind: OfferKind }
    remaining: { need: number; offer: number | null }
    agreement: { id: string; status: AgreementStatus; quantity: number | null; startDate: string | null; endDate: string | null } | null
  }
  role: ProposalRole | null
  actions: ProposalAction[]
  canWrite: boolean
  blocked: boolean
  messages: { id: string; mine: boolean; author: string; fromOtherSide: boolean; body: string; createdAt: string }[]
  contacts: { party: string; people: { name: string; email: string }[] }[] | null
}

function DecisionForms({ actions }: { actions: ProposalAction[] }) {
  const { t } = useTranslation()
  if (actions.length === 0) return null
  return (
    <section aria-labelledby="proposal-actions" className="space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h2 id="proposal-actions" className="font-semibold">
        {t('proposals.page.actions')}
      </h2>
      <div className="flex flex-wrap items-start gap-4">
        {actions.includes('accept') && (
          <Form method="post">
            <SubmitButton intent="accept">{t('proposals.page.accept')}</SubmitButton>
          </Form>
        )}
        {actions.includes('withdraw') && (
          <Form method="post">
            <SubmitButton intent="withdraw">{t('proposals.page.withdraw')}</SubmitButton>
          </Form>
        )}
        {actions.includes('decline') && (
          <Form method="post" className="min-w-64 flex-1 space-y-2">
            <label htmlFor="decline-reason" className="block text-sm font-medium text-slate-700">
              {t('proposals.page.declineReasonLabel')}
            </label>
            <textarea id="decline-reason" name="reason" rows={2} maxLength={DECLINE_REASON_MAX} className={inputClass} />
            <SubmitButton intent="decline">{t('proposals.page.decline')}</SubmitButton>
          </Form>
        )}
      </div>
    </section>
  )
}

function ReplyForm({ lastResult }: { lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation()
  // One key per form shown: the same form sent twice posts one message.
  const [clientKey] = useState(() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`)
  const [form, fields] = useForm({
    id: 'reply',
    lastResult,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ProposalPageSchema }),
    constraint: requiredConstraint(ProposalPageSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-2">
      <FormErrorSummary form={form} />
      <input type="hidden" name="clientKey" value={clientKey} />
      <LongTextField label={t('proposals.page.reply')} meta={fields.body} rows={3} />
      <SubmitButton intent="reply">{t('proposals.page.send')}</SubmitButton>
    </Form>
  )
}

export function ProposalView({ page, lastResult, message, done }: { page: ProposalPageData; lastResult?: SubmissionResult<string[]>; message: Message; done: string | null }) {
  const { t } = useTranslation()
  const lng = useLanguage()
  const { proposal } = page
  const doneKey = done && ['accept', 'decline', 'withdraw'].includes(done) ? `proposals.page.decided.${done}` : done === 'report' ? 'proposals.page.reported' : done === 'sent' ? 'proposals.new.sent' : null
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-bold">{t('proposals.page.title')}</h1>
          <ProposalStatusBadge status={proposal.status} />
        </div>
        <p className="text-sm text-slate-600">
          {t('proposals.page.from', { name: proposal.sender })} · {t('proposals.page.to', { name: proposal.recipient })} ·{' '}
          {t('proposals.page.sentAt', { time: formatDateTime(proposal.createdAt, lng) })}
        </p>
        {proposal.status === 'sent' && <p className="text-sm text-slate-600">{t('proposals.page.expiresAt', { time: formatDateTime(proposal.expiresAt, lng) })}</p>}
      </div>
      {!page.role && <Notice>{t('proposals.page.adminView')}</Notice>}
      {doneKey && <Notice tone="success">{t(doneKey as never) as string}</Notice>}
      <ServerMessage message={message} />

      <section className="grid gap-4 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2">
        {(['need', 'offer'] as const).map((type) => (
          <div key={type}>
            <h2 className="text-sm font-medium text-slate-600">{t(`proposals.page.${type}`)}</h2>
            <p className="mt-1 flex flex-wrap items-center gap-2">
              <KindBadge type={type} kind={proposal[type].kind} />
              <Link to={listingPath(type, proposal[type].key)} className="font-medium">
                {proposal[type].title}
              </Link>
            </p>
          </div>
        ))}
        <dl className="space-y-1 text-sm sm:col-span-2">
          {proposal.quantity !== null && <dd>{t('proposals.page.quantity', { count: proposal.quantity })}</dd>}
          {proposal.startDate && proposal.endDate && (
            <dd>
              {t('proposals.page.dates')}: <DateRange start={proposal.startDate} end={proposal.endDate} />
            </dd>
          )}
          {proposal.rate && (
            <dd>
              {t('proposals.page.rate')}: <MoneyText amount={proposal.rate.amount} currency={proposal.rate.currency} per={proposal.rate.per} />
            </dd>
          )}
          {proposal.status === 'sent' && proposal.quantity !== null && (
            <dd className="text-slate-600">
              {t('proposals.page.remaining', { need: proposal.remaining.need, offer: proposal.remaining.offer ?? t('proposals.page.unlimited') })}
            </dd>
          )}
        </dl>
        {proposal.message && (
          <div className="sm:col-span-2">
            <h2 className="text-sm font-medium text-slate-600">{t('proposals.page.coverNote')}</h2>
            <p className="mt-1 whitespace-pre-line">{proposal.message}</p>
          </div>
        )}
        {proposal.declineReason && (
          <div className="sm:col-span-2">
            <h2 className="text-sm font-medium text-slate-600">{t('proposals.page.declineReason')}</h2>
            <p className="mt-1 whitespace-pre-line">{proposal.declineReason}</p>
          </div>
        )}
      </section>

      {proposal.agreement && (
        <section aria-labelledby="agreement" className="rounded-lg bg-emerald-50 p-5 ring-1 ring-emerald-200">
          <h2 id="agreement" className="font-semibold">
            {t('proposals.page.agreement')}
          </h2>
          <p className="text-sm">{t('proposals.page.agreementCreated')}</p>
          {proposal.agreement.startDate && proposal.agreement.endDate && (
            <p className="text-sm">
              <DateRange start={proposal.agreement.startDate} end={proposal.agreement.endDate} />
            </p>
          )}
          <p className="mt-2 flex flex-wrap items-center gap-3">
            <AgreementStatusBadge status={proposal.agreement.status} />
            <Link to={`/agreements/${proposal.agreement.id}`} className="font-medium">
              {t('agreements.open')}
            </Link>
          </p>
        </section>
      )}

      <DecisionForms actions={page.actions} />

      <section aria-labelledby="contacts" className="space-y-2">
        <h2 id="contacts" className="font-semibold">
          {t('proposals.page.contacts')}
        </h2>
        {page.contacts ? (
          <ul className="space-y-1 text-sm">
            {page.contacts.map((side) => (
              <li key={side.party}>
                <span className="font-medium">{side.party}</span>:{' '}
                {side.people.map((person, index) => (
                  <span key={person.email}>
                    {index > 0 && ', '}
                    {person.name} &lt;<a href={`mailto:${person.email}`}>{person.email}</a>&gt;
                  </span>
                ))}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600">{t('proposals.page.contactsHidden')}</p>
        )}
      </section>

      <section aria-labelledby="thread" className="space-y-4">
        <h2 id="thread" className="text-lg font-semibold">
          {t('proposals.page.thread')}
        </h2>
        {page.messages.length === 0 ? (
          <p className="text-sm text-slate-600">{t('proposals.page.noMessages')}</p>
        ) : (
          <ol className="space-y-3">
            {page.messages.map((m) => (
              <li key={m.id} id={`message-${m.id}`} className={`rounded-lg p-4 ring-1 ${m.mine ? 'bg-brand-50 ring-brand-100' : 'bg-white ring-slate-200'}`}>
                <p className="text-xs text-slate-500">
                  {m.mine ? t('proposals.page.you') : m.author} · {formatDateTime(m.createdAt, lng)}
                </p>
                <p className="mt-1 whitespace-pre-line">{m.body}</p>
                {m.fromOtherSide && (
                  <details className="mt-2 text-sm">
                    <summary className="cursor-pointer text-slate-600">{t('proposals.page.report')}</summary>
                    <Form method="post" className="mt-2 space-y-2">
                      <input type="hidden" name="messageId" value={m.id} />
                      <label htmlFor={`report-${m.id}`} className="block text-sm font-medium text-slate-700">
                        {t('proposals.page.reportReason')}
                      </label>
                      <textarea id={`report-${m.id}`} name="reason" rows={2} required minLength={5} maxLength={1000} className={inputClass} />
                      <SubmitButton intent="report">{t('proposals.page.report')}</SubmitButton>
                    </Form>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
        {page.canWrite && <ReplyForm lastResult={lastResult} />}
      </section>

      {page.role && (
        <section className="space-y-2 border-t border-slate-200 pt-4 text-sm">
          {page.blocked && <p className="text-slate-600">{t('proposals.page.blockedNote')}</p>}
          <Form method="post">
            <button type="submit" name="intent" value={page.blocked ? 'unblock' : 'block'} className="rounded-md border border-slate-300 px-3 py-1.5 text-slate-700 hover:bg-slate-50">
              {t(page.blocked ? 'proposals.page.unblock' : 'proposals.page.block')}
            </button>
          </Form>
        </section>
      )}
    </div>
  )
}
