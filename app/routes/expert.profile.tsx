import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice, SubmitButton, TextField } from '~/components/forms'
import { InputField, LongTextField } from '~/components/moderation-forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { ExpertProfileSchema } from '~/modules/accounts/profile-schemas'
import { expertProfileOf, updateExpertProfile } from '~/modules/accounts/profiles.server'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

// An expert edits their own profile; a signed-in user without one gets 404.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.profile.expertTitle')

async function ownProfile(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  if (!user.expertProfile) throw new Response('Not Found', { status: 404 })
  await requirePermission(request, { expert: user.expertProfile.id })
  return user
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await ownProfile(request)
  return { profile: await expertProfileOf(user.id) }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await ownProfile(request)
  const submission = parseWithZod(await readForm(request), { schema: ExpertProfileSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (!(await updateExpertProfile(user.id, submission.value))) throw new Response('Not Found', { status: 404 })
  return redirect('/expert/profile?saved=1')
}

export default function ExpertProfilePage() {
  const { profile } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t } = useTranslation()
  const [form, fields] = useForm({
    id: 'expert-profile',
    lastResult: actionData?.result,
    defaultValue: {
      name: profile.name,
      headline: profile.headline,
      bio: profile.bio,
      country: profile.country,
      languages: profile.languages.join(', '),
      credentials: profile.credentials,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ExpertProfileSchema }),
    constraint: requiredConstraint(ExpertProfileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">{t('moderation.profile.expertTitle')}</h1>
      <p className="text-sm text-slate-600">{t(`verification.${profile.verification}`)}</p>
      {searchParams.get('saved') && <Notice tone="success">{t('moderation.profile.saved')}</Notice>}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
        <FormErrorSummary form={form} />
        <TextField label={t('fields.name')} meta={fields.name} autoComplete="name" />
        <TextField label={t('fields.headline')} meta={fields.headline} />
        <LongTextField label={t('moderation.profile.bio')} meta={fields.bio} rows={6} />
        <TextField label={t('fields.country')} meta={fields.country} autoComplete="country" />
        <InputField label={t('moderation.profile.languages')} meta={fields.languages} hint={t('moderation.profile.languagesHint')} />
        <LongTextField label={t('moderation.profile.credentials')} meta={fields.credentials} hint={t('moderation.profile.credentialsHint')} rows={5} />
        <SubmitButton>{t('moderation.profile.save')}</SubmitButton>
      </Form>
    </div>
  )
}
