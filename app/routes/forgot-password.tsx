import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Card, Notice, SubmitButton, TextField } from '~/components/forms'
import { requestPasswordReset } from '~/modules/accounts/accounts.server'
import { requireAnonymous } from '~/modules/accounts/permissions.server'
import { EmailOnlySchema } from '~/modules/accounts/schemas'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'auth.forgotTitle')

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request)
  const submission = parseWithZod(await readForm(request), { schema: EmailOnlySchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  // The same answer whether or not the account exists, so the form does not reveal accounts.
  await requestPasswordReset(submission.value.email, await getLanguage(request))
  return { result: submission.reply({ resetForm: true }), sent: true }
}

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'forgot-password',
    lastResult: actionData?.result,
    onValidate: ({ formData }) => parseWithZod(formData, { schema: EmailOnlySchema }),
    constraint: requiredConstraint(EmailOnlySchema),
    shouldValidate: 'onBlur',
  })
  return (
    <Card title={t('auth.forgotTitle')}>
      {actionData?.sent ? <Notice tone="success">{t('auth.forgotSent')}</Notice> : <p className="text-slate-600">{t('auth.forgotText')}</p>}
      <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
        <FormErrorSummary form={form} />
        <TextField label={t('fields.email')} meta={fields.email} type="email" autoComplete="email" />
        <SubmitButton>{t('auth.forgotSubmit')}</SubmitButton>
      </Form>
    </Card>
  )
}
