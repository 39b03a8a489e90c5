import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SearchPage } from '~/components/search-page'
import { pageMeta } from '~/modules/i18n/meta'
import { loadSearchPage } from '~/modules/search/search.server'
import { withOccupationNames } from '~/modules/taxonomy/display-names.server'
import { getLanguage } from '~/modules/i18n/i18n.server'

// /search: anyone searches open needs and offers (Meilisearch, with facets, orders and
// pages; a plain database listing while search is unavailable). The URL is the search.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'search.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return withOccupationNames(await loadSearchPage(request), await getLanguage(request))
}

export default function SearchRoute() {
  const data = useLoaderData<typeof loader>()
  return <SearchPage data={data} />
}
