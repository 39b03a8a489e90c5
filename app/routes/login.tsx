import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, Notice, SubmitButton, TextField } from '~/components/forms'
import { login, resendVerification } from '~/modules/accounts/accounts.server'
import { requireAnonymous } from '~/modules/accounts/permissions.server'
import { EmailOnlySchema, LoginSchema } from '~/modules/accounts/schemas'
import { createSession } from '~/modules/accounts/session.server'
import { clientAddress } from '~/modules/runtime/request-context.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { safeRedirect } from '~/utils/redirect'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export { retryAfterHeaders as headers } from '~/utils/retry-after'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.loginTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const formData = await readForm(request)
  if (formData.get('intent') === 'resend') {
    const submission = parseWithZod(formData, { schema: EmailOnlySchema })
    if (submission.status !== 'success') return data({ result: submission.reply(), resent: false, minutes: 0 }, { status: 400 })
    await resendVerification(submission.value.email, await getLanguage(request))
    return data({ result: submission.reply(), resent: true, minutes: 0 })
  }
  const submission = parseWithZod(formData, { schema: LoginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }), resent: false, minutes: 0 }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const result = await login(email, password, clientAddress())
  if (!result.ok) {
    const limited = result.error === 'auth.tooManyAttempts' ? result.retryAfterSeconds : 0
    return data(
      { result: submission.reply({ formErrors: [result.error], hideFields: ['password'] }), resent: false, minutes: Math.ceil(limited / 60) },
      limited ? { status: 429, headers: { 'Retry-After': String(limited) } } : { status: 400 },
    )
  }
  return redirect(safeRedirect(redirectTo), { headers: { 'Set-Cookie': await createSession(result.userId, request) } })
}

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.resent ? undefined : actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: LoginSchema }),
    constraint: requiredConstraint(LoginSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  const formError = form.errors?.[0]
  return (
    <Card title={t('auth.loginTitle')}>
      {searchParams.get('verified') && <Notice tone="success">{t('auth.verified')}</Notice>}
      {searchParams.get('reset') && <Notice tone="success">{t('auth.resetDone')}</Notice>}
      {actionData?.resent && <Notice>{t('auth.verificationResent')}</Notice>}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <FormErrorSummary form={form} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <TextField label={t('fields.email')} meta={fields.email} type="email" autoComplete="email" />
        <TextField label={t('fields.password')} meta={fields.password} type="password" autoComplete="current-password" />
        {formError && (
          <Notice tone="error">
            {formError === 'auth.tooManyAttempts'
              ? t('auth.tooManyAttempts', { minutes: actionData?.minutes ?? 15 })
              : t(formError as 'auth.loginFailed')}
          </Notice>
        )}
        {formError === 'auth.unverified' && (
          <button type="submit" name="intent" value="resend" formNoValidate className="text-sm text-brand-700 underline">
            {t('auth.resendVerification')}
          </button>
        )}
        <div className="flex items-center justify-between">
          <SubmitButton>{t('auth.loginSubmit')}</SubmitButton>
          <Link to="/forgot-password" className="text-sm">
            {t('auth.forgotLink')}
          </Link>
        </div>
      </Form>
      <p className="mt-6 text-sm text-slate-600">
        {t('auth.noAccount')} <Link to="/signup">{t('nav.signup')}</Link>
      </p>
    </Card>
  )
}
