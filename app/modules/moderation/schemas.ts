import { z } from 'zod'

// Form schemas of the moderation area, shared by client and server through Conform.
// Messages are translation keys.

export const LISTING_TYPES = ['need', 'offer'] as const
export type ListingType = (typeof LISTING_TYPES)[number]

export const REASON_MIN = 5
export const REASON_MAX = 1000

/** Why a listing is reported or hidden: the owner and the admins read it, so a few words at least. */
const reason = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required', abort: true })
  .min(REASON_MIN, 'moderation.validation.reasonTooShort')
  .max(REASON_MAX, 'moderation.validation.reasonTooLong')

const recordId = z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid')
const listingType = z.enum(LISTING_TYPES, { error: 'validation.invalid' })

export const ReportSchema = z.object({ reason })

/**
 * The admin moderation page's forms, told apart by their `intent`. No field is named `id`:
 * an input of that name would shadow the form element's own id, which Conform relies on.
 */
export const ModerationActionSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('hide'), type: listingType, listingId: recordId, reason }),
    z.object({ intent: z.literal('unhide'), type: listingType, listingId: recordId }),
    z.object({ intent: z.literal('approve'), type: listingType, listingId: recordId }),
    z.object({ intent: z.literal('dismiss'), reportId: recordId }),
    z.object({ intent: z.literal('dismiss-message'), messageId: recordId }),
    z.object({ intent: z.literal('remove-message'), messageId: recordId }),
  ],
  { error: 'validation.invalid' },
)

export type ModerationAction = z.infer<typeof ModerationActionSchema>
