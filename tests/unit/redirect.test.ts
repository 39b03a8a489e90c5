import { describe, expect, it } from 'vitest'
import { safeRedirect } from '~/utils/redirect'

describe('safeRedirect', () => {
  it('follows same-site paths', () => {
    expect(safeRedirect('/org/abc/members')).toBe('/org/abc/members')
    expect(safeRedirect('/')).toBe('/')
    expect(safeRedirect('/invite/tok?x=1#y')).toBe('/invite/tok?x=1#y')
  })

  it('falls back to /dashboard by default and to the given fallback', () => {
    expect(safeRedirect(null)).toBe('/dashboard')
    expect(safeRedirect(undefined)).toBe('/dashboard')
    expect(safeRedirect('')).toBe('/dashboard')
    expect(safeRedirect('', '/')).toBe('/')
  })

  it('refuses other origins and protocol-relative URLs', () => {
    for (const to of [
      'https://evil.example',
      'http://evil.example/dashboard',
      '//evil.example',
      '//evil.example/path',
      '/\\evil.example',
      'javascript:alert(1)',
      'dashboard',
      ' /dashboard',
    ]) {
      expect(safeRedirect(to), to).toBe('/dashboard')
    }
  })

  it('percent-encodes what a Location header cannot carry, keeping the place', () => {
    expect(safeRedirect('/search?q=thực tập')).toBe('/search?q=th%E1%BB%B1c%20t%E1%BA%ADp')
    expect(safeRedirect('/tìm-kiếm#kết-quả')).toBe('/t%C3%ACm-ki%E1%BA%BFm#k%E1%BA%BFt-qu%E1%BA%A3')
    expect(safeRedirect('/needs/a%20b')).toBe('/needs/a%20b')
    expect(() => new Headers({ Location: safeRedirect('/tìm-kiếm?q=đ') })).not.toThrow()
  })

  it('refuses non-string form values (files)', () => {
    const file = new File(['x'], 'x.txt')
    expect(safeRedirect(file)).toBe('/dashboard')
  })
})

describe('safeRedirect and URL parsing', () => {
  // Whatever it accepts must resolve to the same origin, as a browser would parse it.
  const origin = 'https://caunoi.vn'
  const attempts = [
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\\/evil.example',
    '/\t\\evil.example',
    '/ /evil.example',
    '/%2F/evil.example',
    '/..//evil.example',
    '/org/../../evil',
    '/dashboard',
  ]
  for (const to of attempts) {
    it(`keeps ${JSON.stringify(to)} on the same origin`, () => {
      const target = safeRedirect(to)
      expect(new URL(target, `${origin}/login`).origin).toBe(origin)
    })
  }

  it('refuses control characters anywhere in the path', () => {
    expect(safeRedirect('/\t/evil.example')).toBe('/dashboard')
    expect(safeRedirect('/a\nb')).toBe('/dashboard')
    expect(safeRedirect('/a\u0000b')).toBe('/dashboard')
  })
})
