import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import { AdminNav } from '~/components/admin-nav'
import { Notice, SubmitButton } from '~/components/forms'
import { useLanguage } from '~/components/listings'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { formatDateTime } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'
import { retryOutboxEntries, stuckOutboxEntries } from '~/modules/outbox/outbox.server'
import { readForm } from '~/modules/runtime/form.server'

// Admins see the outbox entries that stopped (dead: out of attempts; failed: refused or
// expired) and send them on their way again once the cause is fixed.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'outbox.title')

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, { platform: 'admin' })
  return { entries: await stuckOutboxEntries() }
}

const RetrySchema = z.array(z.string().min(1).max(40)).min(1).max(200)

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, { platform: 'admin' })
  const ids = RetrySchema.safeParse((await readForm(request)).getAll('id'))
  if (!ids.success) throw new Response('Bad Request', { status: 400 })
  return redirect(`/admin/outbox?retried=${await retryOutboxEntries(ids.data, admin.id)}`)
}

export default function AdminOutboxPage() {
  const { entries } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const lng = useLanguage()
  const retried = searchParams.get('retried')
  return (
    <div className="space-y-6">
      <AdminNav />
      <h1 className="text-2xl font-bold">{t('outbox.title')}</h1>
      <p className="max-w-3xl text-slate-600">{t('outbox.intro')}</p>
      {retried !== null && /^\d+$/.test(retried) && <Notice tone="success">{t('outbox.retried', { count: Number(retried) })}</Notice>}
      {entries.length === 0 ? (
        <p className="text-slate-600">{t('outbox.none')}</p>
      ) : (
        <>
          <Form method="post">
            {entries.map((entry) => (
              <input key={entry.id} type="hidden" name="id" value={entry.id} />
            ))}
            <SubmitButton>{t('outbox.retryAll')}</SubmitButton>
          </Form>
          <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th className="px-3 py-2">{t('outbox.kind')}</th>
                <th className="px-3 py-2">{t('outbox.status')}</th>
                <th className="px-3 py-2">{t('outbox.attempts')}</th>
                <th className="px-3 py-2">{t('outbox.error')}</th>
                <th className="px-3 py-2">{t('outbox.since')}</th>
                <th className="px-3 py-2">
                  <span className="sr-only">{t('outbox.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} className="border-b border-slate-100 align-top">
                  <td className="px-3 py-2 font-medium">{entry.kind}</td>
                  <td className="px-3 py-2">{t(`outbox.${entry.status}`)}</td>
                  <td className="px-3 py-2 tabular-nums">{entry.attempts}</td>
                  <td className="px-3 py-2 break-all text-slate-600">{entry.lastError}</td>
                  <td className="px-3 py-2 text-slate-600">{formatDateTime(entry.createdAt, lng)}</td>
                  <td className="px-3 py-2">
                    <Form method="post">
                      <input type="hidden" name="id" value={entry.id} />
                      <SubmitButton>{t('outbox.retry')}</SubmitButton>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  )
}
