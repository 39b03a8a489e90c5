import type {
  ImportDocumentInput,
  ImportExpertInput,
  ImportNeedInput,
  ImportOfferInput,
  ImportOrganizationInput,
} from '~/modules/import/format'

// Builders of import-format records (spec: import-format.md) with sensible defaults and
// overrides. Tests and seed tooling share them ("seed data and test factories share
// builders"): seeds pass their own stable `key`s; otherwise keys come from a counter.
//
//   const college = buildCollege({ district: 'Cầu Giấy' })
//   const business = buildBusiness()
//   const need = buildNeed({ org: college, kind: 'expert' })
//   const offer = buildOffer({ org: business, kind: 'equipment' })
//   const doc = buildDocument({ organizations: [college, business], needs: [need], offers: [offer] })
//
// The result is plain JSON (what a file holds), so tests can break any field afterwards.

let counter = 0

/** "need-1", "need-2", … unique within this process. */
export function uniqueKey(prefix: string): string {
  counter += 1
  return `${prefix}-${counter}`
}

export function resetKeyCounter() {
  counter = 0
}

type Keyed = { key: string }
type Ref = string | Keyed
const keyOf = (ref: Ref) => (typeof ref === 'string' ? ref : ref.key)

/** Hà Nội districts with a point in each, for locations that look real. */
export const DISTRICTS = [
  { name: 'Cầu Giấy', lat: 21.0362, lng: 105.7906 },
  { name: 'Nam Từ Liêm', lat: 21.0124, lng: 105.7659 },
  { name: 'Hà Đông', lat: 20.9714, lng: 105.7788 },
  { name: 'Long Biên', lat: 21.0545, lng: 105.8889 },
  { name: 'Đông Anh', lat: 21.1367, lng: 105.8497 },
  { name: 'Hoàng Mai', lat: 20.9748, lng: 105.8636 },
] as const

/** Occupations (vi/en) with typical skills, cycled by `buildMarketplace`. */
export const OCCUPATIONS = [
  { vi: 'Hàn', en: 'Welding', skills: ['hàn TIG', 'hàn MIG', 'đọc bản vẽ'] },
  { vi: 'Cơ điện tử', en: 'Mechatronics', skills: ['PLC', 'khí nén', 'cảm biến'] },
  { vi: 'Sửa chữa ô tô', en: 'Automotive repair', skills: ['hệ thống điện ô tô', 'chẩn đoán động cơ'] },
  { vi: 'Quản trị khách sạn', en: 'Hotel management', skills: ['lễ tân', 'tiếng Anh giao tiếp'] },
  { vi: 'Kế toán doanh nghiệp', en: 'Accounting', skills: ['MISA', 'báo cáo thuế'] },
  { vi: 'Cắt gọt kim loại', en: 'CNC machining', skills: ['lập trình CNC', 'tiện', 'phay'] },
] as const

const DEFAULT_START = '2027-03-01'
const DEFAULT_END = '2027-06-30'

function district(n: number) {
  return DISTRICTS[n % DISTRICTS.length]!
}

export function buildCollege(overrides: Partial<ImportOrganizationInput> = {}): ImportOrganizationInput {
  const key = overrides.key ?? uniqueKey('org-college')
  const place = district(counter)
  return {
    key,
    kind: 'college',
    name: `Hà Nội College ${key}`,
    nameVi: `Trường Cao đẳng Hà Nội ${key}`,
    district: place.name,
    location: { lat: place.lat, lng: place.lng },
    verified: true,
    ...overrides,
  }
}

export function buildBusiness(overrides: Partial<ImportOrganizationInput> = {}): ImportOrganizationInput {
  const key = overrides.key ?? uniqueKey('org-business')
  const place = district(counter + 1)
  return {
    key,
    kind: 'business',
    name: `Company ${key}`,
    nameVi: `Công ty ${key}`,
    district: place.name,
    location: { lat: place.lat, lng: place.lng },
    verified: true,
    website: `https://${key}.example.vn`,
    description: 'Manufacturing company in Hà Nội.',
    ...overrides,
  }
}

export function buildExpert(overrides: Partial<ImportExpertInput> = {}): ImportExpertInput {
  const key = overrides.key ?? uniqueKey('exp')
  return {
    key,
    name: `Expert ${key}`,
    country: 'DE',
    languages: ['en', 'de'],
    headline: 'Mechatronics trainer',
    bio: '15 years of industrial practice.',
    location: null,
    verified: true,
    ...overrides,
  }
}

type NeedKind = ImportNeedInput['kind']

const NEED_DEFAULTS: Record<NeedKind, Partial<ImportNeedInput>> = {
  internship: { quantity: 10, budget: null, languages: [] },
  equipment: { quantity: 2, budget: { amount: 20_000_000, currency: 'VND', per: 'total' }, languages: [] },
  expert: { quantity: 1, budget: { amount: 500, currency: 'USD', per: 'day' }, languages: ['en'] },
}

/** `org`: the college (record or key) that posts the need. */
export function buildNeed(overrides: Omit<Partial<ImportNeedInput>, 'org'> & { org?: Ref } = {}): ImportNeedInput {
  const { org, ...rest } = overrides
  const kind: NeedKind = rest.kind ?? 'internship'
  const occupation = OCCUPATIONS[counter % OCCUPATIONS.length]!
  const key = rest.key ?? uniqueKey('need')
  return {
    key,
    ...(org === undefined ? {} : { org: keyOf(org) }),
    kind,
    title: `${kind === 'internship' ? 'Chỗ thực tập' : kind === 'equipment' ? 'Thiết bị' : 'Chuyên gia'} ngành ${occupation.vi}`,
    description: `${occupation.en}: ${occupation.skills.join(', ')}`,
    occupations: [occupation.vi],
    skills: [...occupation.skills],
    startDate: DEFAULT_START,
    endDate: DEFAULT_END,
    onSite: true,
    status: 'open',
    ...NEED_DEFAULTS[kind],
    ...rest,
  } as ImportNeedInput
}

type OfferKind = ImportOfferInput['kind']

const OFFER_DEFAULTS: Record<OfferKind, Partial<ImportOfferInput>> = {
  placement: { capacity: 5, price: null, equipmentTerms: null, languages: ['vi'] },
  equipment: { capacity: 2, price: null, equipmentTerms: 'lend', languages: ['vi'] },
  sponsorship: { price: { amount: 50_000_000, currency: 'VND', per: 'total' }, equipmentTerms: null, languages: ['vi'] },
  expert_service: {
    capacity: 1,
    price: { amount: 450, currency: 'USD', per: 'day' },
    equipmentTerms: null,
    languages: ['en'],
    location: null,
  },
  // Version 2 of the format (buildDocument({ version: 2, … })).
  training_order: { capacity: 10, price: null, equipmentTerms: null, languages: ['vi'], standard: 'Operate the line unsupervised' },
}

/**
 * `org`: the business, or `expert`: the expert (record or key). The kind defaults to
 * `expert_service` for an expert and `placement` for a business.
 */
export function buildOffer(
  overrides: Omit<Partial<ImportOfferInput>, 'org' | 'expert'> & { org?: Ref | null; expert?: Ref | null } = {},
): ImportOfferInput {
  const { org, expert, ...rest } = overrides
  const kind: OfferKind = rest.kind ?? (expert ? 'expert_service' : 'placement')
  const occupation = OCCUPATIONS[counter % OCCUPATIONS.length]!
  const place = district(counter)
  const key = rest.key ?? uniqueKey('offer')
  return {
    key,
    ...(org ? { org: keyOf(org) } : {}),
    ...(expert ? { expert: keyOf(expert) } : {}),
    kind,
    title: `${kind} ${occupation.vi}`,
    description: `${occupation.en}: ${occupation.skills.join(', ')}`,
    occupations: [occupation.vi],
    skills: [...occupation.skills],
    startDate: DEFAULT_START,
    endDate: DEFAULT_END,
    remote: false,
    location: { lat: place.lat, lng: place.lng },
    status: 'open',
    ...OFFER_DEFAULTS[kind],
    ...rest,
  } as ImportOfferInput
}

export function buildDocument(parts: Partial<Omit<ImportDocumentInput, 'version'>> & { version?: unknown } = {}): ImportDocumentInput {
  return {
    version: 1,
    organizations: [],
    experts: [],
    needs: [],
    offers: [],
    ...parts,
  } as ImportDocumentInput
}

const NEED_KINDS: NeedKind[] = ['internship', 'equipment', 'expert']
const BUSINESS_OFFER_KINDS: OfferKind[] = ['placement', 'equipment', 'sponsorship']

/**
 * A coherent document of any size: each college posts needs of every kind in turn, each
 * business offers placements, equipment and sponsorship in turn, each expert one service.
 */
export function buildMarketplace({
  colleges = 2,
  businesses = 2,
  experts = 1,
  needsPerCollege = 2,
  offersPerBusiness = 2,
  prefix = '',
}: {
  colleges?: number
  businesses?: number
  experts?: number
  needsPerCollege?: number
  offersPerBusiness?: number
  /** prepended to every key, e.g. "demo-" */
  prefix?: string
} = {}): ImportDocumentInput {
  const key = (kind: string) => uniqueKey(`${prefix}${kind}`)
  const collegeRecords = Array.from({ length: colleges }, () => buildCollege({ key: key('org-c') }))
  const businessRecords = Array.from({ length: businesses }, () => buildBusiness({ key: key('org-b') }))
  const expertRecords = Array.from({ length: experts }, () => buildExpert({ key: key('exp') }))
  const needs = collegeRecords.flatMap((org, c) =>
    Array.from({ length: needsPerCollege }, (_, i) =>
      buildNeed({ key: key('need'), org, kind: NEED_KINDS[(c + i) % NEED_KINDS.length] }),
    ),
  )
  const offers = [
    ...businessRecords.flatMap((org, b) =>
      Array.from({ length: offersPerBusiness }, (_, i) =>
        buildOffer({ key: key('offer'), org, kind: BUSINESS_OFFER_KINDS[(b + i) % BUSINESS_OFFER_KINDS.length] }),
      ),
    ),
    ...expertRecords.map((expert) => buildOffer({ key: key('offer'), expert })),
  ]
  return buildDocument({ organizations: [...collegeRecords, ...businessRecords], experts: expertRecords, needs, offers })
}
