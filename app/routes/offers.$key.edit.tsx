import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { ListingForm } from '~/components/listing-form'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { readListingFormData } from '~/modules/listings/images.server'
import { updateOffer } from '~/modules/listings/listings.server'
import { formContext, offerValuesOf, requireOwnedOffer, saveListingForm } from '~/modules/listings/routes.server'
import { offerFormDefaults } from '~/modules/listings/form-defaults'
import { offerFormSchema } from '~/modules/listings/form-schemas'

export const meta: MetaFunction<typeof loader> = ({ matches, data }) => pageMeta(matches, 'listings.edit.title', { title: data?.title ?? '' })

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offer, foreignExpert } = await requireOwnedOffer(request, params.key)
  const lng = await getLanguage(request)
  return {
    key: offer.key,
    kind: offer.kind,
    title: offer.title,
    open: offer.status === 'open',
    foreignExpert,
    defaults: offerFormDefaults(offer.kind, offerValuesOf(offer), lng),
    images: offer.images,
    ...(await formContext(lng)),
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, offer, owner, foreignExpert } = await requireOwnedOffer(request, params.key)
  const formData = await readListingFormData(request)
  return saveListingForm({
    type: 'offer',
    formData,
    schema: offerFormSchema(offer.kind, { mode: 'edit', open: offer.status === 'open', foreignExpert }),
    owner,
    save: (owner, form, image) => updateOffer({ actorId: user.id, owner, id: offer.id, values: form.values, image, removeImageIds: form.removeImages ?? [] }),
  })
}

export default function EditOfferPage() {
  const { key, kind, title, open, foreignExpert, defaults, images, suggestions, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useTranslation()
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-bold">{t('listings.edit.title', { title })}</h1>
      <ListingForm
        type="offer"
        kind={kind}
        mode="edit"
        orgs={[]}
        defaults={defaults}
        suggestions={suggestions}
        images={images}
        open={open}
        foreignExpert={foreignExpert}
        openCap={openCap}
        lastResult={actionData?.result}
        cancelTo={`/offers/${key}`}
      />
    </div>
  )
}
