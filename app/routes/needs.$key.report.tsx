import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node'
import { ReportListingPage } from '~/components/moderation-forms'
import { pageMeta } from '~/modules/i18n/meta'
import { reportAction, reportLoader } from '~/modules/listings/report-route.server'

// POST /needs/{key}/report: a signed-in visitor reports a need (see report-route.server.ts).

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, 'moderation.report.title')

export async function loader({ request, params }: LoaderFunctionArgs) {
  return reportLoader('need', request, params.key)
}

export async function action({ request, params }: ActionFunctionArgs) {
  return reportAction('need', request, params.key)
}

export default ReportListingPage
