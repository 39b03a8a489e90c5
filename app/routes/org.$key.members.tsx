import { getFormProps } from '@conform-to/react'
import { readForm } from '~/modules/runtime/form.server'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { Notice, SelectField, SubmitButton, TextField } from '~/components/forms'
import { inviteMember } from '~/modules/accounts/accounts.server'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { findOrganization, membersOf } from '~/modules/accounts/profiles.server'
import { InviteSchema } from '~/modules/accounts/schemas'
import { formatDateTime } from '~/modules/i18n/i18n'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { FormErrorSummary } from '~/components/form-errors'
import { requiredConstraint, useForm } from '~/components/use-form'

export { retryAfterHeaders as headers } from '~/utils/retry-after'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, 'members.title', { org: data?.org.name ?? '' })

async function orgByKey(key: string | undefined) {
  const org = key ? await findOrganization(key) : null
  if (!org) throw new Response('Not Found', { status: 404 })
  return org
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const org = await orgByKey(params.key)
  const user = await requirePermission(request, { org: org.id })
  const { members, invitations } = await membersOf(org.id)
  const myRole = user.memberships.find((m) => m.org.id === org.id)?.role
  return {
    org: { key: org.key, name: org.name, nameVi: org.nameVi },
    isOwner: myRole === 'owner',
    members: members.map((m) => ({ id: m.id, role: m.role, name: m.user.name, email: m.user.email })),
    invitations: invitations.map((i) => ({ id: i.id, email: i.email, role: i.role, createdAt: i.createdAt.toISOString() })),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const org = await orgByKey(params.key)
  const user = await requirePermission(request, { org: org.id, role: 'owner' })
  const submission = parseWithZod(await readForm(request), { schema: InviteSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), invited: null, minutes: 0 }, { status: 400 })
  const result = await inviteMember(user, org, submission.value.email, submission.value.role, await getLanguage(request))
  if (!result.ok && result.error === 'security.tooManyInvites') {
    const reply = submission.reply({ formErrors: [result.error] })
    const minutes = Math.ceil(result.retryAfterSeconds / 60)
    return data({ result: reply, invited: null, minutes }, { status: 429, headers: { 'Retry-After': String(result.retryAfterSeconds) } })
  }
  if (!result.ok) return data({ result: submission.reply({ fieldErrors: { email: [result.error] } }), invited: null, minutes: 0 }, { status: 400 })
  return { result: submission.reply({ resetForm: true }), invited: submission.value.email, minutes: 0 }
}

export default function MembersPage() {
  const { org, isOwner, members, invitations } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t, i18n } = useTranslation()
  const lng = i18n.language === 'en' ? 'en' : 'vi'
  const [form, fields] = useForm({
    id: 'invite',
    lastResult: actionData?.result,
    defaultValue: { role: 'member' },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: InviteSchema }),
    constraint: requiredConstraint(InviteSchema),
    shouldValidate: 'onBlur',
  })
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold">{t('members.title', { org: lng === 'vi' ? (org.nameVi ?? org.name) : org.name })}</h1>
      <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm">
        {members.map((m) => (
          <li key={m.id} className="flex justify-between px-4 py-3">
            <span>
              {m.name} <span className="text-slate-500">({m.email})</span>
            </span>
            <span className="text-sm text-slate-600">{t(`roles.${m.role}`)}</span>
          </li>
        ))}
      </ul>
      {invitations.length > 0 && (
        <section>
          <h2 className="font-semibold">{t('members.pending')}</h2>
          <ul className="mt-2 text-sm text-slate-600">
            {invitations.map((i) => (
              <li key={i.id}>
                {i.email} · {t(`roles.${i.role}`)} · {formatDateTime(i.createdAt, lng)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {isOwner ? (
        <section className="max-w-md rounded-lg bg-white p-6 shadow-sm">
          <h2 className="mb-4 font-semibold">{t('members.invite')}</h2>
          {actionData?.invited && <Notice tone="success">{t('members.invited', { email: actionData.invited })}</Notice>}
          {form.errors?.includes('security.tooManyInvites') && (
            <Notice tone="error">{t('security.tooManyInvites', { minutes: actionData?.minutes ?? 60 })}</Notice>
          )}
          <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
            <FormErrorSummary form={form} />
            <TextField label={t('fields.email')} meta={fields.email} type="email" />
            <SelectField
              label={t('fields.role')}
              meta={fields.role}
              options={[
                { value: 'member', label: t('roles.member') },
                { value: 'owner', label: t('roles.owner') },
              ]}
            />
            <SubmitButton>{t('members.inviteSubmit')}</SubmitButton>
          </Form>
        </section>
      ) : (
        <p className="text-sm text-slate-600">{t('members.ownersOnly')}</p>
      )}
    </div>
  )
}
