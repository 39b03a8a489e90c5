import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { requireMailboxReader } from '~/modules/accounts/permissions.server'
import { mailboxEmail } from '~/modules/email/mailbox.server'
import { formatDateTime } from '~/modules/i18n/i18n'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'mailbox.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireMailboxReader(request)
  const email = await mailboxEmail(params.id ?? '')
  if (!email) throw new Response('Not Found', { status: 404 })
  return { email }
}

// The plain-text part, with links made clickable (the HTML part is not rendered here so
// that nothing in an email can script this page).
function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) => (/^https?:\/\//.test(part) ? <a key={i} href={part}>{part}</a> : part))
}

export default function MailboxEmailPage() {
  const { email } = useLoaderData<typeof loader>()
  const { t, i18n } = useTranslation()
  return (
    <article className="space-y-4">
      <Link to="/dev/mailbox">{t('mailbox.back')}</Link>
      <h1 className="text-2xl font-bold">{email.subject}</h1>
      <p className="text-sm text-slate-600">
        {t('mailbox.to')}: {email.to} · {formatDateTime(email.createdAt, i18n.language === 'en' ? 'en' : 'vi')}
      </p>
      <pre className="whitespace-pre-wrap rounded-lg bg-white p-6 font-sans shadow-sm">{linkify(email.text)}</pre>
    </article>
  )
}
