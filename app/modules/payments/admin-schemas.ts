import { z } from 'zod'

// The forms of the admin payments page (/admin/payments), told apart by `intent`; shared by
// the page (Conform, in the browser) and the action. Messages are translation keys.

/** A statement export is a few hundred kilobytes at most. */
export const MAX_STATEMENT_BYTES = 2 * 1024 * 1024
export const STATEMENT_FIELD = 'statement'
export const REFUND_REASON_MIN = 5
export const REFUND_REASON_MAX = 500

const recordId = z.string({ error: 'validation.required' }).min(1, 'validation.required').max(64, 'validation.invalid')

const statement = z
  .file({ error: 'paymentsAdmin.errors.statementRequired' })
  .min(1, 'paymentsAdmin.errors.statementRequired')
  .max(MAX_STATEMENT_BYTES, 'paymentsAdmin.errors.statementTooLarge')

/** A payment reference as typed by an admin: "CN" and 8 characters, spaces and dashes allowed. */
const reference = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required', abort: true })
  .regex(/^C[\s_.-]*N(?:[\s_.-]*[A-HJ-NP-Z2-9]){8}$/i, 'paymentsAdmin.errors.referenceFormat')

const reason = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, { error: 'validation.required', abort: true })
  .min(REFUND_REASON_MIN, 'paymentsAdmin.errors.reasonTooShort')
  .max(REFUND_REASON_MAX, 'paymentsAdmin.errors.reasonTooLong')

export const PaymentsAdminSchema = z.discriminatedUnion(
  'intent',
  [
    z.object({ intent: z.literal('received'), paymentId: recordId }),
    z.object({ intent: z.literal('upload'), [STATEMENT_FIELD]: statement }),
    z.object({ intent: z.literal('assign'), lineId: recordId, reference }),
    z.object({ intent: z.literal('ignore'), lineId: recordId }),
    z.object({ intent: z.literal('refund'), paymentId: recordId, reason }),
    z.object({ intent: z.literal('payout'), paymentId: recordId }),
  ],
  { error: 'validation.invalid' },
)

export type PaymentsAdminAction = z.infer<typeof PaymentsAdminSchema>
