import { z } from 'zod'
import { passwordProblem } from './password-policy'

// Form schemas shared by client and server (through Conform). Messages are translation
// keys; the form renders them with t().

const email = z
  .string({ error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .max(254, 'validation.email')
  .pipe(z.email('validation.email'))
  .transform((value) => value.toLowerCase())

const newPassword = z
  .string({ error: 'validation.required' })
  .min(10, 'validation.passwordTooShort')
  .max(200, 'validation.passwordTooLong')
  // Common and trivial passwords (the email itself is checked where the form knows it).
  .superRefine((value, ctx) => {
    const problem = value.length >= 10 && value.length <= 200 ? passwordProblem(value) : null
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })

const text = (max: number) =>
  z.string({ error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

export const LoginSchema = z.object({
  email,
  password: z.string({ error: 'validation.required' }).min(1, 'validation.required').max(200, 'validation.passwordTooLong'),
  redirectTo: z.string().optional(),
})

export const ACCOUNT_TYPES = ['college', 'business', 'expert'] as const

export const SignupSchema = z
  .object({
    name: text(120),
    email,
    password: newPassword,
    // With an invitation the account joins that organisation instead of creating one.
    invite: z.string().optional(),
    accountType: z.enum(ACCOUNT_TYPES, { error: 'validation.choose' }).optional(),
    orgName: z.string().trim().max(200, 'validation.tooLong').optional(),
    district: z.string().trim().max(80, 'validation.tooLong').optional(),
    headline: z.string().trim().max(200, 'validation.tooLong').optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, 'validation.country')
      .optional(),
  })
  .superRefine(
    (value, ctx) => {
      if (typeof value.password === 'string' && typeof value.email === 'string' && passwordProblem(value.password, value.email) === 'security.passwordIsEmail') {
        ctx.addIssue({ code: 'custom', path: ['password'], message: 'security.passwordIsEmail' })
      }
      if (value.invite) return
      if (!value.accountType) {
        ctx.addIssue({ code: 'custom', path: ['accountType'], message: 'validation.choose' })
        return
      }
      // An unknown type has its own error already.
      if (!ACCOUNT_TYPES.includes(value.accountType)) return
      if (value.accountType === 'expert') {
        if (!value.headline) ctx.addIssue({ code: 'custom', path: ['headline'], message: 'validation.required' })
        if (!value.country) ctx.addIssue({ code: 'custom', path: ['country'], message: 'validation.required' })
      } else if (!value.orgName) {
        ctx.addIssue({ code: 'custom', path: ['orgName'], message: 'validation.required' })
      }
    },
    // Also while other fields have errors, so one submit shows every missing field.
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  )

export const EmailOnlySchema = z.object({ email })

export const ResetPasswordSchema = z
  .object({ token: z.string({ error: 'auth.resetInvalid' }).min(1, 'auth.resetInvalid'), password: newPassword, confirmPassword: z.string({ error: 'validation.required' }) })
  .refine((v) => v.password === v.confirmPassword, { path: ['confirmPassword'], message: 'validation.passwordsDiffer' })

export const InviteSchema = z.object({ email, role: z.enum(['owner', 'member'], { error: 'validation.choose' }) })

export const VerificationDecisionSchema = z.object({
  subject: z.enum(['org', 'expert'], { error: 'validation.choose' }),
  id: z.string({ error: 'validation.required' }).min(1, 'validation.required'),
  decision: z.enum(['verified', 'rejected'], { error: 'validation.choose' }),
  note: z.string().trim().max(500, 'validation.tooLong').optional(),
})
