import { describe, expect, it } from 'vitest'
import { compileTrust, redactPath } from '~/modules/runtime/http.server'
import { cleanForm, stripControlCharacters } from '~/modules/runtime/form.server'

describe('redactPath (finding 11)', () => {
  it('keeps tokens that ride in URLs out of the log', () => {
    expect(redactPath('/invite/Zm9vYmFyLXNlY3JldA')).toBe('/invite/[redacted]')
    expect(redactPath('/reset-password?token=abc&x=1')).toBe('/reset-password?token=[redacted]&x=1')
    expect(redactPath('/verify-email?TOKEN=abc')).toBe('/verify-email?TOKEN=[redacted]')
    expect(redactPath('/needs/of-1/manage')).toBe('/needs/of-1/manage')
  })
})

describe('compileTrust (finding 2)', () => {
  it('trusts nobody by default, and the named proxies when TRUST_PROXY says so', () => {
    expect(compileTrust(undefined)('127.0.0.1', 0)).toBe(false)
    expect(compileTrust('')('10.0.0.1', 0)).toBe(false)
    const trust = compileTrust('loopback, 10.0.0.0/8')
    expect(trust('127.0.0.1', 0)).toBe(true)
    expect(trust('10.1.2.3', 1)).toBe(true)
    expect(trust('203.0.113.9', 1)).toBe(false)
  })
})

describe('form input (finding 9)', () => {
  it('strips control characters but keeps tabs and line breaks', () => {
    expect(stripControlCharacters('a\u0000b\u0007c\u007f\td\ne\r\n')).toBe('abc\td\ne\r\n')
    const form = new FormData()
    form.append('title', 'Thực\u0000 tập')
    form.append('na\u0000me', 'x')
    const clean = cleanForm(form)
    expect(clean.get('title')).toBe('Thực tập')
    expect(clean.get('name')).toBe('x')
  })
})
