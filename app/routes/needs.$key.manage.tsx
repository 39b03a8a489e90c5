import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ManagePanel } from '~/components/listing-actions'
import { pageMeta } from '~/modules/i18n/meta'
import { changeNeedStatus, duplicateNeed } from '~/modules/listings/listings.server'
import { applyManageForm, requireOwnedNeed } from '~/modules/listings/routes.server'
import { UNVERIFIED_OPEN_LISTING_CAP } from '~/modules/moderation/moderation.server'

// The owner's status changes, posted by the listing page's and the dashboard's controls:
// publish (draft → open), close, reopen, fill, duplicate. Success goes back where the
// button was; a refusal (e.g. the open-listing cap) is shown here with the controls.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'listings.manage.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { need } = await requireOwnedNeed(request, params.key)
  return { key: need.key, title: need.title, status: need.status, openCap: UNVERIFIED_OPEN_LISTING_CAP }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, need, owner } = await requireOwnedNeed(request, params.key)
  const target = { actorId: user.id, owner, id: need.id }
  return applyManageForm(request, 'need', need.key, (intent) =>
    intent === 'duplicate' ? duplicateNeed(target) : changeNeedStatus({ ...target, action: intent }),
  )
}

export default function ManageNeedPage() {
  const { key, title, status, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <ManagePanel type="need" listingKey={key} title={title} status={status} error={actionData?.error} openCap={openCap} />
}
