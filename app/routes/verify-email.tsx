import { redirect, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, Notice } from '~/components/forms'
import { verifyEmail } from '~/modules/accounts/accounts.server'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.verifyTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url)
  const token = url.searchParams.get('token')
  if (token) {
    if (await verifyEmail(token)) throw redirect('/login?verified=1')
    return { state: 'invalid' as const, email: null }
  }
  return { state: 'sent' as const, email: url.searchParams.get('sent') }
}

export default function VerifyEmailPage() {
  const { state, email } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return (
    <Card title={state === 'sent' ? t('auth.checkEmailTitle') : t('auth.verifyTitle')}>
      {state === 'sent' ? (
        <Notice>{t('auth.checkEmailText', { email: email ?? '' })}</Notice>
      ) : (
        <Notice tone="error">{t('auth.verifyInvalid')}</Notice>
      )}
      <p className="mt-6 text-sm">
        <Link to="/login">{t('nav.login')}</Link>
      </p>
    </Card>
  )
}
