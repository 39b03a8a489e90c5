import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { ManagePanel } from '~/components/listing-actions'
import { pageMeta } from '~/modules/i18n/meta'
import { applyManageButton, manageListingPage } from '~/modules/listings/owner-pages.server'
import { requireListingType } from '~/modules/listings/routes.server'

// /needs/{key}/manage, /offers/{key}/manage: the owner's status changes, posted by the
// listing page's and the dashboard's controls (see owner-pages.server.ts).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'listings.manage.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return manageListingPage(requireListingType(params.listings), request, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return applyManageButton(requireListingType(params.listings), request, params.key)
}

export default function ManageListingPage() {
  const { type, key, title, status, openCap } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <ManagePanel type={type} listingKey={key} title={title} status={status} error={actionData?.error} openCap={openCap} />
}
