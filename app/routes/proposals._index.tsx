import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { InboxView } from '~/components/proposals'
import { pageMeta } from '~/modules/i18n/meta'
import { inboxPage } from '~/modules/proposals/pages.server'

// /proposals: the proposals the user's organisations and expert profile sent and received.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'proposals.inbox.title')

export async function loader({ request }: LoaderFunctionArgs) {
  return inboxPage(request)
}

export default function ProposalsPage() {
  const { received, sent } = useLoaderData<typeof loader>()
  return <InboxView received={received} sent={sent} />
}
