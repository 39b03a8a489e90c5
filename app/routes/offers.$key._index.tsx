import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData, useSearchParams } from '@remix-run/react'
import { ListingDetailView } from '~/components/listing-detail'
import { getCurrentUser } from '~/modules/accounts/permissions.server'
import { getOfferForViewer } from '~/modules/listings/browse.server'
import { namedPageMeta } from '~/modules/listings/meta'
import { viewerFrom } from '~/modules/listings/visibility'

// /offers/{key}: an offer's public page. Unknown keys, and listings this viewer may not see
// (drafts, waiting for review, hidden), answer the same 404.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  namedPageMeta(matches, data?.listing.title, data?.listing.description)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = viewerFrom(await getCurrentUser(request))
  const found = params.key ? await getOfferForViewer(params.key, viewer) : null
  if (!found) throw new Response('Not Found', { status: 404 })
  return found
}

export default function OfferPage() {
  const { listing, access } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  // The report route (moderation) redirects back here with ?reported=1.
  return <ListingDetailView listing={listing} access={access} reported={searchParams.get('reported') === '1'} />
}
