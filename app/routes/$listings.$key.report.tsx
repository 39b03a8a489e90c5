import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { ReportListingPage } from '~/components/moderation-forms'
import { pageMeta } from '~/modules/i18n/meta'
import { reportAction, reportLoader } from '~/modules/listings/report-route.server'
import { requireListingType } from '~/modules/listings/routes.server'

// POST /needs/{key}/report, /offers/{key}/report: a signed-in visitor reports a listing (see report-route.server.ts).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.report.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return reportLoader(requireListingType(params.listings), request, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return reportAction(requireListingType(params.listings), request, params.key)
}

export default ReportListingPage
