import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice } from '~/components/forms'
import { requireMailboxReader } from '~/modules/accounts/permissions.server'
import { listMailbox } from '~/modules/email/mailbox.server'
import { formatDateTime } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'mailbox.title')

// Exists only while no Resend key is configured, and only for this machine and admins.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireMailboxReader(request)
  const to = new URL(request.url).searchParams.get('to')?.toLowerCase()
  return { emails: await listMailbox(to) }
}

export default function MailboxPage() {
  const { emails } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  const lng = i18n.language === 'en' ? 'en' : 'vi'
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t('mailbox.title')}</h1>
      <Notice>{t('mailbox.intro')}</Notice>
      {emails.length === 0 ? (
        <p className="text-slate-600">{t('mailbox.empty')}</p>
      ) : (
        <table className="w-full rounded-lg bg-white text-left text-sm shadow-sm">
          <thead>
            <tr className="border-b">
              <th className="p-3">{t('mailbox.to')}</th>
              <th className="p-3">{t('mailbox.subject')}</th>
              <th className="p-3">{t('mailbox.sentAt')}</th>
            </tr>
          </thead>
          <tbody>
            {emails.map((email) => (
              <tr key={email.id} className="border-b last:border-0">
                <td className="p-3">{email.to}</td>
                <td className="p-3">
                  <Link to={email.id}>{email.subject}</Link>
                </td>
                <td className="p-3">{formatDateTime(email.createdAt, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
