import { z } from 'zod'
import { dateField, moneyField, optionalText, positiveInt, rateUnit, str } from '~/modules/listings/form-fields'

// The proposal forms, shared by client and server through Conform. Messages are translation keys.

export const COVER_NOTE_MAX = 2000
export const MESSAGE_MAX = 5000
export const DECLINE_REASON_MAX = 500

const listingKey = z.string({ error: 'validation.choose' }).trim().min(1, 'validation.choose').max(120, 'validation.invalid')
const optionalDate = dateField.optional()

export const proposedRate = moneyField('rate', 'rateCurrency')

/** Proposing a pairing: from the user's need to an offer, or from their offer to a need. */
export const ProposeSchema = z
  .object({
    needKey: listingKey,
    offerKey: listingKey,
    quantity: positiveInt.optional(),
    message: optionalText(COVER_NOTE_MAX),
    startDate: optionalDate,
    endDate: optionalDate,
    ...proposedRate.fields,
    ratePer: rateUnit.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.startDate && value.endDate && value.endDate < value.startDate) {
      ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'listings.validation.endBeforeStart' })
    }
    if (proposedRate.check(ctx, value) && !str(value.ratePer)) ctx.addIssue({ code: 'custom', path: ['ratePer'], message: 'validation.choose' })
  })
export type ProposeForm = z.infer<typeof ProposeSchema>

const body = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(MESSAGE_MAX, 'validation.tooLong')

/** The proposal page's forms, told apart by their `intent`. */
export const ProposalPageSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('accept') }),
    z.object({ intent: z.literal('decline'), reason: optionalText(DECLINE_REASON_MAX) }),
    z.object({ intent: z.literal('withdraw') }),
    z.object({ intent: z.literal('reply'), body, clientKey: z.string().max(64, 'validation.invalid').optional() }),
    z.object({ intent: z.literal('block') }),
    z.object({ intent: z.literal('unblock') }),
    z.object({
      intent: z.literal('report'),
      messageId: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid'),
      reason: z.string({ error: 'validation.required' }).trim().min(5, 'moderation.validation.reasonTooShort').max(1000, 'moderation.validation.reasonTooLong'),
    }),
  ],
  { error: 'validation.invalid' },
)
export type ProposalPageAction = z.infer<typeof ProposalPageSchema>

export const REVIEW_MAX = 2000

/** A party's review of the other after completion. */
export const ReviewSchema = z.object({
  intent: z.literal('review'),
  rating: z
    .number({ error: 'agreements.validation.rating' })
    .int('agreements.validation.rating')
    .min(1, 'agreements.validation.rating')
    .max(5, 'agreements.validation.rating'),
  body: optionalText(REVIEW_MAX),
})

/** The agreement page's forms besides the terms (agreement-terms.ts), told apart by `intent`. */
export const AgreementPageSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('sign'), version: z.string({ error: 'validation.invalid' }).max(40, 'validation.invalid') }),
    z.object({ intent: z.literal('complete') }),
    ReviewSchema,
  ],
  { error: 'validation.invalid' },
)
