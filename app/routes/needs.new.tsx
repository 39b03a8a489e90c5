import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { KindChooser } from '~/components/listing-actions'
import { ListingForm } from '~/components/listing-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage, getT } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readListingFormData } from '~/modules/listings/images.server'
import { createNeed } from '~/modules/listings/listings.server'
import { formContext, invalid, parseSubmission, refusalErrors, requireFormOrg, requirePostingOrgs, uploadedImage } from '~/modules/listings/routes.server'
import { NEED_KINDS, NEW_NEED_DEFAULTS, isNeedKind, needFormSchema } from '~/modules/listings/schemas'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data?.kind ? pageMeta(matches, 'listings.new.needTitle', { kind: data.kindLabel }) : pageMeta(matches, 'listings.new.chooseNeedTitle')

function kindOf(request: Request) {
  const kind = new URL(request.url).searchParams.get('kind')
  return isNeedKind(kind) ? kind : null
}

export async function loader({ request }: LoaderFunctionArgs) {
  const lng = await getLanguage(request)
  const { orgs } = await requirePostingOrgs(request, 'college', lng)
  const kind = kindOf(request)
  const t = await getT(request)
  return {
    kind,
    kindLabel: kind ? t(`browse.needKinds.${kind}`) : '',
    orgs: orgs.map(({ key, name }) => ({ key, name })),
    defaults: kind ? { orgKey: orgs[0]!.key, ...NEW_NEED_DEFAULTS[kind] } : {},
    ...(await formContext(lng)),
  }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const kind = kindOf(request)
  if (!kind) throw new Response('Bad Request', { status: 400 })
  const formData = await readListingFormData(request)
  const org = await requireFormOrg(request, formData, 'college')
  const submission = parseSubmission(formData, needFormSchema(kind, { mode: 'create' }))
  const hideFields = ['image']
  if (submission.status !== 'success') return invalid(submission.reply({ hideFields }), submission.status === 'error' ? 400 : 200)
  if (!org) return invalid(submission.reply({ fieldErrors: { orgKey: ['validation.choose'] }, hideFields }))
  const image = await uploadedImage(submission.value)
  if (image === null) return invalid(submission.reply({ fieldErrors: { image: ['listings.validation.imageType'] }, hideFields }))
  const result = await createNeed({
    actorId: user.id,
    owner: { orgId: org.id },
    kind,
    values: submission.value.values,
    publish: submission.value.intent !== 'draft',
    image: image ?? null,
  })
  if (!result.ok) return invalid(submission.reply({ ...refusalErrors(result), hideFields }))
  return redirect(`/needs/${result.key}`)
}

export default function NewNeedPage() {
  const { kind, orgs, defaults, suggestions, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  if (!kind) return <KindChooser type="need" kinds={NEED_KINDS} />
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('listings.new.needTitle', { kind: t(`browse.needKinds.${kind}`) })}</h1>
      <ListingForm
        key={kind}
        type="need"
        kind={kind}
        mode="create"
        orgs={orgs}
        defaults={defaults}
        suggestions={suggestions}
        images={[]}
        open={false}
        foreignExpert={false}
        openCap={openCap}
        lastResult={actionData?.result}
        cancelTo="/dashboard"
      />
    </div>
  )
}
