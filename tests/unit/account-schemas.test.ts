import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { vi as viLocale } from '~/locales/vi'
import {
  EmailOnlySchema,
  InviteSchema,
  LoginSchema,
  ResetPasswordSchema,
  SignupSchema,
  VerificationDecisionSchema,
} from '~/modules/accounts/schemas'
import { formErrorsOf } from '../support/forms'

/** Field errors keyed by dotted path ('' for the form), from a direct Zod parse. */
function errorsOf(schema: z.ZodType, input: unknown): Record<string, string[]> {
  const result = schema.safeParse(input)
  if (result.success) return {}
  const errors: Record<string, string[]> = {}
  for (const issue of result.error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message)
  return errors
}


function hasKey(key: string): boolean {
  let node: unknown = viLocale
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object' || !(part in node)) return false
    node = (node as Record<string, unknown>)[part]
  }
  return typeof node === 'string'
}

const validCollege = {
  name: 'Nguyễn Văn An',
  email: 'An@Example.VN',
  password: 'mat-khau-dai-du',
  accountType: 'college',
  orgName: 'Trường Cao đẳng Điện',
  district: 'Đống Đa',
}

const validExpert = {
  name: 'Anna Schmidt',
  email: 'anna@example.de',
  password: 'a long password',
  accountType: 'expert',
  headline: 'CNC trainer',
  country: 'de',
}

describe('SignupSchema', () => {
  it('accepts a college, lower-casing and trimming the email', () => {
    const result = SignupSchema.safeParse({ ...validCollege, email: '  An@Example.VN ' })
    expect(result.success).toBe(true)
    expect(result.data?.email).toBe('an@example.vn')
    expect(result.data?.accountType).toBe('college')
    expect(result.data?.orgName).toBe('Trường Cao đẳng Điện')
  })

  it('accepts an expert and upper-cases the country code', () => {
    const result = SignupSchema.safeParse(validExpert)
    expect(result.success).toBe(true)
    expect(result.data?.country).toBe('DE')
  })

  it('reports each missing field at its own path, the account type’s too', () => {
    expect(errorsOf(SignupSchema, {})).toEqual({
      name: ['validation.required'],
      email: ['validation.required'],
      password: ['validation.required'],
      accountType: ['validation.choose'],
    })
    expect(formErrorsOf(SignupSchema, { name: '', email: '', password: '' })).toEqual({
      name: ['validation.required'],
      email: ['validation.required'],
      password: ['validation.required'],
      accountType: ['validation.choose'],
    })
  })

  it('reports what the chosen account type needs in the same round as the other fields', () => {
    expect(errorsOf(SignupSchema, { name: 'An', email: 'not-an-email', password: 'short', accountType: 'college' })).toMatchObject({
      orgName: ['validation.required'],
    })
    const expert = errorsOf(SignupSchema, { name: '', email: 'an@example.vn', password: 'long enough!', accountType: 'expert' })
    expect(expert).toMatchObject({ name: ['validation.required'], headline: ['validation.required'], country: ['validation.required'] })
    expect(errorsOf(SignupSchema, { ...validCollege, name: '', accountType: 'pirate' })).not.toHaveProperty('orgName')
  })

  it('treats a blank name as missing', () => {
    expect(errorsOf(SignupSchema, { ...validCollege, name: '   ' })).toEqual({ name: ['validation.required'] })
  })

  it('refuses a short password and a too long one', () => {
    expect(errorsOf(SignupSchema, { ...validCollege, password: '123456789' })).toEqual({ password: ['validation.passwordTooShort'] })
    expect(errorsOf(SignupSchema, { ...validCollege, password: 'x'.repeat(201) })).toEqual({ password: ['validation.passwordTooLong'] })
    expect(errorsOf(SignupSchema, { ...validCollege, password: 'k7#pQ2!mZx' })).toEqual({})
    expect(errorsOf(SignupSchema, { ...validCollege, password: 'xyz-cau-noi-'.repeat(17).slice(0, 200) })).toEqual({})
  })

  it.each(['not-an-email', 'a@b', '@example.vn', 'an@', 'an example@x.vn'])('refuses the email %j', (email) => {
    expect(errorsOf(SignupSchema, { ...validCollege, email })).toEqual({ email: ['validation.email'] })
  })

  it('refuses an email longer than 254 characters', () => {
    const email = `${'a'.repeat(250)}@x.vn`
    expect(errorsOf(SignupSchema, { ...validCollege, email })).toEqual({ email: ['validation.email'] })
  })

  it('asks for an account type without an invitation', () => {
    const { accountType: _, ...rest } = validCollege
    expect(errorsOf(SignupSchema, rest)).toEqual({ accountType: ['validation.choose'] })
    expect(errorsOf(SignupSchema, { ...validCollege, accountType: 'admin' })).toEqual({ accountType: ['validation.choose'] })
  })

  it('requires the organisation name for colleges and businesses', () => {
    for (const accountType of ['college', 'business']) {
      expect(errorsOf(SignupSchema, { ...validCollege, accountType, orgName: undefined })).toEqual({ orgName: ['validation.required'] })
      expect(formErrorsOf(SignupSchema, { ...validCollege, accountType, orgName: '' })).toEqual({ orgName: ['validation.required'] })
    }
    // The district is optional.
    expect(errorsOf(SignupSchema, { ...validCollege, district: undefined })).toEqual({})
  })

  it('requires headline and country for experts, not an organisation', () => {
    expect(errorsOf(SignupSchema, { ...validExpert, headline: undefined, country: undefined })).toEqual({
      headline: ['validation.required'],
      country: ['validation.required'],
    })
    expect(formErrorsOf(SignupSchema, { ...validExpert, headline: '', country: '' })).toEqual({
      headline: ['validation.required'],
      country: ['validation.required'],
    })
    expect(errorsOf(SignupSchema, { ...validExpert, orgName: undefined })).toEqual({})
  })

  it('refuses a country that is not a 2-letter code', () => {
    for (const country of ['DEU', 'D', '12', 'd3']) {
      expect(errorsOf(SignupSchema, { ...validExpert, country }), country).toEqual({ country: ['validation.country'] })
    }
  })

  it('refuses over-long optional texts with validation.tooLong', () => {
    expect(errorsOf(SignupSchema, { ...validCollege, name: 'n'.repeat(121) })).toEqual({ name: ['validation.tooLong'] })
    expect(errorsOf(SignupSchema, { ...validCollege, orgName: 'o'.repeat(201) })).toEqual({ orgName: ['validation.tooLong'] })
    expect(errorsOf(SignupSchema, { ...validCollege, district: 'd'.repeat(81) })).toEqual({ district: ['validation.tooLong'] })
    expect(errorsOf(SignupSchema, { ...validExpert, headline: 'h'.repeat(201) })).toEqual({ headline: ['validation.tooLong'] })
  })

  it('with an invitation, needs no account type, organisation or expert details', () => {
    const result = SignupSchema.safeParse({ name: 'Bình', email: 'binh@example.vn', password: 'mat-khau-dai-du', invite: 'token' })
    expect(result.success).toBe(true)
    expect(result.data?.accountType).toBeUndefined()
    expect(formErrorsOf(SignupSchema, { name: 'Bình', email: 'binh@example.vn', password: 'mat-khau-dai-du', invite: 'token' })).toEqual({})
  })

  it('an empty invite field counts as no invitation', () => {
    expect(formErrorsOf(SignupSchema, { name: 'Bình', email: 'binh@example.vn', password: 'mat-khau-dai-du', invite: '' })).toEqual({
      accountType: ['validation.choose'],
    })
  })
})

describe('LoginSchema', () => {
  it('requires email and password', () => {
    expect(formErrorsOf(LoginSchema, {})).toEqual({ email: ['validation.required'], password: ['validation.required'] })
  })

  it('does not apply the new-password rules to logins', () => {
    expect(errorsOf(LoginSchema, { email: 'a@example.vn', password: 'short' })).toEqual({})
    expect(errorsOf(LoginSchema, { email: 'a@example.vn', password: 'x'.repeat(201) })).toEqual({ password: ['validation.passwordTooLong'] })
  })

  it('lower-cases the email and keeps redirectTo', () => {
    const result = LoginSchema.safeParse({ email: 'A@Example.VN', password: 'x', redirectTo: '/org/a/members' })
    expect(result.data).toEqual({ email: 'a@example.vn', password: 'x', redirectTo: '/org/a/members' })
  })
})

describe('EmailOnlySchema', () => {
  it('requires a valid email', () => {
    expect(formErrorsOf(EmailOnlySchema, {})).toEqual({ email: ['validation.required'] })
    expect(formErrorsOf(EmailOnlySchema, { email: 'nope' })).toEqual({ email: ['validation.email'] })
    expect(EmailOnlySchema.parse({ email: ' X@Y.VN ' })).toEqual({ email: 'x@y.vn' })
  })
})

describe('ResetPasswordSchema', () => {
  it('requires matching new passwords of at least 10 characters', () => {
    expect(errorsOf(ResetPasswordSchema, { token: 't', password: 'long enough!', confirmPassword: 'long enough?' })).toEqual({
      confirmPassword: ['validation.passwordsDiffer'],
    })
    expect(errorsOf(ResetPasswordSchema, { token: 't', password: 'short', confirmPassword: 'short' })).toEqual({
      password: ['validation.passwordTooShort'],
    })
    expect(errorsOf(ResetPasswordSchema, { token: 't', password: 'long enough!', confirmPassword: 'long enough!' })).toEqual({})
  })

  it('reports missing fields with translation keys', () => {
    const errors = formErrorsOf(ResetPasswordSchema, {})
    expect(errors.password).toEqual(['validation.required'])
    expect(errors.confirmPassword).toEqual(['validation.required'])
    expect(errors.token).toEqual(['auth.resetInvalid'])
  })
})

describe('InviteSchema', () => {
  it('requires an email and a role of owner or member', () => {
    expect(formErrorsOf(InviteSchema, {})).toEqual({ email: ['validation.required'], role: ['validation.choose'] })
    expect(formErrorsOf(InviteSchema, { email: 'b@example.vn', role: 'admin' })).toEqual({ role: ['validation.choose'] })
    expect(InviteSchema.parse({ email: 'B@Example.vn', role: 'owner' })).toEqual({ email: 'b@example.vn', role: 'owner' })
  })
})

describe('VerificationDecisionSchema', () => {
  it('accepts a decision with an optional note', () => {
    expect(VerificationDecisionSchema.parse({ subject: 'org', id: 'abc', decision: 'verified' })).toEqual({
      subject: 'org',
      id: 'abc',
      decision: 'verified',
    })
    expect(VerificationDecisionSchema.parse({ subject: 'expert', id: 'abc', decision: 'rejected', note: ' no papers ' }).note).toBe('no papers')
  })

  it('refuses unknown subjects and decisions and long notes', () => {
    expect(errorsOf(VerificationDecisionSchema, { subject: 'user', id: 'x', decision: 'verified' })).toEqual({ subject: ['validation.choose'] })
    expect(errorsOf(VerificationDecisionSchema, { subject: 'org', id: 'x', decision: 'maybe' })).toEqual({ decision: ['validation.choose'] })
    expect(errorsOf(VerificationDecisionSchema, { subject: 'org', id: 'x', decision: 'verified', note: 'n'.repeat(501) })).toEqual({
      note: ['validation.tooLong'],
    })
  })
})

describe('every schema message', () => {
  // Forms render errors with t(message): a message that is not a key shows up raw.
  const cases: [string, z.ZodType, Record<string, string>][] = [
    ['signup empty', SignupSchema, {}],
    ['signup bad', SignupSchema, { name: 'x'.repeat(500), email: 'x', password: 'y', accountType: 'z', country: '1' }],
    ['signup expert', SignupSchema, { name: 'a', email: 'a@b.vn', password: '0123456789', accountType: 'expert' }],
    ['login', LoginSchema, {}],
    ['email', EmailOnlySchema, { email: '@' }],
    ['reset empty', ResetPasswordSchema, {}],
    ['reset differ', ResetPasswordSchema, { token: 't', password: '0123456789', confirmPassword: '9876543210' }],
    ['invite', InviteSchema, { role: 'x' }],
    ['decision empty', VerificationDecisionSchema, {}],
    ['decision bad', VerificationDecisionSchema, { subject: 'x', id: '', decision: 'y', note: 'n'.repeat(600) }],
  ]
  it.each(cases)('is a translation key (%s)', (_name, schema, fields) => {
    const errors = formErrorsOf(schema, fields)
    const messages = Object.values(errors).flatMap((m) => m ?? [])
    expect(messages.length).toBeGreaterThan(0)
    for (const message of messages) expect(hasKey(message), message).toBe(true)
  })
})
