import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ManagePanel } from '~/components/listing-actions'
import { pageMeta } from '~/modules/i18n/meta'
import { changeOfferStatus, duplicateOffer } from '~/modules/listings/listings.server'
import { applyManageForm, requireOwnedOffer } from '~/modules/listings/routes.server'
import { UNVERIFIED_OPEN_LISTING_CAP } from '~/modules/moderation/moderation.server'

// The owner's status changes of an offer (see needs.$key.manage.tsx).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'listings.manage.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { offer } = await requireOwnedOffer(request, params.key)
  return { key: offer.key, title: offer.title, status: offer.status, openCap: UNVERIFIED_OPEN_LISTING_CAP }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, offer, owner } = await requireOwnedOffer(request, params.key)
  const target = { actorId: user.id, owner, id: offer.id }
  return applyManageForm(request, 'offer', offer.key, (intent) =>
    intent === 'duplicate' ? duplicateOffer(target) : changeOfferStatus({ ...target, action: intent }),
  )
}

export default function ManageOfferPage() {
  const { key, title, status, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <ManagePanel type="offer" listingKey={key} title={title} status={status} error={actionData?.error} openCap={openCap} />
}
