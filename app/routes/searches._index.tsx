import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { SavedSearchList } from '~/components/saved-searches'
import { pageMeta } from '~/modules/i18n/meta'
import { savedSearchesAction, savedSearchesPage } from '~/modules/saved-searches/pages.server'

// /searches: the signed-in user's saved searches (open, rename, delete); the search page saves here.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'savedSearches.page.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return savedSearchesPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  return savedSearchesAction(request)
}

export default function SavedSearchesPage() {
  const { searches } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return <SavedSearchList searches={searches} done={searchParams.get('done')} actionData={actionData} />
}
