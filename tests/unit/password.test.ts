import { describe, expect, it } from 'vitest'
import { burnPasswordCheck, hashPassword, verifyPassword } from '~/modules/accounts/password.server'

describe('password hashing', () => {
  it('verifies the password it hashed', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(await verifyPassword('correct horse battery staple', stored)).toBe(true)
  })

  it('refuses a wrong password, including near misses', async () => {
    const stored = await hashPassword('correct horse battery staple')
    for (const attempt of ['correct horse battery stapl', 'Correct horse battery staple', 'correct horse battery staple ', '']) {
      expect(await verifyPassword(attempt, stored), attempt).toBe(false)
    }
  })

  it('refuses, without throwing, a damaged stored hash', async () => {
    const stored = await hashPassword('correct horse battery staple')
    const [scheme, , r, p, salt, key] = stored.split('$')
    for (const damaged of [[scheme, '1000', r, p, salt, key], [scheme, 'abc', r, p, salt, key], [scheme, '16384', r, p, salt, '=']]) {
      await expect(verifyPassword('correct horse battery staple', damaged.join('$')), damaged[1]).resolves.toBe(false)
    }
    await expect(verifyPassword('x', 'not a hash at all')).resolves.toBe(false)
  })

  it('stores the scheme and parameters with the hash (scrypt N=2^15, r=8, p=1, 16-byte salt, 32-byte key)', async () => {
    const stored = await hashPassword('mật khẩu an toàn')
    const parts = stored.split('$')
    expect(parts).toHaveLength(6)
    const [scheme, n, r, p, salt, key] = parts
    expect(scheme).toBe('scrypt')
    expect(Number(n)).toBe(2 ** 15)
    expect(Number(r)).toBe(8)
    expect(Number(p)).toBe(1)
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16)
    expect(Buffer.from(key!, 'base64')).toHaveLength(32)
    expect(stored).not.toContain('mật khẩu')
  })

  it('uses a fresh salt each time, so equal passwords give different hashes', async () => {
    const [a, b] = await Promise.all([hashPassword('same password!'), hashPassword('same password!')])
    expect(a).not.toBe(b)
    expect(a.split('$')[4]).not.toBe(b.split('$')[4])
    expect(await verifyPassword('same password!', a)).toBe(true)
    expect(await verifyPassword('same password!', b)).toBe(true)
  })

  it('uses the parameters stored with the hash, so older hashes keep working', async () => {
    const stored = await hashPassword('an older password')
    // Re-hash with other parameters by hand and check verifyPassword reads them from the string.
    const { scryptSync } = await import('node:crypto')
    const salt = Buffer.from('0123456789abcdef')
    const key = scryptSync('an older password', salt, 24, { N: 2 ** 10, r: 4, p: 1 })
    const legacy = `scrypt$${2 ** 10}$4$1$${salt.toString('base64')}$${key.toString('base64')}`
    expect(await verifyPassword('an older password', legacy)).toBe(true)
    expect(await verifyPassword('another password', legacy)).toBe(false)
    expect(stored).not.toBe(legacy)
  })

  it('treats canonically equivalent Unicode spellings as the same password', async () => {
    const stored = await hashPassword('Việt Nam 2026'.normalize('NFC'))
    expect(await verifyPassword('Việt Nam 2026'.normalize('NFD'), stored)).toBe(true)
  })

  it('refuses hashes of another scheme or malformed ones instead of matching', async () => {
    expect(await verifyPassword('x', '')).toBe(false)
    expect(await verifyPassword('x', 'bcrypt$2b$10$abc')).toBe(false)
    expect(await verifyPassword('x', 'scrypt$32768$8$1$$')).toBe(false)
    expect(await verifyPassword('password', 'password')).toBe(false)
  })

  it('burnPasswordCheck takes time but never succeeds or throws', async () => {
    await expect(burnPasswordCheck('anything')).resolves.toBeUndefined()
  })
})
