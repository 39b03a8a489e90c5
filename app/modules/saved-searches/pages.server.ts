import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from '@remix-run/node'
import { requirePermission } from '~/modules/accounts/permissions.server'
import { getLanguage } from '~/modules/i18n/i18n.server'
import { readForm } from '~/modules/runtime/form.server'
import { deleteSearch, listSavedSearches, MAX_SAVED_SEARCHES, renameSearch, saveSearch, savedSearchHref } from './saved-searches.server'
import { SavedSearchesSchema } from './schemas'

// /searches and /searches/{id}: the signed-in user's saved searches. Every loader and action
// reads and changes only the user's own; another user's search is 404.

const notFound = () => new Response('Not Found', { status: 404 })

export async function savedSearchesPage(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  return { searches: await listSavedSearches(user.id) }
}

/** Save (from the search page), rename or delete. */
export async function savedSearchesAction(request: Request) {
  const user = await requirePermission(request, { signedIn: true })
  const formData = await readForm(request)
  const submission = parseWithZod(formData, { schema: SavedSearchesSchema })
  if (submission.status !== 'success') {
    // The row whose form this was (rename), so the page shows the errors next to that one.
    const id = formData.get('id')
    return data({ result: submission.reply(), ...(typeof id === 'string' ? { id } : {}) }, { status: 400 })
  }
  const form = submission.value
  switch (form.intent) {
    case 'save': {
      const saved = await saveSearch(user.id, form, await getLanguage(request))
      if (!saved.ok) {
        return data({ result: submission.reply({ formErrors: ['savedSearches.errors.tooMany'] }), max: MAX_SAVED_SEARCHES }, { status: 409 })
      }
      return redirect('/searches?done=created')
    }
    case 'rename':
      if (!(await renameSearch(user.id, form.id, form.name))) throw notFound()
      return redirect('/searches?done=renamed')
    case 'delete':
      if (!(await deleteSearch(user.id, form.id))) throw notFound()
      return redirect('/searches?done=deleted')
  }
}

/** Opens the user's saved search on the search page (the daily email links here). */
export async function openSavedSearch(request: Request, id: string | undefined) {
  const user = await requirePermission(request, { signedIn: true })
  const href = id ? await savedSearchHref(user.id, id) : null
  if (!href) throw notFound()
  return redirect(href)
}
