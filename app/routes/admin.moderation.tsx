import { getFormProps, type SubmissionResult } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AdminNav } from '~/components/admin-nav'
import { Notice, SubmitButton } from '~/components/forms'
import { LongTextField } from '~/components/moderation-forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { formatDateTime, type Language } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'
import { approveListing, hideListing, moderationQueue, unhideListing, type QueueListing } from '~/modules/moderation/moderation.server'
import { dismissMessageReports, dismissReport, removeMessage } from '~/modules/moderation/reports.server'
import { ModerationActionSchema, type ModerationAction } from '~/modules/moderation/schemas'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.admin.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  return moderationQueue()
}

/** Which of the page's many forms was submitted, so only that one shows the outcome. */
function formIdOf(fields: Record<string, unknown>): string {
  const field = (name: string) => (typeof fields[name] === 'string' ? fields[name] : '')
  return [field('intent'), field('type'), field('listingId') || field('reportId') || field('messageId')].join('-')
}

async function perform(adminId: string, action: ModerationAction): Promise<'done' | 'alreadyHidden' | 'alreadyHandled'> {
  switch (action.intent) {
    case 'hide': {
      const outcome = await hideListing(adminId, { type: action.type, id: action.listingId }, action.reason)
      if (outcome === 'not-found') throw new Response('Not Found', { status: 404 })
      return outcome === 'hidden' ? 'done' : 'alreadyHidden'
    }
    case 'unhide':
      return (await unhideListing(adminId, { type: action.type, id: action.listingId })) ? 'done' : 'alreadyHandled'
    case 'approve':
      return (await approveListing(adminId, { type: action.type, id: action.listingId })) ? 'done' : 'alreadyHandled'
    case 'dismiss':
      return (await dismissReport(adminId, action.reportId)) ? 'done' : 'alreadyHandled'
    case 'dismiss-message':
      return (await dismissMessageReports(adminId, action.messageId)) ? 'done' : 'alreadyHandled'
    case 'remove-message':
      return (await removeMessage(adminId, action.messageId)) ? 'done' : 'alreadyHandled'
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const formData = await readForm(request)
  const formId = formIdOf(Object.fromEntries(formData))
  const submission = parseWithZod(formData, { schema: ModerationActionSchema })
  if (submission.status !== 'success') return data({ formId, result: submission.reply(), done: null }, { status: 400 })
  const outcome = await perform(admin.id, submission.value)
  if (outcome === 'alreadyHandled') {
    // Another admin (or a double submit) got there first: nothing changed; the item says so.
    return data({ formId, result: submission.reply({ formErrors: ['moderation.admin.alreadyHandled'] }), done: null }, { status: 409 })
  }
  return { formId, result: submission.reply({ resetForm: true }), done: outcome === 'done' ? submission.value.intent : 'alreadyHidden' }
}

type ActionData = { formId: string; result: SubmissionResult<string[]>; done: ModerationAction['intent'] | 'alreadyHidden' | null }

function useLastResult(formId: string) {
  const actionData = useActionData<ActionData>()
  return actionData?.formId === formId ? actionData.result : undefined
}

function FormErrors({ errors }: { errors?: string[] }) {
  const { t } = useTranslation()
  return errors?.map((error) => (
    <Notice key={error} tone="error">
      {t(error as 'moderation.admin.alreadyHandled')}
    </Notice>
  ))
}

/** A form of one button (approve, unhide, dismiss). */
function ButtonForm({ fields, children }: { fields: Record<string, string>; children: ReactNode }) {
  const formId = formIdOf(fields)
  const lastResult = useLastResult(formId)
  return (
    <Form method="post" className="inline">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormErrors errors={lastResult?.error?.[''] ?? undefined} />
      <SubmitButton>{children}</SubmitButton>
    </Form>
  )
}

function HideForm({ listing, label }: { listing: QueueListing; label: string }) {
  const { t } = useTranslation()
  const fields = { intent: 'hide', type: listing.type, listingId: listing.id }
  const formId = formIdOf(fields)
  const [form, formFields] = useForm({
    id: formId,
    lastResult: useLastResult(formId),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ModerationActionSchema }),
    constraint: requiredConstraint(ModerationActionSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <Form method="post" {...getFormProps(form)} className="mt-3 space-y-2">
      <FormErrorSummary form={form} />
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <FormErrors errors={form.errors} />
      <LongTextField label={t('moderation.admin.hideReason')} meta={formFields.reason} hint={t('moderation.admin.hideReasonHint')} rows={2} />
      <SubmitButton>{label}</SubmitButton>
    </Form>
  )
}

function ListingLink({ listing }: { listing: QueueListing }) {
  const { t, i18n } = useTranslation()
  const owner = i18n.language === 'vi' ? (listing.owner.nameVi ?? listing.owner.name) : listing.owner.name
  return (
    <p>
      <span className="text-xs uppercase text-slate-500">{t(`moderation.listingTypes.${listing.type}`)}</span>{' '}
      <Link to={`/${listing.type}s/${listing.key}`} className="font-medium">
        {listing.title}
      </Link>{' '}
      <span className="text-sm text-slate-600">· {owner}</span>
    </p>
  )
}

function Section({ title, empty, count, children }: { title: string; empty: string; count: number; children: ReactNode }) {
  return (
    <section>
      <h2 className="mb-2 text-lg font-semibold">
        {title} ({count})
      </h2>
      {count === 0 ? <p className="text-slate-600">{empty}</p> : <ul className="space-y-3">{children}</ul>}
    </section>
  )
}

export default function AdminModerationPage() {
  const { reported, reportedMessages, waiting, hidden } = useLoaderData<typeof loader>()
  const actionData = useActionData<ActionData>()
  const { t, i18n } = useTranslation()
  const lng: Language = i18n.language === 'en' ? 'en' : 'vi'
  return (
    <div className="space-y-8">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('moderation.admin.title')}</h1>
      {actionData?.done && <Notice tone="success">{t(`moderation.admin.done.${actionData.done}`)}</Notice>}

      <Section title={t('moderation.admin.reports')} empty={t('moderation.admin.noReports')} count={reported.length}>
        {reported.map(({ listing, reports }) => (
          <li key={`${listing.type}-${listing.id}`} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`reported-${listing.key}`}>
            <ListingLink listing={listing} />
            <ul className="mt-2 space-y-2">
              {reports.map((report) => (
                <li key={report.id} className="border-l-4 border-amber-300 pl-3">
                  <p className="text-sm text-slate-600">
                    {t('moderation.admin.reportedBy', { name: report.reporter.name, email: report.reporter.email })} ·{' '}
                    {formatDateTime(report.createdAt, lng)}
                  </p>
                  <p className="whitespace-pre-line">{report.reason}</p>
                  <ButtonForm fields={{ intent: 'dismiss', reportId: report.id }}>{t('moderation.admin.dismiss')}</ButtonForm>
                </li>
              ))}
            </ul>
            <HideForm listing={listing} label={t('moderation.admin.hide')} />
          </li>
        ))}
      </Section>

      <Section title={t('moderation.admin.reportedMessages')} empty={t('moderation.admin.noReportedMessages')} count={reportedMessages.length}>
        {reportedMessages.map(({ message, reports }) => (
          <li key={message.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`reported-message-${message.id}`}>
            <p className="text-sm text-slate-600">
              {t('moderation.admin.messageBy', { name: message.author.name, email: message.author.email, time: formatDateTime(message.createdAt, lng) })} ·{' '}
              <Link to={`/proposals/${message.proposalId}#message-${message.id}`}>{t('moderation.admin.openThread')}</Link>
            </p>
            <blockquote className="mt-1 whitespace-pre-line border-l-4 border-slate-300 pl-3">{message.body}</blockquote>
            <ul className="mt-2 space-y-2">
              {reports.map((report) => (
                <li key={report.id} className="border-l-4 border-amber-300 pl-3">
                  <p className="text-sm text-slate-600">
                    {t('moderation.admin.reportedBy', { name: report.reporter.name, email: report.reporter.email })} · {formatDateTime(report.createdAt, lng)}
                  </p>
                  <p className="whitespace-pre-line">{report.reason}</p>
                </li>
              ))}
            </ul>
            <div className="mt-2 flex flex-wrap gap-2">
              <ButtonForm fields={{ intent: 'dismiss-message', messageId: message.id }}>{t('moderation.admin.dismissMessage')}</ButtonForm>
              <ButtonForm fields={{ intent: 'remove-message', messageId: message.id }}>{t('moderation.admin.removeMessage')}</ButtonForm>
            </div>
          </li>
        ))}
      </Section>

      <Section title={t('moderation.admin.waiting')} empty={t('moderation.admin.noWaiting')} count={waiting.length}>
        {waiting.map((listing) => (
          <li key={`${listing.type}-${listing.id}`} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`waiting-${listing.key}`}>
            <ListingLink listing={listing} />
            <p className="mt-1 text-sm text-slate-600">{t('moderation.admin.postedAt', { time: formatDateTime(listing.createdAt, lng) })}</p>
            <div className="mt-2">
              <ButtonForm fields={{ intent: 'approve', type: listing.type, listingId: listing.id }}>{t('moderation.admin.approve')}</ButtonForm>
            </div>
            <HideForm listing={listing} label={t('moderation.admin.hide')} />
          </li>
        ))}
      </Section>

      <Section title={t('moderation.admin.hidden')} empty={t('moderation.admin.noHidden')} count={hidden.length}>
        {hidden.map((listing) => (
          <li key={`${listing.type}-${listing.id}`} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`hidden-${listing.key}`}>
            <ListingLink listing={listing} />
            <p className="mt-1 text-sm text-slate-600">
              {t('moderation.admin.hiddenAt', { time: formatDateTime(listing.hiddenAt ?? listing.createdAt, lng) })}
            </p>
            <p className="mt-1 whitespace-pre-line">
              <span className="font-medium">{t('moderation.admin.reasonLabel')}</span> {listing.hiddenReason}
            </p>
            <div className="mt-2">
              <ButtonForm fields={{ intent: 'unhide', type: listing.type, listingId: listing.id }}>{t('moderation.admin.unhide')}</ButtonForm>
            </div>
          </li>
        ))}
      </Section>
    </div>
  )
}
