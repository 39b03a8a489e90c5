import { parseWithZod } from '@conform-to/zod/v4'
import { readForm } from '~/modules/runtime/form.server'
import { data, redirect } from '@remix-run/node'
import { requirePermission, type CurrentUser } from '~/modules/accounts/permissions.server'
import { canReportListing, viewerFrom } from '~/modules/listings/visibility'
import { findReportTarget, reportListing } from '~/modules/moderation/reports.server'
import { ReportSchema, type ListingType } from '~/modules/moderation/schemas'

// The loader and action behind /needs/{key}/report and /offers/{key}/report. The listing's
// detail page posts its report form here; the page of this route is the form on its own
// (after signing in, or with errors when the browser ran no JavaScript).

/** Query parameter the detail page receives after a report, to confirm it. */
export const REPORTED_PARAM = 'reported'

async function reportable(type: ListingType, key: string | undefined) {
  const listing = key ? await findReportTarget(type, key) : null
  if (!listing) throw new Response('Not Found', { status: 404 })
  return listing
}

/** Owners do not report their own listings; read-only city viewers report nothing. */
function refuseUnlessReporter(user: CurrentUser, listing: { orgId: string | null; expertId: string | null }) {
  if (!canReportListing(viewerFrom(user), listing)) throw new Response('Forbidden', { status: 403 })
}

export async function reportLoader(type: ListingType, request: Request, key: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const listing = await reportable(type, key)
  refuseUnlessReporter(user, listing)
  return { listing: { type, key: listing.key, title: listing.title } }
}

export async function reportAction(type: ListingType, request: Request, key: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const listing = await reportable(type, key)
  refuseUnlessReporter(user, listing)
  const submission = parseWithZod(await readForm(request), { schema: ReportSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const result = await reportListing(user, type, listing.key, submission.value.reason)
  if (!result.ok) {
    if (result.error === 'too-many') {
      return data({ result: submission.reply({ formErrors: ['moderation.report.tooMany'] }) }, { status: 429 })
    }
    // The listing was hidden or became the user's own between the two reads.
    throw new Response(result.error === 'own-listing' ? 'Forbidden' : 'Not Found', { status: result.error === 'own-listing' ? 403 : 404 })
  }
  return redirect(`/${type}s/${listing.key}?${REPORTED_PARAM}=1`)
}
