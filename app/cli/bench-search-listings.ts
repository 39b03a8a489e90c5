import fs from 'node:fs'
import path from 'node:path'
import type { ImportDocumentInput, ImportExpertInput, ImportNeedInput, ImportOfferInput, ImportOrganizationInput } from '~/modules/import/format'
import { seedsDir } from '~/modules/runtime/paths.server'
import { buildBusiness, buildCollege, buildDocument, buildExpert, buildNeed, buildOffer } from '../../tests/factories/listings'

// A marketplace of any size for `npm run bench:search`, in the import format (through the
// factories the tests use). Seeded, so two runs with the same size and seed import the
// same listings. Shaped like the real thing: about one need to four offers; colleges and
// businesses with a few occupations each (from seeds/occupations.json, named in
// Vietnamese, English, without diacritics or by a synonym); skills from the taxonomy's
// groups in any of their names; Hà Nội districts; dates over the coming year; budgets and
// prices in VND, USD and EUR per hour, day, month or in total; languages; remote experts;
// a mix of verified and unverified owners; some closed listings and unknown occupations.

type Occupation = { key: string; nameVi: string; nameEn: string; synonyms: string[]; skills: (string | string[])[] }
type Point = { lat: number; lng: number }

/** A small, fast PRNG (mulberry32): the same seed gives the same marketplace. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const DISTRICTS: readonly (Point & { name: string })[] = [
  { name: 'Ba Đình', lat: 21.034, lng: 105.814 },
  { name: 'Hoàn Kiếm', lat: 21.0285, lng: 105.8542 },
  { name: 'Đống Đa', lat: 21.0181, lng: 105.8292 },
  { name: 'Hai Bà Trưng', lat: 21.0059, lng: 105.8575 },
  { name: 'Cầu Giấy', lat: 21.0362, lng: 105.7906 },
  { name: 'Thanh Xuân', lat: 20.9936, lng: 105.811 },
  { name: 'Hoàng Mai', lat: 20.9748, lng: 105.8636 },
  { name: 'Long Biên', lat: 21.0545, lng: 105.8889 },
  { name: 'Tây Hồ', lat: 21.07, lng: 105.819 },
  { name: 'Nam Từ Liêm', lat: 21.0124, lng: 105.7659 },
  { name: 'Bắc Từ Liêm', lat: 21.07, lng: 105.76 },
  { name: 'Hà Đông', lat: 20.9714, lng: 105.7788 },
  { name: 'Đông Anh', lat: 21.1367, lng: 105.8497 },
  { name: 'Gia Lâm', lat: 21.02, lng: 105.94 },
  { name: 'Sóc Sơn', lat: 21.26, lng: 105.85 },
  { name: 'Thạch Thất', lat: 21.03, lng: 105.56 },
  { name: 'Thanh Trì', lat: 20.94, lng: 105.84 },
  { name: 'Hoài Đức', lat: 21.03, lng: 105.7 },
  { name: 'Mê Linh', lat: 21.18, lng: 105.72 },
  { name: 'Thường Tín', lat: 20.87, lng: 105.86 },
]

/** Occupations the taxonomy does not know: their listings meet through their own words only. */
const UNKNOWN_OCCUPATIONS = [
  { vi: 'Gốm sứ Bát Tràng', en: 'Ceramics' },
  { vi: 'Mộc mỹ nghệ', en: 'Fine woodworking' },
  { vi: 'Nhiếp ảnh', en: 'Photography' },
  { vi: 'Thêu tay', en: 'Hand embroidery' },
]

const BRANDS = ['Hoàng Long', 'Minh Phát', 'Thành Công', 'Sao Mai', 'Đại Việt', 'An Khang', 'Phú Thịnh', 'Hưng Thịnh', 'Tân Tiến', 'Việt Nhật', 'Hà Thành', 'Kim Long', 'Bình Minh', 'Trường Sơn', 'Hồng Hà', 'Lotus', 'Sakura', 'Hanwha Vina', 'Rhein Technik', 'Mekong']

const EXPERT_ORIGINS = [
  { country: 'DE', languages: ['de', 'en'], first: ['Lukas', 'Anna', 'Jonas', 'Katrin', 'Felix', 'Sabine'], last: ['Hoffmann', 'Schneider', 'Weber', 'Becker'] },
  { country: 'JP', languages: ['ja', 'en'], first: ['Haruto', 'Yui', 'Kenji', 'Aiko'], last: ['Tanaka', 'Suzuki', 'Sato', 'Watanabe'] },
  { country: 'KR', languages: ['ko', 'en'], first: ['Minjun', 'Jiwoo', 'Seoyeon', 'Hyun'], last: ['Kim', 'Park', 'Lee', 'Choi'] },
  { country: 'FR', languages: ['fr', 'en'], first: ['Camille', 'Julien', 'Claire', 'Louis'], last: ['Martin', 'Bernard', 'Dubois', 'Laurent'] },
  { country: 'GB', languages: ['en'], first: ['James', 'Emily', 'Oliver', 'Sarah'], last: ['Smith', 'Taylor', 'Brown', 'Wilson'] },
  { country: 'AU', languages: ['en'], first: ['Daniel', 'Chloe', 'Liam', 'Grace'], last: ['Nguyen', 'Walker', 'Harris', 'Clarke'] },
  { country: 'VN', languages: ['vi', 'en'], first: ['Minh Anh', 'Quốc Bảo', 'Thu Hà', 'Đức Huy'], last: ['Nguyễn', 'Trần', 'Lê', 'Phạm'] },
] as const

/** "Công nghệ ô tô" → "Cong nghe o to": how people type without a Vietnamese keyboard. */
export function withoutDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
}

export function loadOccupations(): Occupation[] {
  return JSON.parse(fs.readFileSync(path.join(seedsDir, 'occupations.json'), 'utf8')) as Occupation[]
}

export type MarketplaceSize = { needs: number; offers: number; colleges: number; businesses: number; experts: number }

/** About one need to four offers; a college posts ~8 needs, a business ~12 offers, an expert ~3 services. */
export function marketplaceSize(listings: number): MarketplaceSize {
  const needs = Math.round(listings / 5)
  const offers = listings - needs
  return {
    needs,
    offers,
    colleges: Math.max(5, Math.round(needs / 8)),
    businesses: Math.max(5, Math.round((offers * 0.75) / 12)),
    experts: Math.max(5, Math.round((offers * 0.25) / 3)),
  }
}

export function generateMarketplace(listings: number, seed: number, firstDay: Date): ImportDocumentInput {
  const random = seededRandom(seed)
  const occupations = loadOccupations()
  const size = marketplaceSize(listings)

  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const chance = (p: number) => random() < p
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const weighted = <T>(options: readonly (readonly [T, number])[]): T => {
    let roll = random() * options.reduce((sum, [, weight]) => sum + weight, 0)
    for (const [value, weight] of options) {
      roll -= weight
      if (roll < 0) return value
    }
    return options.at(-1)![0]
  }
  const some = <T>(items: readonly T[], min: number, max: number): T[] => {
    const pool = [...items]
    const out: T[] = []
    for (let n = Math.min(int(min, max), pool.length); n > 0; n--) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!)
    return out
  }
  const near = (point: Point, spread = 0.012): Point => ({
    lat: Math.round((point.lat + (random() - 0.5) * 2 * spread) * 1e5) / 1e5,
    lng: Math.round((point.lng + (random() - 0.5) * 2 * spread) * 1e5) / 1e5,
  })
  const day = (offset: number) => new Date(firstDay.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
  const window = (startFrom: number, startTo: number, minDays: number, maxDays: number) => {
    const start = int(startFrom, startTo)
    return { startDate: day(start), endDate: day(start + int(minDays, maxDays)) }
  }
  const pad = (n: number, width: number) => String(n).padStart(width, '0')
  const round = (amount: number, step: number) => Math.max(step, Math.round(amount / step) * step)

  // Names as people write them: mostly the Vietnamese or English name, sometimes without
  // diacritics or by another name the taxonomy knows.
  const occupationName = (occupation: Occupation) =>
    weighted<() => string>([
      [() => occupation.nameVi, 40],
      [() => occupation.nameEn, 25],
      [() => withoutDiacritics(occupation.nameVi), 15],
      [() => pick(occupation.synonyms.length ? occupation.synonyms : [occupation.nameVi]), 20],
    ])()
  const skillNames = (occupation: Occupation, min: number, max: number) =>
    some(occupation.skills, min, max).map((skill) => {
      const names = typeof skill === 'string' ? [skill] : skill
      return weighted<() => string>([
        [() => names[0]!, 45],
        [() => pick(names.length > 1 ? names.slice(1) : names), 35],
        [() => withoutDiacritics(names[0]!), 20],
      ])()
    })
  /** Occupation and skills of one listing: usually from its owner's fields, now and then one the taxonomy does not know. */
  const subject = (fields: readonly Occupation[]) => {
    if (chance(0.03)) {
      const unknown = pick(UNKNOWN_OCCUPATIONS)
      return { occupation: chance(0.6) ? unknown.vi : unknown.en, skills: [] as string[], en: unknown.en, vi: unknown.vi }
    }
    const occupation = pick(fields)
    return { occupation: occupationName(occupation), skills: chance(0.05) ? [] : skillNames(occupation, 1, 3), en: occupation.nameEn, vi: occupation.nameVi }
  }
  const status = () => (chance(0.9) ? ('open' as const) : ('closed' as const))

  // ── owners
  const colleges = Array.from({ length: size.colleges }, (_, i) => {
    const place = pick(DISTRICTS)
    const fields = some(occupations, 2, 4)
    const record: ImportOrganizationInput = buildCollege({
      key: `bs-col-${pad(i + 1, 5)}`,
      name: `${withoutDiacritics(place.name)} College of ${fields[0]!.nameEn} ${i + 1}`,
      nameVi: `Trường Cao đẳng ${fields[0]!.nameVi} ${place.name} ${i + 1}`,
      district: place.name,
      location: near(place),
      verified: chance(0.85),
    })
    return { record, fields }
  })
  const businesses = Array.from({ length: size.businesses }, (_, i) => {
    const place = pick(DISTRICTS)
    const fields = some(occupations, 1, 3)
    const brand = pick(BRANDS)
    const key = `bs-biz-${pad(i + 1, 5)}`
    const record: ImportOrganizationInput = buildBusiness({
      key,
      name: `${withoutDiacritics(brand)} ${fields[0]!.nameEn} Co., Ltd.`,
      nameVi: `Công ty TNHH ${brand} ${fields[0]!.nameVi}`,
      district: place.name,
      location: near(place, 0.03),
      verified: chance(0.75),
      website: `https://${key}.example.vn`,
      description: `${fields.map((f) => f.nameVi).join(', ')} — ${place.name}, Hà Nội.`,
    })
    return { record, fields }
  })
  const experts = Array.from({ length: size.experts }, (_, i) => {
    const origin = pick(EXPERT_ORIGINS)
    const fields = some(occupations, 1, 2)
    const inHanoi = chance(0.6)
    const record: ImportExpertInput = buildExpert({
      key: `bs-exp-${pad(i + 1, 5)}`,
      name: `${pick(origin.first)} ${pick(origin.last)}`,
      country: origin.country,
      languages: chance(0.2) && !origin.languages.includes('vi' as never) ? [...origin.languages, 'vi'] : [...origin.languages],
      headline: `${fields[0]!.nameEn} trainer`,
      bio: `${int(5, 30)} years of practice in ${fields.map((f) => f.nameEn).join(' and ')}.`,
      location: inHanoi ? near(pick(DISTRICTS)) : null,
      verified: chance(0.7),
    })
    return { record, fields }
  })

  // ── needs: about half internships, a quarter equipment, a quarter experts
  const needs: ImportNeedInput[] = Array.from({ length: size.needs }, (_, i) => {
    const college = pick(colleges)
    const kind = weighted([['internship', 50], ['equipment', 25], ['expert', 25]] as const)
    const { occupation, skills, vi, en } = subject(college.fields)
    const inVietnamese = chance(0.6)
    const skillText = skills.join(', ') || (inVietnamese ? vi : en)
    const common = { key: `bs-need-${pad(i + 1, 6)}`, org: college.record.key, occupations: [occupation], skills, status: status() }
    if (kind === 'internship') {
      const quantity = int(3, 30)
      return buildNeed({
        ...common,
        kind,
        title: inVietnamese ? `Cần chỗ thực tập cho ${quantity} sinh viên ngành ${occupation}` : `Internship places for ${quantity} ${occupation} students`,
        description: inVietnamese ? `Sinh viên năm cuối cần thực hành ${skillText}.` : `Final-year students need hands-on practice in ${skillText}.`,
        quantity,
        ...window(0, 300, 30, 120),
        budget: chance(0.1) ? { amount: round(int(1_500_000, 5_000_000), 100_000), currency: 'VND', per: 'month' } : null,
        languages: weighted([[[], 80], [['vi'], 10], [['en'], 5], [['ja'], 5]] as const).slice(),
        onSite: true,
      })
    }
    if (kind === 'equipment') {
      return buildNeed({
        ...common,
        kind,
        title: inVietnamese ? `Cần thiết bị thực hành ${skillText} cho ngành ${occupation}` : `Training equipment for ${occupation}: ${skillText}`,
        description: inVietnamese ? `Xưởng thực hành của trường thiếu thiết bị cho ${skillText}.` : `Our training workshop lacks equipment for ${skillText}.`,
        quantity: int(1, 20),
        ...window(0, 300, 30, 365),
        budget: weighted([
          [null, 50],
          [{ amount: round(int(10_000_000, 500_000_000), 1_000_000), currency: 'VND' as const, per: 'total' as const }, 35],
          [{ amount: round(int(2_000_000, 30_000_000), 100_000), currency: 'VND' as const, per: 'month' as const }, 15],
        ]),
        languages: [],
        onSite: true,
      })
    }
    return buildNeed({
      ...common,
      kind,
      title: inVietnamese ? `Cần chuyên gia ${occupation} giảng dạy ${skillText}` : `${occupation} expert to teach ${skillText}`,
      description: inVietnamese ? `Khóa đào tạo giáo viên và sinh viên về ${skillText}.` : `A course for teachers and students on ${skillText}.`,
      quantity: int(1, 2),
      ...window(0, 300, 5, 90),
      budget: weighted([
        [{ amount: int(300, 900), currency: 'USD' as const, per: 'day' as const }, 35],
        [{ amount: int(250, 800), currency: 'EUR' as const, per: 'day' as const }, 15],
        [{ amount: int(40, 120), currency: 'USD' as const, per: 'hour' as const }, 15],
        [{ amount: round(int(30_000_000, 120_000_000), 1_000_000), currency: 'VND' as const, per: 'month' as const }, 15],
        [{ amount: round(int(50_000_000, 400_000_000), 1_000_000), currency: 'VND' as const, per: 'total' as const }, 10],
        [null, 10],
      ]),
      languages: [weighted([['en', 45], ['de', 15], ['ja', 15], ['ko', 10], ['fr', 5], ['vi', 10]] as const)],
      onSite: chance(0.7),
    })
  })

  // ── offers: placements, equipment, sponsorship and training orders from businesses; services from experts
  const offers: ImportOfferInput[] = Array.from({ length: size.offers }, (_, i) => {
    const kind = weighted([['placement', 36], ['equipment', 25], ['sponsorship', 10], ['expert_service', 25], ['training_order', 4]] as const)
    const key = `bs-off-${pad(i + 1, 6)}`
    const inVietnamese = chance(0.6)
    if (kind === 'expert_service') {
      const expert = pick(experts)
      const { occupation, skills, vi, en } = subject(expert.fields)
      const remote = expert.record.location === null || chance(0.3)
      const skillText = skills.join(', ') || en
      return buildOffer({
        key,
        expert: expert.record.key,
        kind,
        title: inVietnamese ? `Chuyên gia ${occupation}: đào tạo ${skillText}` : `${occupation} training: ${skillText}`,
        description: inVietnamese ? `Đào tạo giáo viên về ${skillText} (${vi}).` : `Train-the-trainer courses on ${skillText} (${en}).`,
        occupations: [occupation],
        skills,
        capacity: 1,
        ...window(-30, 300, 30, 365),
        price: weighted([
          [{ amount: int(250, 950), currency: 'USD' as const, per: 'day' as const }, 35],
          [{ amount: int(220, 850), currency: 'EUR' as const, per: 'day' as const }, 20],
          [{ amount: int(35, 120), currency: 'USD' as const, per: 'hour' as const }, 20],
          [{ amount: int(30, 110), currency: 'EUR' as const, per: 'hour' as const }, 10],
          [{ amount: round(int(5_000_000, 25_000_000), 100_000), currency: 'VND' as const, per: 'day' as const }, 10],
          [null, 5],
        ]),
        languages: [...expert.record.languages],
        remote,
        location: remote ? null : expert.record.location,
        status: status(),
      })
    }
    const business = pick(businesses)
    const { occupation, skills, vi, en } = subject(business.fields)
    const skillText = skills.join(', ') || (inVietnamese ? vi : en)
    const common = {
      key,
      org: business.record.key,
      occupations: [occupation],
      skills,
      location: near(business.record.location ?? DISTRICTS[0]!, 0.005),
      remote: false,
      status: status(),
    }
    if (kind === 'placement') {
      return buildOffer({
        ...common,
        kind,
        title: inVietnamese ? `Nhận thực tập sinh ngành ${occupation}` : `${occupation} internship placements`,
        description: inVietnamese ? `Thực tập tại xưởng có người hướng dẫn: ${skillText}.` : `Workshop placement with a mentor: ${skillText}.`,
        capacity: int(2, 30),
        ...window(-30, 300, 60, 365),
        price: null,
        languages: weighted([[['vi'], 70], [['vi', 'en'], 20], [['vi', 'ja'], 5], [['vi', 'ko'], 5]] as const).slice(),
      })
    }
    if (kind === 'equipment') {
      const terms = weighted([['donate', 30], ['lend', 35], ['lease', 35]] as const)
      return buildOffer({
        ...common,
        kind,
        title: inVietnamese ? `Thiết bị ${skillText} cho ngành ${occupation}` : `${skillText} equipment for ${occupation}`,
        description: inVietnamese ? `Thiết bị đã qua sử dụng, còn tốt, phục vụ đào tạo ${vi}.` : `Used equipment in good condition for ${en} training.`,
        capacity: int(1, 20),
        ...window(-30, 300, 60, 365),
        equipmentTerms: terms,
        price:
          terms !== 'lease'
            ? null
            : chance(0.7)
              ? { amount: round(int(2_000_000, 40_000_000), 100_000), currency: 'VND', per: 'month' }
              : { amount: round(int(200_000, 2_000_000), 10_000), currency: 'VND', per: 'day' },
        languages: ['vi'],
      })
    }
    if (kind === 'training_order') {
      return buildOffer({
        ...common,
        kind,
        title: inVietnamese ? `Đặt hàng đào tạo: tuyển người tốt nghiệp ngành ${occupation}` : `Training order: hiring ${occupation} graduates`,
        description: inVietnamese ? `Tuyển người tốt nghiệp thành thạo ${skillText}.` : `We hire graduates proficient in ${skillText}.`,
        capacity: int(5, 50),
        // the end date is the date graduates must be ready by
        ...window(-30, 300, 90, 365),
        price: null,
        languages: ['vi'],
        standard: inVietnamese ? `Thành thạo ${skillText}` : `Proficient in ${skillText}`,
      })
    }
    return buildOffer({
      ...common,
      kind,
      title: inVietnamese ? `Tài trợ chương trình đào tạo ${occupation}` : `Sponsorship for ${occupation} training`,
      description: inVietnamese ? `Quỹ học bổng và thiết bị cho ${skillText}.` : `Scholarships and equipment funding for ${skillText}.`,
      ...window(-30, 300, 90, 365),
      price: chance(0.7)
        ? { amount: round(int(20_000_000, 500_000_000), 1_000_000), currency: 'VND', per: 'total' }
        : { amount: round(int(2_000, 30_000), 100), currency: 'USD', per: 'total' },
      languages: chance(0.7) ? ['vi'] : ['vi', 'en'],
    })
  })

  return buildDocument({
    version: 2,
    organizations: [...colleges.map((c) => c.record), ...businesses.map((b) => b.record)],
    experts: experts.map((e) => e.record),
    needs,
    offers,
  })
}

export type LoadedMarketplace<T> = {
  doc: ImportDocumentInput
  generateSeconds: number
  importSeconds: number
  rebuilt: { needs: number; offers: number; ms: number }
  /** what `afterReindex` returned */
  afterReindex: T
}

/**
 * Both benches' data: `listings` generated listings imported into the running services, and
 * the search index rebuilt from the database, then checked against it. `afterReindex` runs
 * between the rebuild and settling the import's own search entries (bench:search samples
 * Meilisearch's memory there). Server modules are imported here, after the caller has set
 * the environment.
 */
export async function loadMarketplace<T = undefined>(
  listings: number,
  seed: number,
  firstDay: Date,
  progress: (message: string) => void,
  afterReindex: () => T = () => undefined as T,
): Promise<LoadedMarketplace<T>> {
  const { prisma } = await import('~/modules/db/db.server')
  const { importDocument } = await import('~/modules/import/import.server')
  const { reindexAll } = await import('~/modules/search/sync.server')
  const { searchParity } = await import('~/modules/search/parity.server')

  progress(`generating ${listings} listings`)
  let t0 = performance.now()
  const doc = generateMarketplace(listings, seed, firstDay)
  const generateSeconds = (performance.now() - t0) / 1000

  progress('importing')
  t0 = performance.now()
  const imported = await importDocument(doc)
  if (!imported.ok) throw new Error(`generated listings are not a valid import document: ${imported.errors.slice(0, 5).map((e) => `${e.path}: ${e.message}`).join('; ')}`)
  const importSeconds = (performance.now() - t0) / 1000

  // reindexAll pushes again what changed in the second before it began: start past that
  // second, so the measurement is the rebuild alone.
  await new Promise((resolve) => setTimeout(resolve, 1100))
  progress('reindexing')
  let shown = -1
  const rebuilt = await reindexAll({
    onProgress: (done, total) => {
      const tenth = Math.floor((10 * done) / Math.max(1, total))
      if (tenth !== shown) progress(`reindexing ${done}/${total}`)
      shown = tenth
    },
  })
  const afterReindexed = afterReindex()
  // The rebuild wrote every listing the import committed: the import's own search entries
  // would push the same documents again, so they are settled here.
  await prisma.outboxEntry.updateMany({ where: { kind: 'search_index', status: 'pending' }, data: { status: 'done', processedAt: new Date() } })
  const parity = await searchParity({ sample: 200 })
  if (!parity.ok) throw new Error(`index and database disagree after the reindex: ${JSON.stringify(parity)}`)
  return { doc, generateSeconds, importSeconds, rebuilt, afterReindex: afterReindexed }
}
