import { describe, expect, it } from 'vitest'
import { en } from '~/locales/en'
import { vi } from '~/locales/vi'
import { DEFAULT_LANGUAGE, formatDate, formatDateTime, isLanguage, LANGUAGES, TIME_ZONE } from '~/modules/i18n/i18n'
import { serverI18nConfig } from '~/modules/i18n/i18n.server'

type Tree = { [key: string]: string | Tree }

/** Every leaf as [dotted key, value]. */
function leaves(tree: Tree, prefix = ''): [string, unknown][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? leaves(value as Tree, `${prefix}${key}.`) : [[`${prefix}${key}`, value]],
  )
}

/** Every branch (non-leaf) key, so a key cannot be a string in one language and an object in the other. */
function branches(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? [`${prefix}${key}`, ...branches(value as Tree, `${prefix}${key}.`)] : [],
  )
}

function placeholders(value: string): string[] {
  return [...value.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1]!).sort()
}

const viLeaves = new Map(leaves(vi as unknown as Tree))
const enLeaves = new Map(leaves(en as unknown as Tree))

describe('translations', () => {
  it('have exactly the same keys in Vietnamese and English', () => {
    const viKeys = [...viLeaves.keys()].sort()
    const enKeys = [...enLeaves.keys()].sort()
    expect(enKeys.filter((k) => !viLeaves.has(k)), 'keys only in en').toEqual([])
    expect(viKeys.filter((k) => !enLeaves.has(k)), 'keys only in vi').toEqual([])
    expect(branches(en as unknown as Tree).sort()).toEqual(branches(vi as unknown as Tree).sort())
    expect(viKeys.length).toBeGreaterThan(50)
  })

  it('have only non-empty strings as values', () => {
    for (const [lng, map] of [['vi', viLeaves], ['en', enLeaves]] as const) {
      for (const [key, value] of map) {
        expect(typeof value, `${lng}:${key}`).toBe('string')
        expect((value as string).trim(), `${lng}:${key}`).not.toBe('')
      }
    }
  })

  it('use the same {{placeholders}} in both languages', () => {
    const mismatches: string[] = []
    for (const [key, viValue] of viLeaves) {
      const enValue = enLeaves.get(key)
      if (typeof viValue !== 'string' || typeof enValue !== 'string') continue
      const a = placeholders(viValue).join(',')
      const b = placeholders(enValue).join(',')
      if (a !== b) mismatches.push(`${key}: vi {${a}} en {${b}}`)
    }
    expect(mismatches).toEqual([])
  })

  it('have balanced placeholder braces', () => {
    for (const [lng, map] of [['vi', viLeaves], ['en', enLeaves]] as const) {
      for (const [key, value] of map) {
        const text = value as string
        expect(text.split('{{').length, `${lng}:${key}`).toBe(text.split('}}').length)
      }
    }
  })

  it('provide the translation keys the shared form schemas use', () => {
    for (const key of ['required', 'email', 'passwordTooShort', 'passwordTooLong', 'passwordsDiffer', 'tooLong', 'choose', 'country']) {
      expect(viLeaves.has(`validation.${key}`), key).toBe(true)
      expect(enLeaves.has(`validation.${key}`), key).toBe(true)
    }
    for (const key of ['auth.loginFailed', 'auth.unverified', 'auth.tooManyAttempts', 'auth.emailTaken', 'auth.resetInvalid', 'members.inviteInvalid', 'members.alreadyMember']) {
      expect(viLeaves.has(key), key).toBe(true)
      expect(enLeaves.has(key), key).toBe(true)
    }
  })

  it('are registered for both languages, Vietnamese first and default', () => {
    expect([...LANGUAGES]).toEqual(['vi', 'en'])
    expect(DEFAULT_LANGUAGE).toBe('vi')
    expect(serverI18nConfig.resources.vi.translation).toBe(vi)
    expect(serverI18nConfig.resources.en.translation).toBe(en)
    expect(isLanguage('vi')).toBe(true)
    expect(isLanguage('en')).toBe(true)
    expect(isLanguage('fr')).toBe(false)
    expect(isLanguage('')).toBe(false)
    expect(isLanguage(undefined)).toBe(false)
    expect(isLanguage(['vi'])).toBe(false)
  })
})

const plain = (value: string) => value.replace(/[\u00a0\u202f]/g, ' ')

describe('formatDateTime', () => {
  it('shows the time in Hà Nội (UTC+7), crossing midnight', () => {
    expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh')
    const en = plain(formatDateTime('2026-01-01T17:30:00Z', 'en'))
    expect(en).toContain('00:30')
    expect(en).toContain('2 Jan 2026')
    const vi = plain(formatDateTime(new Date('2026-01-01T17:30:00Z'), 'vi'))
    expect(vi).toContain('00:30')
    expect(vi).toMatch(/\b2 thg 1, 2026\b/)
  })

  it('does not depend on the process time zone', () => {
    expect(plain(formatDateTime('2026-06-15T00:00:00Z', 'en'))).toBe('15 Jun 2026, 07:00')
    expect(plain(formatDateTime('2026-12-31T16:59:00Z', 'en'))).toBe('31 Dec 2026, 23:59')
    expect(plain(formatDateTime('2026-12-31T17:00:00Z', 'en'))).toBe('1 Jan 2027, 00:00')
  })
})

describe('formatDate', () => {
  it('shows calendar dates as stored (UTC), without shifting them', () => {
    expect(plain(formatDate('2026-01-01', 'en'))).toBe('1 Jan 2026')
    expect(plain(formatDate(new Date('2026-03-31T00:00:00Z'), 'en'))).toBe('31 Mar 2026')
    expect(plain(formatDate('2026-01-01', 'vi'))).toMatch(/^1 thg 1, 2026$/)
  })
})
