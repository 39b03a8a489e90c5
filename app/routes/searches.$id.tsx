import type { LoaderFunctionArgs } from '@remix-run/node'
import { openSavedSearch } from '~/modules/saved-searches/pages.server'

// /searches/{id}: one of the user's saved searches, opened on the search page (404 for anyone else's).

export async function loader({ request, params }: LoaderFunctionArgs) {
  return openSavedSearch(request, params.id)
}
