import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, Notice, SubmitButton, TextField } from '~/components/forms'
import { isResetTokenValid, resetPassword } from '~/modules/accounts/accounts.server'
import { ResetPasswordSchema } from '~/modules/accounts/schemas'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.resetTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get('token') ?? ''
  return { token, valid: token ? await isResetTokenValid(token) : false }
}

export async function action({ request }: ActionFunctionArgs) {
  const submission = parseWithZod(await readForm(request), { schema: ResetPasswordSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  }
  const result = await resetPassword(submission.value.token, submission.value.password)
  if (!result.ok) {
    const errors = 'field' in result ? { fieldErrors: { password: [result.error] } } : { formErrors: [result.error] }
    return data({ result: submission.reply({ ...errors, hideFields: ['password', 'confirmPassword'] }) }, { status: 400 })
  }
  return redirect('/login?reset=1')
}

export default function ResetPasswordPage() {
  const { token, valid } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'reset-password',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ResetPasswordSchema }),
    constraint: requiredConstraint(ResetPasswordSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  if (!valid || form.errors?.includes('auth.resetInvalid')) {
    return (
      <Card title={t('auth.resetTitle')}>
        <Notice tone="error">{t('auth.resetInvalid')}</Notice>
        <p className="mt-6 text-sm">
          <Link to="/forgot-password">{t('auth.forgotLink')}</Link>
        </p>
      </Card>
    )
  }
  return (
    <Card title={t('auth.resetTitle')}>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <FormErrorSummary form={form} />
        <input type="hidden" name="token" value={token} />
        <TextField label={t('fields.newPassword')} meta={fields.password} type="password" hint={t('fields.passwordHint')} autoComplete="new-password" />
        <TextField label={t('fields.confirmPassword')} meta={fields.confirmPassword} type="password" autoComplete="new-password" />
        <SubmitButton>{t('auth.resetSubmit')}</SubmitButton>
      </Form>
    </Card>
  )
}
