import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { useTranslation } from 'react-i18next'
import { BrowsePage } from '~/components/browse'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { pageMeta } from '~/modules/i18n/meta'
import { loadBrowsePage } from '~/modules/listings/browse.server'
import { requireListingType } from '~/modules/listings/routes.server'
import { ErrorBoundary as RootErrorBoundary } from '~/root'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'

// /needs: anyone browses colleges' open needs; /offers: open offers of businesses and experts;
// filtered by kind, occupation, district, language. Any other one-segment URL that no other
// route claims lands here and answers the localised 404, as the catch-all route ($.tsx) would.

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, data ? `browse.${data.type}s.title` : 'errors.notFoundTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const lng = await getLanguage(request)
  return withOccupationNames(await loadBrowsePage(requireListingType(params.listings), new URL(request.url).searchParams, lng), lng)
}

export default function BrowseListingsPage() {
  const data = useLoaderData<typeof loader>()
  const { t } = useTranslation()
  return <BrowsePage data={data} title={t(`browse.${data.type}s.title`)} lead={t(`browse.${data.type}s.lead`)} />
}

export const ErrorBoundary = RootErrorBoundary
