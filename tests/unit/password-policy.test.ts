import { describe, expect, it } from 'vitest'
import { passwordProblem } from '~/modules/accounts/password-policy'
import { ResetPasswordSchema, SignupSchema } from '~/modules/accounts/schemas'

describe('password policy (issue 9, finding 12)', () => {
  it('refuses few distinct characters and runs along the alphabet, digits or keyboard', () => {
    for (const password of ['aaaaaaaaaa', '1111111111', 'abababababab', '12345678901', '1234567890', 'abcdefghij', 'ABCDEFGHIJKL', 'zyxwvutsrqpo', '9876543210', 'qwertyuiop', 'asdfghjkl;', '123123123123']) {
      expect(passwordProblem(password), password).toBe('security.passwordTrivial')
    }
  })

  it('refuses the commonest passwords, also with other digits or separators', () => {
    for (const password of ['password123', 'Password1234', 'matkhau123', 'anhyeuem123', 'iloveyou12', 'P@ssw0rd123', 'password2024', 'vietnam9999']) {
      expect(passwordProblem(password), password).toBe('security.passwordCommon')
    }
  })

  it('refuses the email itself or its name part', () => {
    expect(passwordProblem('lan.nguyen@example.vn', 'lan.nguyen@example.vn')).toBe('security.passwordIsEmail')
    expect(passwordProblem('lannguyen2026', 'lannguyen@example.vn')).toBe('security.passwordIsEmail')
  })

  it('accepts ordinary passphrases', () => {
    for (const password of ['correct-horse-battery', 'mat-khau-dai-du-1', 'caunoi-demo-2026', 'Trời hôm nay đẹp lắm']) {
      expect(passwordProblem(password, 'someone@example.vn'), password).toBeNull()
    }
  })

  it('puts the message next to the password field on signup and reset', () => {
    const signup = SignupSchema.safeParse({ name: 'An', email: 'an@example.vn', password: 'aaaaaaaaaa', accountType: 'expert', headline: 'x', country: 'VN' })
    expect(signup.success).toBe(false)
    expect(signup.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['password', 'security.passwordTrivial']])
    const own = SignupSchema.safeParse({ name: 'An', email: 'an.tran@example.vn', password: 'an.tran@example.vn', accountType: 'expert', headline: 'x', country: 'VN' })
    expect(own.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(['password', 'security.passwordIsEmail'])
    const reset = ResetPasswordSchema.safeParse({ token: 't', password: 'password123', confirmPassword: 'password123' })
    expect(reset.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['password', 'security.passwordCommon']])
  })
})
