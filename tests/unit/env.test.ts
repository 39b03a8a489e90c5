import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseEnv } from '~/modules/runtime/env.server'

/** The message parseEnv throws for `source`, or '' when it does not throw. */
function errorOf(source: Record<string, string | undefined>): string {
  try {
    parseEnv(source)
    return ''
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

describe('parseEnv', () => {
  it('applies the defaults to an empty environment', () => {
    const env = parseEnv({})
    expect(env.NODE_ENV).toBe('development')
    expect(env.PORT).toBe(3000)
    expect(env.DATA_DIR).toBe('./data')
    expect(env.dataDir).toBe(path.resolve('./data'))
    expect(path.isAbsolute(env.dataDir)).toBe(true)
    expect(env.appUrl).toBe('http://localhost:3000')
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.DEMO_DATA).toBe('on')
    expect(env.RESEND_API_KEY).toBeUndefined()
    expect(env.RESEND_BASE_URL).toBeUndefined()
    expect(env.EMAIL_FROM).toBe('Cầu Nối <no-reply@caunoi.vn>')
    expect(env.LOGIN_MAX_ATTEMPTS).toBe(5)
    expect(env.LOGIN_WINDOW_MINUTES).toBe(15)
    expect(env.API_RATE_LIMIT_PER_MINUTE).toBe(600)
    expect(env.OUTBOX_WORKER).toBe('on')
  })

  it('parses numbers and derives appUrl from PORT', () => {
    const env = parseEnv({ PORT: '8080', LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW_MINUTES: '1' })
    expect(env.PORT).toBe(8080)
    expect(env.appUrl).toBe('http://localhost:8080')
    expect(env.LOGIN_MAX_ATTEMPTS).toBe(3)
    expect(env.LOGIN_WINDOW_MINUTES).toBe(1)
  })

  it('uses APP_URL without its trailing slash', () => {
    expect(parseEnv({ APP_URL: 'https://caunoi.vn/' }).appUrl).toBe('https://caunoi.vn')
    expect(parseEnv({ APP_URL: 'https://caunoi.vn', PORT: '4000' }).appUrl).toBe('https://caunoi.vn')
  })

  it('treats empty and blank optional strings as unset and trims the others', () => {
    const env = parseEnv({ RESEND_API_KEY: '   ', DATABASE_URL: '', APP_URL: '', MEILI_MASTER_KEY: ' key ' })
    expect(env.RESEND_API_KEY).toBeUndefined()
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.appUrl).toBe('http://localhost:3000')
    expect(env.MEILI_MASTER_KEY).toBe('key')
  })

  it('accepts postgres:// and postgresql:// database URLs', () => {
    expect(parseEnv({ DATABASE_URL: 'postgresql://u:p@localhost:5432/db' }).DATABASE_URL).toBe('postgresql://u:p@localhost:5432/db')
    expect(parseEnv({ DATABASE_URL: 'postgres://localhost/db' }).DATABASE_URL).toBe('postgres://localhost/db')
  })

  it.each([
    ['abc'],
    ['0'],
    ['65536'],
    ['-1'],
    ['80.5'],
  ])('refuses PORT=%s with a message naming PORT', (port) => {
    const message = errorOf({ PORT: port })
    expect(message).toMatch(/^Invalid environment variables:/)
    expect(message).toMatch(/- PORT: /)
    expect(message).not.toMatch(/DATABASE_URL/)
  })

  it.each([['mysql://localhost/db'], ['localhost:5432/db'], ['file:./dev.db']])(
    'refuses DATABASE_URL=%s with a message naming DATABASE_URL',
    (url) => {
      const message = errorOf({ DATABASE_URL: url })
      expect(message).toMatch(/- DATABASE_URL: must be a postgresql:\/\/ URL/)
      expect(message).not.toMatch(/PORT/)
    },
  )

  it('lists every bad variable at once', () => {
    const message = errorOf({ PORT: 'x', DATABASE_URL: 'mysql://x', NODE_ENV: 'staging', LOGIN_MAX_ATTEMPTS: '0', APP_URL: 'not a url' })
    for (const name of ['PORT', 'DATABASE_URL', 'NODE_ENV', 'LOGIN_MAX_ATTEMPTS', 'APP_URL']) {
      expect(message).toContain(`- ${name}: `)
    }
  })

  it('refuses unknown enum values', () => {
    expect(errorOf({ DEMO_DATA: 'yes' })).toContain('- DEMO_DATA: ')
    expect(errorOf({ OUTBOX_WORKER: 'true' })).toContain('- OUTBOX_WORKER: ')
    expect(errorOf({ RESEND_BASE_URL: 'localhost' })).toContain('- RESEND_BASE_URL: ')
  })

  it('does not read process.env (it parses exactly what it is given)', () => {
    const env = parseEnv({ PORT: '1234' })
    expect(env.PORT).toBe(1234)
    expect(parseEnv({}).PORT).toBe(3000)
  })

  it('listens on loopback unless told otherwise', () => {
    expect(parseEnv({}).HOST).toBe('127.0.0.1')
    expect(parseEnv({}).TRUST_PROXY).toBeUndefined()
    expect(parseEnv({}).DEV_MAILBOX).toBe('off')
  })

  it('refuses to expose the development mailbox: a reachable HOST needs RESEND_API_KEY or DEV_MAILBOX=on', () => {
    expect(errorOf({ HOST: '0.0.0.0' })).toMatch(/HOST: 0\.0\.0\.0 is reachable from other machines while email goes to the development mailbox/)
    expect(errorOf({ HOST: '10.0.0.5' })).toMatch(/RESEND_API_KEY/)
    expect(errorOf({ HOST: '0.0.0.0', RESEND_API_KEY: 're_123' })).toBe('')
    expect(errorOf({ HOST: '0.0.0.0', DEV_MAILBOX: 'on' })).toBe('')
    expect(errorOf({ HOST: 'localhost' })).toBe('')
    expect(errorOf({ HOST: '::1' })).toBe('')
  })
})
