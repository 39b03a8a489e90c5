import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { KindChooser } from '~/components/listing-actions'
import { ListingForm } from '~/components/listing-form'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage, getT } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readListingFormData } from '~/modules/listings/images.server'
import { createOffer, type OfferOwner } from '~/modules/listings/listings.server'
import { formContext, requireExpertProfile, requireFormOrg, requirePostingOrgs, saveListingForm } from '~/modules/listings/routes.server'
import { NEW_OFFER_DEFAULTS } from '~/modules/listings/form-defaults'
import { offerFormSchema } from '~/modules/listings/form-schemas'
import { OFFER_KINDS, isOfferKind, type OfferKind } from '~/modules/listings/vocabulary'

// Businesses offer placements, equipment and sponsorship for one of their organisations;
// experts offer their services from their own profile.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data?.kind ? pageMeta(matches, 'listings.new.offerTitle', { kind: data.kindLabel }) : pageMeta(matches, 'listings.new.chooseOfferTitle')

function kindOf(request: Request) {
  const kind = new URL(request.url).searchParams.get('kind')
  return isOfferKind(kind) ? kind : null
}

const BUSINESS_KINDS = OFFER_KINDS.filter((kind) => kind !== 'expert_service')

export async function loader({ request }: LoaderFunctionArgs) {
  const lng = await getLanguage(request)
  const kind = kindOf(request)
  const t = await getT(request)
  const context = await formContext(lng)
  const page = { kind, kindLabel: kind ? t(`browse.offerKinds.${kind}`) : '', chooser: [] as OfferKind[], orgs: [] as { key: string; name: string }[], foreignExpert: false, ...context }
  if (kind === 'expert_service') {
    const { profile, foreignExpert } = await requireExpertProfile(request)
    return { ...page, foreignExpert, defaults: { ...NEW_OFFER_DEFAULTS.expert_service, languages: profile.languages } }
  }
  if (kind) {
    const { orgs } = await requirePostingOrgs(request, 'business', lng)
    return { ...page, orgs: orgs.map(({ key, name }) => ({ key, name })), defaults: { orgKey: orgs[0]!.key, ...NEW_OFFER_DEFAULTS[kind] } }
  }
  const user = await requirePermission(request, { signedIn: true })
  const chooser = [...(user.memberships.some((m) => m.org.kind === 'business') ? BUSINESS_KINDS : []), ...(user.expertProfile ? (['expert_service'] as const) : [])]
  // Neither a business member nor an expert: refused like a college posting a business offer.
  if (chooser.length === 0) await requirePostingOrgs(request, 'business', lng)
  return { ...page, chooser, defaults: {} }
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, { signedIn: true })
  const kind = kindOf(request)
  if (!kind) throw new Response('Bad Request', { status: 400 })
  const expert = kind === 'expert_service' ? await requireExpertProfile(request) : null
  const formData = await readListingFormData(request)
  const org = expert ? null : await requireFormOrg(request, formData, 'business')
  const owner: OfferOwner | null = expert ? { expertId: expert.profile.id } : org ? { orgId: org.id } : null
  return saveListingForm({
    type: 'offer',
    formData,
    schema: offerFormSchema(kind, { mode: 'create', foreignExpert: expert?.foreignExpert ?? false }),
    owner,
    save: (owner, form, image) => createOffer({ actorId: user.id, owner, kind, values: form.values, publish: form.intent !== 'draft', image }),
  })
}

export default function NewOfferPage() {
  const { kind, chooser, orgs, defaults, suggestions, openCap, foreignExpert } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  if (!kind) return <KindChooser type="offer" kinds={chooser} />
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('listings.new.offerTitle', { kind: t(`browse.offerKinds.${kind}`) })}</h1>
      <ListingForm
        key={kind}
        type="offer"
        kind={kind}
        mode="create"
        orgs={orgs}
        defaults={defaults}
        suggestions={suggestions}
        images={[]}
        open={false}
        foreignExpert={foreignExpert}
        openCap={openCap}
        lastResult={actionData?.result}
        cancelTo="/dashboard"
      />
    </div>
  )
}
