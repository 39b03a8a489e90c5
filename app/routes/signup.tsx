import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Card, Notice, SelectField, SubmitButton, TextField } from '~/components/forms'
import { findInvitation, signup } from '~/modules/accounts/accounts.server'
import { requireAnonymous } from '~/modules/accounts/permissions.server'
import { ACCOUNT_TYPES, SignupSchema } from '~/modules/accounts/schemas'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { clientAddress } from '~/modules/runtime/request-context.server'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export { retryAfterHeaders as headers } from '~/utils/retry-after'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.signupTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  const token = new URL(request.url).searchParams.get('invite')
  const invitation = token ? await findInvitation(token) : null
  return { invite: invitation ? { token: token!, email: invitation.email, org: invitation.org.name } : null }
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await readForm(request)
  const submission = parseWithZod(formData, { schema: SignupSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), minutes: 0 }, { status: 400 })
  }
  const result = await signup(submission.value, await getLanguage(request), clientAddress())
  if (!result.ok && result.field === 'form') {
    const reply = submission.reply({ formErrors: [result.error], hideFields: ['password'] })
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    return data({ result: reply, minutes }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } })
  }
  if (!result.ok) {
    return data({ result: submission.reply({ formErrors: [result.error], hideFields: ['password'] }), minutes: 0 }, { status: 400 })
  }
  return redirect(`/verify-email?sent=${encodeURIComponent(submission.value.email)}`)
}

export default function SignupPage() {
  const { invite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'signup',
    lastResult: actionData?.result,
    defaultValue: { email: invite?.email ?? '', invite: invite?.token ?? '' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: SignupSchema }),
    constraint: requiredConstraint(SignupSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const [accountType, setAccountType] = useState(String(fields.accountType.initialValue ?? ''))
  return (
    <Card title={t('auth.signupTitle')}>
      {invite && <Notice>{t('auth.signupInvited', { org: invite.org })}</Notice>}
      {form.errors?.map((error) => (
        <Notice key={error} tone="error">
          {error === 'security.tooManySignups'
            ? t('security.tooManySignups', { minutes: actionData && 'minutes' in actionData ? actionData.minutes : 60 })
            : t(error as 'members.inviteInvalid')}
        </Notice>
      ))}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <FormErrorSummary form={form} />
        {invite && <input type="hidden" name="invite" value={invite.token} />}
        <TextField label={t('fields.name')} meta={fields.name} autoComplete="name" />
        <TextField label={t('fields.email')} meta={fields.email} type="email" autoComplete="email" />
        <TextField label={t('fields.password')} meta={fields.password} type="password" hint={t('fields.passwordHint')} autoComplete="new-password" />
        {!invite && (
          <div onChange={(e) => setAccountType((e.target as HTMLSelectElement).value)}>
            <SelectField
              label={t('fields.accountType')}
              meta={fields.accountType}
              options={ACCOUNT_TYPES.map((type) => ({ value: type, label: t(`accountTypes.${type}`) }))}
            />
          </div>
        )}
        {!invite && (accountType === 'college' || accountType === 'business') && (
          <>
            <TextField label={t('fields.orgName')} meta={fields.orgName} autoComplete="organization" />
            <TextField label={t('fields.district')} meta={fields.district} />
          </>
        )}
        {!invite && accountType === 'expert' && (
          <>
            <TextField label={t('fields.headline')} meta={fields.headline} />
            <TextField label={t('fields.country')} meta={fields.country} autoComplete="country" />
          </>
        )}
        <SubmitButton>{t('auth.signupSubmit')}</SubmitButton>
      </Form>
      <p className="mt-6 text-sm text-slate-600">
        {t('auth.haveAccount')} <Link to="/login">{t('nav.login')}</Link>
      </p>
    </Card>
  )
}
