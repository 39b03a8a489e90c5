import { describe, expect, it } from 'vitest'
import { Taxonomy, UNKNOWN_PREFIX } from '~/modules/taxonomy/taxonomy'
import { editDistance, foldText, matchForm } from '~/modules/text/text'
import { seedTaxonomy } from '../support/taxonomy'

describe('foldText, the one folding of text for comparison', () => {
  it('folds Vietnamese: no case, no diacritics, đ as d, one space', () => {
    expect(foldText('  Điện   công NGHIỆP ')).toBe('dien cong nghiep')
    expect(foldText('Sửa chữa ô tô')).toBe('sua chua o to')
    expect(foldText('Hàn')).toBe(foldText('HAN'))
    expect(foldText('Đường Lâm – Hàn TIG')).toBe('duong lam han tig')
    expect(foldText('Nguyễn Thị Hường')).toBe('nguyen thi huong')
    // Composed and decomposed forms of the same letters fold alike.
    expect(foldText('Tiếng Việt'.normalize('NFC'))).toBe(foldText('Tiếng Việt'.normalize('NFD')))
  })

  it('keeps what tells programming languages apart', () => {
    expect(foldText('C++ / C#')).toBe('c++ c#')
  })
})

describe('text folding', () => {
  it('drops case, diacritics and punctuation, keeps + and #', () => {
    expect(foldText('  SỬA CHỮA Ô TÔ ')).toBe('sua chua o to')
    expect(foldText('Điện - điện tử')).toBe('dien dien tu')
    expect(foldText('UI/UX, C++ & C#')).toBe('ui ux c++ c#')
  })

  it('compares English plurals with their singular', () => {
    expect(matchForm('Welders')).toBe(matchForm('welder'))
    expect(matchForm('EV batteries')).toBe(matchForm('EV battery'))
    expect(matchForm('control panel wiring')).toBe('control panel wiring')
    expect(matchForm('business')).toBe('business')
  })

  it('counts an adjacent swap as one edit and gives up past the maximum', () => {
    expect(editDistance('weldnig', 'welding', 1)).toBe(1)
    expect(editDistance('autmotive', 'automotive', 1)).toBe(1)
    expect(editDistance('lanh', 'tinh', 1)).toBe(2)
  })
})

describe('occupation resolution (seed taxonomy)', () => {
  const taxonomy = seedTaxonomy()
  const key = (text: string) => taxonomy.resolveOccupation(text)?.key

  it('resolves Vietnamese with and without diacritics and English to one key', () => {
    for (const text of ['Sửa chữa ô tô', 'sua chua o to', 'Automotive repair', 'Car maintenance', 'Công nghệ ô tô', 'Bảo dưỡng ô tô']) {
      expect(key(text), text).toBe('cong-nghe-o-to')
    }
    for (const text of ['Kế toán doanh nghiệp', 'Ke toan doanh nghiep', 'Accounting', 'Accountants']) expect(key(text), text).toBe('ke-toan-doanh-nghiep')
  })

  it('finds a taxonomy term inside a longer name', () => {
    expect(key('Kỹ thuật sửa chữa ô tô điện tại xưởng')).toBe('cong-nghe-o-to')
    expect(key('Pipe welding technology for shipyards')).toBe('han')
  })

  it('does not find a single folded Vietnamese syllable inside other words', () => {
    // "nguội" (bench fitting, a machining occupation) is "người" (person) once folded.
    expect(taxonomy.resolveOccupation('người bệnh')?.known).toBe(false)
    expect(key('Chăm sóc người bệnh')).toBe('dieu-duong')
  })

  it('tolerates one typo in a long English word but not in a Vietnamese syllable', () => {
    expect(key('Autmotive technology')).toBe('cong-nghe-o-to')
    expect(key('Weldnig')).toBe('han')
    expect(taxonomy.resolveOccupation('Dieu hoa tinh')?.known).toBe(false)
  })

  it('takes the field of a skill named as an occupation when only one field has it', () => {
    const rows = [
      { key: 'han', nameVi: 'Hàn', nameEn: 'Welding', family: null, related: [], synonyms: [], skills: ['hàn ống', 'pipe welding'], skillGroups: [['hàn ống', 'pipe welding']] },
      { key: 'co-khi', nameVi: 'Cơ khí', nameEn: 'Machining', family: null, related: [], synonyms: [], skills: ['PLC'], skillGroups: [] },
      { key: 'dien', nameVi: 'Điện', nameEn: 'Electrical', family: null, related: [], synonyms: [], skills: ['PLC'], skillGroups: [] },
    ]
    const small = new Taxonomy(rows)
    expect(small.resolveOccupation('Pipe welding')?.key).toBe('han')
    // PLC belongs to two fields: no guess.
    expect(small.resolveOccupation('PLC')?.known).toBe(false)
  })

  it('keeps unknown occupations as their folded text, so equal words still meet', () => {
    // (Beekeeping, this test's example before, is in the national list now.)
    const unknown = taxonomy.resolveOccupation('Nuôi chim yến')
    expect(unknown).toEqual({ key: `${UNKNOWN_PREFIX}nuoi chim yen`, family: `${UNKNOWN_PREFIX}nuoi chim yen`, known: false })
    expect(taxonomy.resolveOccupation('nuoi chim yen')?.key).toBe(unknown?.key)
  })

  it('knows job titles and short forms that training officers and employers use', () => {
    for (const [text, want] of [
      ['Thợ hàn', 'han'], ['Hàn kim loại', 'han'], ['Air-con technician', 'dien-lanh'], ['Kỹ thuật viên điện lạnh', 'dien-lanh'],
      ['Nhân viên kho', 'logistics'], ['Tourist guide', 'huong-dan-du-lich'], ['Network admin', 'quan-tri-mang'],
      ['Network technician', 'quan-tri-mang'], ['Visual designer', 'thiet-ke-do-hoa'], ['Patissier', 'lam-banh'], ['Bánh Âu', 'lam-banh'],
      ['Pharmaceutical manufacturing', 'duoc'], ['Trồng rau công nghệ cao', 'nong-nghiep-cong-nghe-cao'], ['Tiện phay', 'cat-got-kim-loai'],
    ] as const) expect(key(text), text).toBe(want)
  })

  it('keeps neighbouring fields apart, as related families', () => {
    for (const [text, notWant] of [
      ['Thú y', 'nong-nghiep-cong-nghe-cao'], ['Veterinary', 'nong-nghiep-cong-nghe-cao'], ['Chăn nuôi', 'nong-nghiep-cong-nghe-cao'],
      ['Thiết kế thời trang', 'cong-nghe-may'], ['Fashion design', 'cong-nghe-may'],
      ['Điều hành tour du lịch', 'huong-dan-du-lich'], ['Tour operator', 'huong-dan-du-lich'],
      ['Thợ mộc', 'xay-dung'], ['Carpentry', 'xay-dung'],
    ] as const) {
      const resolved = taxonomy.resolveOccupation(text)
      expect(resolved?.known, text).toBe(true)
      expect(resolved?.key, text).not.toBe(notWant)
      // Tour operations stays in tourism's family; the others are families of their own, related.
      const family = taxonomy.familyOf(notWant)
      if (family !== resolved!.family) expect(taxonomy.relatedFamilies([resolved!.family]), text).toContain(family)
    }
  })

  it('groups occupations into families and relates families both ways', () => {
    expect(taxonomy.familyOf('dien-dan-dung')).toBe(taxonomy.familyOf('dien-cong-nghiep'))
    expect(taxonomy.familyOf('thiet-ke-do-hoa')).toBe(taxonomy.familyOf('truyen-thong-da-phuong-tien'))
    const automotive = taxonomy.familyOf('cong-nghe-o-to')
    const mechatronics = taxonomy.familyOf('co-dien-tu')
    expect(taxonomy.relatedFamilies([automotive])).toContain(mechatronics)
    expect(taxonomy.relatedFamilies([mechatronics])).toContain(automotive)
    expect(taxonomy.relatedFamilies([automotive])).not.toContain(automotive)
  })
})

describe('skill resolution (seed taxonomy)', () => {
  const taxonomy = seedTaxonomy()
  const concept = (text: string) => taxonomy.resolveSkill(text)

  it('gives equivalent Vietnamese and English skill names one concept', () => {
    expect(concept('pin xe điện')).toEqual(concept('EV battery'))
    expect(concept('lắp đặt tủ điện')).toEqual(concept('control panel wiring'))
    expect(concept('vệ sinh an toàn thực phẩm')).toEqual(concept('food safety'))
    expect(concept('phan mem MISA')).toEqual(concept('MISA accounting software'))
    expect(concept('hàn MIG')).not.toEqual(concept('hàn TIG'))
  })

  it('links Vietnamese and English names of trade skills', () => {
    for (const [vi, en] of [
      ['hàn ống PPR', 'PPR pipe fusion welding'], ['lắp đặt máy bơm', 'water pump installation'], ['dò tìm rò rỉ nước', 'leak detection'],
      ['thêu vi tính', 'computerised embroidery'], ['vận hành lò nướng công nghiệp', 'industrial oven operation'],
      ['thuyết minh di tích', 'heritage site interpretation'], ['tiếng Hàn du lịch', 'Korean for tourism'], ['quản lý đoàn khách', 'tour group management'],
      ['du lịch sinh thái', 'eco-tourism'], ['kiểm nghiệm thuốc', 'drug quality testing'], ['tư vấn bán thuốc', 'medication counselling'],
      ['truyền dịch', 'IV infusion'], ['quản lý nhà màng', 'greenhouse management'], ['hàn cáp quang', 'fiber optic splicing'],
      ['đại tu động cơ', 'engine overhaul'], ['chăm sóc bệnh nhân', 'patient care'], ['chăm sóc người già', 'elderly care'],
      ['tiêm phòng vật nuôi', 'animal vaccination'],
    ] as const) expect(concept(vi), vi).toEqual(concept(en))
  })

  it('does not let a generic word pull a skill into another field', () => {
    expect(concept('drug quality testing')).not.toEqual(concept('software testing'))
    expect(concept('food quality testing')).not.toEqual(concept('software testing'))
    expect(concept('drug quality control')).not.toEqual(concept('garment quality control'))
    expect(concept('hàn ống PPR')).not.toEqual(concept('pipe welding'))
    expect(concept('hàn ống PPR')).toEqual(concept('PPR pipe fusion'))
  })

  it('finds skills inside longer phrases, several at once', () => {
    expect(concept('sửa chữa hệ thống điện ô tô')).toEqual(concept('automotive electrical systems'))
    expect(concept('lập trình Python và SQL').length).toBe(2)
  })

  it('does not find an acronym shaped like a Vietnamese syllable inside other words', () => {
    // "SOC" (security operations) is "sóc" in "chăm sóc" (care) once folded.
    expect(concept('chăm sóc người già')).not.toEqual(concept('SOC'))
    expect(concept('SOC')).toEqual(concept('security monitoring'))
    // Acronyms that cannot be Vietnamese syllables are still found inside phrases.
    expect(concept('lập trình PLC Siemens')).toEqual(expect.arrayContaining(concept('PLC')))
  })

  it('keeps unknown skills as their folded text', () => {
    expect(concept('Nuôi ong')).toEqual([`${UNKNOWN_PREFIX}nuoi ong`])
  })
})

describe('search synonyms and document terms', () => {
  const taxonomy = seedTaxonomy()

  it('pairs each occupation’s Vietnamese and English names, with and without diacritics', () => {
    const synonyms = taxonomy.searchSynonyms()
    expect(synonyms['công nghệ ô tô']).toEqual(['Automotive technology'])
    expect(synonyms['cong nghe o to']).toEqual(['Automotive technology'])
    expect(synonyms['automotive technology']).toEqual(['Công nghệ ô tô'])
  })

  it('gives documents their occupations’ names in both languages, a first synonym of each kind and their skills’ other names', () => {
    const terms = taxonomy.expansionTerms(['cong-nghe-o-to'], taxonomy.resolveSkill('pin xe điện'))
    expect(terms).toEqual(['Công nghệ ô tô', 'Automotive technology', 'công nghệ kỹ thuật ô tô', 'cong nghe oto', 'pin xe điện', 'EV battery'])
  })
})

describe('nearest occupations (seed taxonomy)', () => {
  const taxonomy = seedTaxonomy()
  it('suggests known occupations for a name the taxonomy does not know, by its telling words and near spellings', () => {
    expect(taxonomy.resolveOccupation('Sửa chữa tàu cá')?.known).toBe(false)
    expect(taxonomy.nearestOccupations('Sửa chữa tàu cá')).toContain('dong-tau')
    expect(taxonomy.nearestOccupations('weldign')[0]).toBe('han')
    expect(taxonomy.nearestOccupations('Chế tác nhạc cụ')).toEqual(expect.arrayContaining(['nhac-cu-truyen-thong', 'nhac-cu-phuong-tay']))
    // Nothing close at all: nothing suggested.
    expect(taxonomy.nearestOccupations('zzqx')).toEqual([])
    expect(taxonomy.nearestOccupations('Nuôi chim yến', 1)).toEqual(['chan-nuoi-thu-y'])
  })
})
