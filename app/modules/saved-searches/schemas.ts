import { z } from 'zod'

// The saved-search forms (the search page's "Save this search", and /searches), shared by
// client and server through Conform. Messages are translation keys.

import { SAVED_NAME_MAX, SAVED_QUERY_MAX } from './limits'

export { SAVED_NAME_MAX, SAVED_QUERY_MAX }

const id = z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid')
const name = z.string().trim().max(SAVED_NAME_MAX, 'savedSearches.errors.nameTooLong')

export const SavedSearchesSchema = z.discriminatedUnion(
  'intent',
  [
    // The name may be left empty: the search's words (or "All listings") name it.
    z.object({ intent: z.literal('save'), name: name.optional(), query: z.string().max(SAVED_QUERY_MAX, 'savedSearches.errors.queryTooLong').optional() }),
    z.object({ intent: z.literal('rename'), id, name: z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(SAVED_NAME_MAX, 'savedSearches.errors.nameTooLong') }),
    z.object({ intent: z.literal('delete'), id }),
  ],
  { error: 'validation.invalid' },
)
export type SavedSearchesForm = z.infer<typeof SavedSearchesSchema>
