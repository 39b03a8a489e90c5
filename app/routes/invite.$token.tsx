import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, Notice, SubmitButton } from '~/components/forms'
import { acceptInvitation, findInvitation } from '~/modules/accounts/accounts.server'
import { getCurrentUser, requirePermission } from '~/modules/accounts/permissions.server'
import { pageMeta } from '~/modules/i18n/meta'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, 'members.acceptTitle', { org: data?.invitation?.org ?? '' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const token = params.token ?? ''
  const [invitation, user] = await Promise.all([findInvitation(token), getCurrentUser(request)])
  return {
    token,
    invitation: invitation && { org: invitation.org.name, email: invitation.email, role: invitation.role },
    signedInAs: user?.email ?? null,
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  if (!(await acceptInvitation(params.token ?? '', user))) throw new Response('Not Found', { status: 404 })
  return redirect('/dashboard')
}

export default function InvitationPage() {
  const { token, invitation, signedInAs } = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  if (!invitation) {
    return (
      <Card title={t('members.inviteInvalid')}>
        <Link to="/">{t('errors.backHome')}</Link>
      </Card>
    )
  }
  const role = t(`roles.${invitation.role}`)
  return (
    <Card title={t('members.acceptTitle', { org: invitation.org })}>
      <p className="mb-4">{t('members.acceptText', { org: invitation.org, role })}</p>
      {signedInAs === invitation.email ? (
        <Form method="post">
          <SubmitButton>{t('members.acceptSubmit')}</SubmitButton>
        </Form>
      ) : signedInAs ? (
        <Notice tone="error">{t('members.acceptWrongEmail', { email: invitation.email })}</Notice>
      ) : (
        <div className="flex gap-4">
          <Link to={`/signup?invite=${encodeURIComponent(token)}`}>{t('members.acceptSignup')}</Link>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/invite/${token}`)}`}>{t('members.acceptLogin')}</Link>
        </div>
      )}
    </Card>
  )
}
