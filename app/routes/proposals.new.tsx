import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { NewProposalView } from '~/components/proposals'
import { pageMeta } from '~/modules/i18n/meta'
import { newProposalAction, newProposalPage } from '~/modules/proposals/pages.server'

// /proposals/new?offer=KEY (from one of the user's needs), ?need=KEY (from one of their
// offers), or both (from a match on the user's own listing).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'proposals.new.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return newProposalPage(request)
}

export async function action({ request }: ActionFunctionArgs) {
  return newProposalAction(request)
}

export default function NewProposalPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return <NewProposalView page={page} lastResult={actionData?.result} message={actionData?.message ?? null} />
}
