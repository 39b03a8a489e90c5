import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice, SubmitButton, TextField } from '~/components/forms'
import { InputField, LongTextField } from '~/components/moderation-forms'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { OrgProfileSchema } from '~/modules/accounts/profile-schemas'
import { findOrganization, updateOrgProfile } from '~/modules/accounts/profiles.server'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

// The organisation's owners edit its public profile. Members of another organisation get
// 404 (they must not learn which organisations exist behind keys); members who are not
// owners get 403.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, 'moderation.profile.orgTitle', { org: data?.org.name ?? '' })

async function ownedOrg(request: Request, key: string | undefined) {
  const org = key ? await findOrganization(key) : null
  if (!org) throw new Response('Not Found', { status: 404 })
  const user = await requirePermission(request, { org: org.id, role: 'owner' })
  return { org, user }
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { org } = await ownedOrg(request, params.key)
  return {
    org: {
      key: org.key,
      kind: org.kind,
      name: org.name,
      nameVi: org.nameVi,
      district: org.district,
      address: org.address,
      website: org.website,
      description: org.description,
      lat: org.lat,
      lng: org.lng,
    },
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { org, user } = await ownedOrg(request, params.key)
  const submission = parseWithZod(await readForm(request), { schema: OrgProfileSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  if (!(await updateOrgProfile(user.id, org.id, submission.value))) throw new Response('Forbidden', { status: 403 })
  return redirect(`/org/${org.key}/profile?saved=1`)
}

export default function OrgProfilePage() {
  const { org } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const { t, i18n } = useTranslation()
  const [form, fields] = useForm({
    id: 'org-profile',
    lastResult: actionData?.result,
    defaultValue: {
      name: org.name,
      nameVi: org.nameVi ?? '',
      district: org.district ?? '',
      address: org.address ?? '',
      website: org.website ?? '',
      description: org.description ?? '',
      lat: org.lat?.toString() ?? '',
      lng: org.lng?.toString() ?? '',
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: OrgProfileSchema }),
    constraint: requiredConstraint(OrgProfileSchema),
    shouldValidate: 'onBlur',
    shouldRevalidate: 'onInput',
  })
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className="text-2xl font-bold">
        {t('moderation.profile.orgTitle', { org: i18n.language === 'vi' ? (org.nameVi ?? org.name) : org.name })}
      </h1>
      {searchParams.get('saved') && <Notice tone="success">{t('moderation.profile.saved')}</Notice>}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg bg-white p-6 shadow-sm">
        <FormErrorSummary form={form} />
        <TextField label={t('moderation.profile.orgName')} meta={fields.name} hint={t('moderation.profile.orgNameHint')} autoComplete="organization" />
        <TextField label={t('moderation.profile.orgNameVi')} meta={fields.nameVi} />
        <TextField label={t('fields.district')} meta={fields.district} />
        <TextField label={t('moderation.profile.address')} meta={fields.address} autoComplete="street-address" />
        <InputField label={t('moderation.profile.website')} meta={fields.website} inputMode="url" hint={t('moderation.profile.websiteHint')} />
        <LongTextField label={t('moderation.profile.description')} meta={fields.description} rows={6} />
        <fieldset className="grid grid-cols-2 gap-4">
          <legend className="col-span-2 mb-1 text-sm text-slate-600">{t('moderation.profile.location')}</legend>
          <InputField label={t('moderation.profile.lat')} meta={fields.lat} inputMode="decimal" />
          <InputField label={t('moderation.profile.lng')} meta={fields.lng} inputMode="decimal" />
        </fieldset>
        <SubmitButton>{t('moderation.profile.save')}</SubmitButton>
      </Form>
    </div>
  )
}
