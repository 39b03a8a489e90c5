import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AgreementPrint } from '~/components/agreements'
import { pageMeta } from '~/modules/i18n/meta'
import { agreementPage } from '~/modules/proposals/agreements.server'

// /agreements/{id}/print: the agreement to print, in the language chosen in the header.

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'agreements.printTitle')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return agreementPage(request, params.id)
}

export default function AgreementPrintRoute() {
  return <AgreementPrint page={useLoaderData<typeof loader>()} />
}
