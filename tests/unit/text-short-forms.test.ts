import { describe, expect, it } from 'vitest'
import { UNKNOWN_PREFIX } from '~/modules/taxonomy/taxonomy'
import { SHORT_FORMS } from '~/modules/text/short-forms'
import { expandShortForms, fieldWords, foldText, matchForm, mayCarryTypo, searchForm } from '~/modules/text/text'
import { seedTaxonomy } from '../support/taxonomy'

// Text as people type it (issue 16): short forms, half the diacritics, capitals.

describe('short forms', () => {
  it('are written out word by word on folded text', () => {
    expect(searchForm('Cần chỗ TT cho 20 SV CĐ')).toBe('can cho thuc tap cho 20 sinh vien cao dang')
    expect(searchForm('Nhận HS TC thực tập tại DN')).toBe('nhan hoc sinh trung cap thuc tap tai doanh nghiep')
    expect(searchForm('KTV điện lạnh, NV kho')).toBe('ky thuat vien dien lanh nhan vien kho')
    expect(searchForm('CĐ')).toBe(searchForm('CD'))
  })

  it('have English peers', () => {
    expect(searchForm('HVAC tech')).toBe('hvac technician')
    expect(searchForm('Maint. mgmt, eng. asst')).toBe('maintenance management engineering assistant')
    expect(searchForm('Crane ops')).toBe('crane operation')
  })

  it('are never expanded inside a word', () => {
    expect(searchForm('SVG, TTS2, techno, engine, opsec')).toBe('svg tts2 techno engine opsec')
    expect(expandShortForms('constructor tostring')).toBe('constructor tostring')
  })

  it('expand "CN" only where a neighbouring word settles what it means', () => {
    expect(searchForm('CN thông tin')).toBe('cong nghe thong tin')
    expect(searchForm('CNTT')).toBe('cong nghe thong tin')
    expect(searchForm('Tuyển CN may')).toBe('tuyen cong nhan may')
    expect(searchForm('Cần 10 CN hàn')).toBe('can 10 cong nhan han')
    // Anything else: left as typed (công nhân or công nghệ? nobody can tell).
    expect(searchForm('CN ô tô')).toBe('cn o to')
  })

  it('are data: every entry folded, whole words on both sides', () => {
    for (const [short, long] of Object.entries(SHORT_FORMS)) {
      expect(foldText(short), short).toBe(short)
      expect(foldText(long), long).toBe(long)
    }
  })
})

describe('half-diacritic and capital text', () => {
  it('folds like the full form', () => {
    const full = 'Kỹ thuật sửa chữa ô tô'
    for (const typed of ['Ky thuat sửa chữa o to', 'Kỹ thuat sửa chua ô to', 'KỸ THUẬT SỬA CHỮA Ô TÔ', 'ky thuat sua chua o to']) {
      expect(matchForm(typed), typed).toBe(matchForm(full))
    }
  })

  it('resolves to the same taxonomy occupation as the full form, short forms included', () => {
    const taxonomy = seedTaxonomy()
    const key = taxonomy.resolveOccupation('Kỹ thuật sửa chữa ô tô')!.key
    expect(key.startsWith(UNKNOWN_PREFIX)).toBe(false)
    expect(taxonomy.resolveOccupation('Ky thuat sửa chữa o to')!.key).toBe(key)
    expect(taxonomy.resolveOccupation('KỸ THUẬT SỬA CHỮA Ô TÔ')!.key).toBe(key)
    expect(taxonomy.resolveOccupation('KTV điện lạnh')!.key).toBe(taxonomy.resolveOccupation('Kỹ thuật viên điện lạnh')!.key)
    expect(taxonomy.resolveOccupation('HVAC tech')!.key).toBe(taxonomy.resolveOccupation('HVAC technician')!.key)
  })
})

describe('slipped keys', () => {
  it('are forgiven only in words that cannot be Vietnamese syllables', () => {
    for (const word of ['driver', 'drvier', 'operator', 'opeartor', 'technician']) expect(mayCarryTypo(word), word).toBe(true)
    // One letter turns one folded syllable into another; short words are anything.
    for (const word of ['truong', 'thuong', 'nghiep', 'nguoi', 'crew', 'c++']) expect(mayCarryTypo(word), word).toBe(false)
  })
})

describe('field words', () => {
  it('are what a title says about the field, without the words every listing uses', () => {
    expect(fieldWords('Cần chỗ TT cho SV CĐ ngành Vận hành cần trục')).toEqual(['van', 'hanh', 'can', 'truc'])
    expect(fieldWords('CRANE OPERATION INTERNSHIP PLACEMENTS for students')).toEqual(['crane', 'operation'])
    expect(fieldWords('Nhận học sinh thực tập sinh Lò hơi')).toEqual(['lo', 'hoi'])
  })
})
