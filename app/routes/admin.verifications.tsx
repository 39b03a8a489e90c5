import { parseWithZod } from '@conform-to/zod/v4'
import { readForm } from '~/modules/runtime/form.server'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { AdminNav } from '~/components/admin-nav'
import { Notice } from '~/components/forms'
import { decideVerification } from '~/modules/accounts/accounts.server'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { VerificationDecisionSchema } from '~/modules/accounts/schemas'
import { verificationQueue } from '~/modules/accounts/verifications.server'
import { formatDateTime } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'admin.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  return verificationQueue()
}

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const submission = parseWithZod(await readForm(request), { schema: VerificationDecisionSchema })
  if (submission.status !== 'success') return data({ ok: false, result: submission.reply() }, { status: 400 })
  const { subject, id, decision, note } = submission.value
  const ok = await decideVerification(admin.id, subject, id, decision, note)
  if (!ok) throw new Response('Not Found', { status: 404 })
  return { ok: true }
}

function DecisionForm({ subject, id }: { subject: 'org' | 'expert'; id: string }) {
  const { t } = useTranslation()
  return (
    <Form method="post" className="mt-2 flex flex-wrap items-center gap-2">
      <input type="hidden" name="subject" value={subject} />
      <input type="hidden" name="id" value={id} />
      <input
        name="note"
        maxLength={500}
        aria-label={t('fields.note')}
        placeholder={t('admin.notePlaceholder')}
        className="min-w-64 flex-1 rounded border border-slate-300 px-2 py-1 text-sm"
      />
      <button name="decision" value="verified" className="rounded bg-emerald-700 px-3 py-1 text-sm text-white">
        {t('admin.verify')}
      </button>
      <button name="decision" value="rejected" className="rounded bg-slate-200 px-3 py-1 text-sm">
        {t('admin.reject')}
      </button>
    </Form>
  )
}

export default function AdminVerificationsPage() {
  const { organizations, experts, history } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const lng = i18n.language === 'en' ? 'en' : 'vi'
  return (
    <div className="space-y-8">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('admin.title')}</h1>
      {actionData?.ok && <Notice tone="success">{t('admin.done')}</Notice>}
      <section>
        <h2 className="mb-2 text-lg font-semibold">{t('admin.organizations')}</h2>
        {organizations.length === 0 && <p className="text-slate-600">{t('admin.none')}</p>}
        <ul className="space-y-3">
          {organizations.map((org) => (
            <li key={org.id} className="rounded-lg bg-white p-4 shadow-sm" data-testid={`verify-org-${org.key}`}>
              <p className="font-medium">{i18n.language === 'vi' ? (org.nameVi ?? org.name) : org.name}</p>
              <p className="text-sm text-slate-600">
                {t(`orgKinds.${org.kind}`)} · {org.district ?? '—'} · {t(`verification.${org.verification}`)} {org.website && `· ${org.website}`}
              </p>
              {org.verificationNote && (
                <p className="mt-1 text-sm text-slate-600">
                  {t('moderation.verification.previousNote')} {org.verificationNote}
                </p>
              )}
              <DecisionForm subject="org" id={org.id} />
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">{t('admin.experts')}</h2>
        {experts.length === 0 && <p className="text-slate-600">{t('admin.none')}</p>}
        <ul className="space-y-3">
          {experts.map((expert) => (
            <li key={expert.id} className="rounded-lg bg-white p-4 shadow-sm">
              <p className="font-medium">
                {expert.name} ({expert.country})
              </p>
              <p className="text-sm text-slate-600">
                {expert.headline} · {t(`verification.${expert.verification}`)}
              </p>
              <DecisionForm subject="expert" id={expert.id} />
            </li>
          ))}
        </ul>
      </section>
      <section>
        <h2 className="mb-2 text-lg font-semibold">{t('moderation.verification.history')}</h2>
        {history.length === 0 && <p className="text-slate-600">{t('moderation.verification.noHistory')}</p>}
        {/* A table, not a list: the queue above is the list of things still to decide. */}
        {history.length > 0 && (
          <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm" data-testid="verification-history">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('moderation.verification.subject')}</th>
                <th className="px-3 py-2">{t('moderation.verification.decision')}</th>
                <th className="px-3 py-2">{t('moderation.verification.evidence')}</th>
                <th className="px-3 py-2">{t('moderation.verification.decidedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry) => (
                <tr key={entry.id} className="border-b border-slate-100 align-top">
                  <td className="px-3 py-2">
                    <span className="font-medium">
                      {entry.name ? (lng === 'vi' ? (entry.name.nameVi ?? entry.name.name) : entry.name.name) : t('moderation.verification.deleted')}
                    </span>
                    <span className="block text-xs text-slate-500">{t(entry.subject === 'org' ? 'admin.organizations' : 'admin.experts')}</span>
                  </td>
                  <td className="px-3 py-2">{t(`verification.${entry.decision}`)}</td>
                  <td className="px-3 py-2 whitespace-pre-line">{entry.note ?? <span className="text-slate-500">{t('moderation.verification.noNote')}</span>}</td>
                  <td className="px-3 py-2">
                    {entry.admin ?? '—'}
                    <span className="block text-xs text-slate-500">{formatDateTime(entry.at, lng)}</span>
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
