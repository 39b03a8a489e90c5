import { describe, expect, it } from 'vitest'
import { removeDiacritics, slugify } from '~/utils/slug'

describe('removeDiacritics', () => {
  it('strips Vietnamese tones and marks, including đ/Đ', () => {
    expect(removeDiacritics('Trường Cao đẳng Điện')).toBe('Truong Cao dang Dien')
    expect(removeDiacritics('Hà Nội')).toBe('Ha Noi')
    expect(removeDiacritics('Cầu Nối')).toBe('Cau Noi')
    expect(removeDiacritics('ỨNG DỤNG ưu việt ơi')).toBe('UNG DUNG uu viet oi')
    expect(removeDiacritics('Đống Đa')).toBe('Dong Da')
  })

  it('handles precomposed and decomposed input the same way', () => {
    const composed = 'Việt'.normalize('NFC')
    const decomposed = 'Việt'.normalize('NFD')
    expect(removeDiacritics(composed)).toBe('Viet')
    expect(removeDiacritics(decomposed)).toBe('Viet')
  })

  it('leaves plain ASCII unchanged', () => {
    expect(removeDiacritics('Hello, World 123')).toBe('Hello, World 123')
  })
})

describe('slugify', () => {
  it('turns a Vietnamese name into a lower-case ASCII slug', () => {
    expect(slugify('Trường Cao đẳng Điện')).toBe('truong-cao-dang-dien')
    expect(slugify('Công ty TNHH Cơ khí Hà Nội')).toBe('cong-ty-tnhh-co-khi-ha-noi')
  })

  it('collapses runs of punctuation and space and trims dashes', () => {
    expect(slugify('  --Hello,   World!!  ')).toBe('hello-world')
    expect(slugify('a & b / c')).toBe('a-b-c')
    expect(slugify('Điện---tử')).toBe('dien-tu')
  })

  it('returns an empty string when nothing usable remains', () => {
    expect(slugify('')).toBe('')
    expect(slugify('!!! ???')).toBe('')
    expect(slugify('日本語')).toBe('')
  })

  it('keeps digits', () => {
    expect(slugify('Trường số 1 Hà Nội 2026')).toBe('truong-so-1-ha-noi-2026')
  })

  it('cuts to the maximum length without leaving a trailing dash', () => {
    const long = 'Trường Cao đẳng Nghề Công nghệ cao Hà Nội và các vùng lân cận'
    const slug = slugify(long)
    expect(slug.length).toBeLessThanOrEqual(48)
    expect(slug).not.toMatch(/-$/)
    expect(slug.startsWith('truong-cao-dang-nghe-cong-nghe-cao-ha-noi')).toBe(true)
    expect(slugify('abc def', 4)).toBe('abc')
    expect(slugify('abcdef', 3)).toBe('abc')
    expect(slugify(long, 40).length).toBeLessThanOrEqual(40)
  })

  it('only ever produces [a-z0-9-] without leading, trailing or doubled dashes', () => {
    for (const input of ['Ä Ö Ü ß', 'Nguyễn Thị Minh Khai', '  __x__  ', 'Ơ-ơ ư-Ư', 'A.B.C', '---']) {
      const slug = slugify(input)
      expect(slug).toMatch(/^([a-z0-9]+(-[a-z0-9]+)*)?$/)
    }
  })
})
