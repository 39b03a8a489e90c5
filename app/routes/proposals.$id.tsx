import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useActionData, useLoaderData, useSearchParams } from '@remix-run/react'
import { ProposalView } from '~/components/proposals'
import { pageMeta } from '~/modules/i18n/meta'
import { proposalAction, proposalPage } from '~/modules/proposals/pages.server'

// /proposals/{id}: a proposal, its answers and its thread, for its two parties (admins read).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'proposals.page.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return proposalPage(request, params.id)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return proposalAction(request, params.id)
}

export default function ProposalPage() {
  const page = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  return <ProposalView page={page} lastResult={actionData?.result} message={actionData?.message ?? null} done={searchParams.get('done') ?? (searchParams.get('sent') ? 'sent' : null)} />
}
