import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { KindChooser } from '~/components/listing-actions'
import { ListingForm } from '~/components/listing-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage, getT } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readListingFormData } from '~/modules/listings/images.server'
import { createNeed } from '~/modules/listings/listings.server'
import { formContext, requireFormOrg, requirePostingOrgs, saveListingForm } from '~/modules/listings/routes.server'
import { NEW_NEED_DEFAULTS } from '~/modules/listings/form-defaults'
import { needFormSchema } from '~/modules/listings/form-schemas'
import { NEED_KINDS, isNeedKind } from '~/modules/listings/vocabulary'

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
  return saveListingForm({
    type: 'need',
    formData,
    schema: needFormSchema(kind, { mode: 'create' }),
    owner: org && { orgId: org.id },
    save: (owner, form, image) => createNeed({ actorId: user.id, owner, kind, values: form.values, publish: form.intent !== 'draft', image }),
  })
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
