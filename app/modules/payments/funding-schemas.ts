import { z } from 'zod'
import { moneyField } from '~/modules/listings/form-fields'

// The sponsor form, shared by the page and the server through Conform. Messages are translation keys.

export const PAYMENT_METHODS = ['bank_transfer', 'stripe_checkout'] as const
export const IF_UNFUNDED = ['refund', 'reassign'] as const

export const contribution = moneyField('amount', 'currency')

export const SponsorSchema = z
  .object({
    ...contribution.fields,
    method: z.enum(PAYMENT_METHODS, { error: 'validation.choose' }),
    /** the sponsoring business, when the member acts for several */
    orgKey: z.string().trim().max(64, 'validation.invalid').optional(),
    ifUnfunded: z.enum(IF_UNFUNDED, { error: 'validation.choose' }).default('refund'),
  })
  .superRefine((value, ctx) => {
    contribution.check(ctx, value, true)
    if (value.method === 'bank_transfer' && value.currency && value.currency !== 'VND') {
      ctx.addIssue({ code: 'custom', path: ['method'], message: 'payments.validation.bankTransferVnd' })
    }
  })
export type SponsorForm = z.infer<typeof SponsorSchema>

/** Paying an expert contract: only the rail to choose (the amount is the agreement's). */
export const PayContractSchema = z.object({ method: z.enum(PAYMENT_METHODS, { error: 'validation.choose' }) })

/** Moving a consented contribution of an unfunded need to another need of the same college. */
export const MoveContributionSchema = z.object({
  paymentId: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid'),
  target: z.string({ error: 'validation.choose' }).trim().min(1, 'validation.choose').max(120, 'validation.invalid'),
})
