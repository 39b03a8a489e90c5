// npx tsx tests/relevance/open-set/generate.ts — writes listings.json and judgments.json here.
//
// The open-vocabulary labelled set (README.md beside this file): what a real term brings that
// the demo does not. Most colleges teach occupations the 48-occupation taxonomy of issue 16's
// day did not know; a third of the texts are typed the way people type (short forms, half the
// diacritics, a slipped key, titles in capitals); experts write in English for colleges
// writing in Vietnamese. Each listing is built from what it MEANS (its occupation, its
// skills, its place, its terms) and its judgments follow from that meaning by the dev set's
// grading rules, never from what matching returns. Deterministic: same output every run.

import fs from 'node:fs'
import path from 'node:path'

type Field = {
  key: string
  /** fields in one group are related (grade 1 for each other) */
  group: string
  /** true: one of the taxonomy's 48 occupations (the set's known minority) */
  known: boolean
  vi: string[]
  en: string[]
  skillsVi: string[]
  skillsEn: string[]
  itemVi: string
  itemEn: string
}

// Occupations the taxonomy of issue 16's day did not know (each checked: it resolves to no
// taxonomy occupation), in pairs of related fields; then four it knew.
const FIELDS: Field[] = [
  { key: 'crane', group: 'lifting', known: false, vi: ['Vận hành cần trục', 'Vận hành cẩu tháp', 'Lái cẩu'], en: ['Crane operation', 'Crane operator', 'Tower crane operation'], skillsVi: ['lái cẩu tháp', 'tín hiệu móc cáp', 'an toàn nâng hạ'], skillsEn: ['tower crane driving', 'rigging signals', 'lifting safety'], itemVi: 'mô hình cẩu tháp', itemEn: 'tower crane simulator' },
  { key: 'earthmoving', group: 'lifting', known: false, vi: ['Vận hành máy thi công nền', 'Vận hành máy xúc', 'Lái máy đào'], en: ['Earthmoving machinery operation', 'Excavator operator', 'Heavy equipment operation'], skillsVi: ['điều khiển máy xúc', 'san ủi mặt bằng', 'bảo dưỡng máy thi công'], skillsEn: ['excavator control', 'site grading', 'heavy equipment servicing'], itemVi: 'máy xúc mini', itemEn: 'mini excavator' },
  { key: 'marine-engine', group: 'maritime', known: false, vi: ['Sửa chữa máy tàu thủy', 'Máy tàu thủy', 'Kỹ thuật máy tàu biển'], en: ['Marine engine repair', 'Marine engineering', 'Ship engine mechanic'], skillsVi: ['động cơ diesel tàu thủy', 'hệ trục chân vịt', 'bơm cao áp'], skillsEn: ['marine diesel engines', 'propeller shafting', 'fuel injection pumps'], itemVi: 'động cơ diesel tàu thủy', itemEn: 'marine diesel engine' },
  { key: 'ship-navigation', group: 'maritime', known: false, vi: ['Điều khiển tàu biển', 'Điều khiển phương tiện thủy', 'Thuyền trưởng tàu sông'], en: ['Ship navigation', 'Deck officer', 'Nautical science'], skillsVi: ['hải đồ', 'radar hàng hải', 'tránh va trên biển'], skillsEn: ['nautical charts', 'marine radar', 'collision regulations'], itemVi: 'mô phỏng buồng lái tàu', itemEn: 'ship bridge simulator' },
  { key: 'aquaculture', group: 'natural', known: false, vi: ['Nuôi trồng thủy sản', 'Nuôi tôm cá', 'Kỹ thuật nuôi thủy sản'], en: ['Aquaculture', 'Fish farming', 'Shrimp and fish farming'], skillsVi: ['nuôi tôm thẻ', 'quản lý ao nuôi', 'phòng bệnh tôm cá'], skillsEn: ['shrimp farming', 'pond management', 'fish health'], itemVi: 'hệ thống sục khí ao nuôi', itemEn: 'pond aeration system' },
  { key: 'forestry', group: 'natural', known: false, vi: ['Lâm sinh', 'Trồng và quản lý rừng', 'Kỹ thuật lâm sinh'], en: ['Forestry', 'Silviculture', 'Forest management'], skillsVi: ['trồng rừng', 'vườn ươm cây giống', 'phòng cháy chữa cháy rừng'], skillsEn: ['reforestation', 'tree nursery', 'forest fire prevention'], itemVi: 'máy cưa xích', itemEn: 'chainsaw' },
  { key: 'boiler', group: 'plant', known: false, vi: ['Vận hành lò hơi', 'Công nghệ lò hơi', 'Thợ lò hơi'], en: ['Boiler operation', 'Boiler operator', 'Steam boiler technology'], skillsVi: ['lò hơi công nghiệp', 'xử lý nước lò hơi', 'an toàn thiết bị áp lực'], skillsEn: ['industrial boilers', 'boiler water treatment', 'pressure vessel safety'], itemVi: 'lò hơi mini', itemEn: 'training boiler' },
  { key: 'elevator', group: 'plant', known: false, vi: ['Lắp đặt thang máy', 'Kỹ thuật thang máy', 'Sửa chữa thang máy'], en: ['Elevator installation', 'Lift technician', 'Elevator maintenance'], skillsVi: ['lắp ráp ray thang máy', 'tủ điều khiển thang máy', 'cứu hộ thang máy'], skillsEn: ['lift rail alignment', 'elevator control panels', 'lift rescue'], itemVi: 'mô hình thang máy', itemEn: 'elevator training rig' },
  { key: 'aircraft', group: 'aviation', known: false, vi: ['Bảo dưỡng tàu bay', 'Kỹ thuật bảo dưỡng máy bay', 'Sửa chữa máy bay'], en: ['Aircraft maintenance', 'Aircraft mechanic', 'Aviation maintenance'], skillsVi: ['kiểm tra thân vỏ tàu bay', 'hệ thống thủy lực tàu bay', 'động cơ tuốc bin'], skillsEn: ['airframe inspection', 'aircraft hydraulics', 'turbine engines'], itemVi: 'bộ dụng cụ bảo dưỡng tàu bay', itemEn: 'aircraft maintenance tool kit' },
  { key: 'ground-handling', group: 'aviation', known: false, vi: ['Nghiệp vụ sân đỗ tàu bay', 'Phục vụ sân đỗ', 'Kỹ thuật sân đỗ'], en: ['Ramp services', 'Ramp agent', 'Apron operations'], skillsVi: ['xếp dỡ hành lý', 'kéo đẩy tàu bay', 'an toàn sân đỗ'], skillsEn: ['baggage loading', 'aircraft pushback', 'apron safety'], itemVi: 'xe băng chuyền hành lý', itemEn: 'baggage belt loader' },
  { key: 'printing', group: 'craft', known: false, vi: ['Công nghệ in', 'Kỹ thuật in', 'Thợ in'], en: ['Printing technology', 'Print production', 'Printing press operation'], skillsVi: ['in offset', 'in lụa', 'vận hành máy in'], skillsEn: ['offset printing', 'screen printing', 'press operation'], itemVi: 'máy in offset', itemEn: 'offset press' },
  { key: 'ceramics', group: 'craft', known: false, vi: ['Kỹ thuật gốm sứ', 'Gốm sứ', 'Sản xuất gốm'], en: ['Ceramics', 'Pottery', 'Ceramic production'], skillsVi: ['tạo hình gốm', 'pha men gốm', 'nung lò gas'], skillsEn: ['pottery forming', 'ceramic glazing', 'kiln firing'], itemVi: 'lò nung gốm', itemEn: 'ceramic kiln' },
  { key: 'lacquer', group: 'craft', known: false, vi: ['Sơn mài', 'Kỹ thuật sơn mài', 'Làm tranh sơn mài'], en: ['Lacquerware', 'Lacquer art', 'Lacquer painting'], skillsVi: ['mài tranh sơn mài', 'pha sơn ta', 'dát vàng bạc'], skillsEn: ['lacquer polishing', 'lacquer mixing', 'gold leaf inlay'], itemVi: 'tủ ủ sơn mài', itemEn: 'lacquer drying cabinet' },
  { key: 'hvac', group: 'hvac', known: true, vi: ['Điện lạnh', 'Kỹ thuật máy lạnh và điều hòa không khí', 'Sửa chữa điều hòa'], en: ['Refrigeration and air-conditioning', 'HVAC technician', 'Air-conditioning repair'], skillsVi: ['lắp đặt điều hòa', 'nạp gas lạnh', 'sửa tủ lạnh'], skillsEn: ['air conditioner installation', 'refrigerant charging', 'refrigerator repair'], itemVi: 'mô hình điều hòa trung tâm', itemEn: 'central air-conditioning trainer' },
  { key: 'automotive', group: 'auto', known: true, vi: ['Công nghệ ô tô', 'Sửa chữa ô tô', 'Bảo dưỡng ô tô'], en: ['Automotive technology', 'Automotive repair', 'Car maintenance'], skillsVi: ['chẩn đoán động cơ', 'hệ thống phanh', 'điện ô tô'], skillsEn: ['engine diagnostics', 'brake systems', 'automotive electrical systems'], itemVi: 'động cơ ô tô cắt bổ', itemEn: 'cutaway car engine' },
  { key: 'welding', group: 'metal', known: true, vi: ['Hàn', 'Công nghệ hàn', 'Kỹ thuật hàn'], en: ['Welding', 'Welder', 'Welding technology'], skillsVi: ['hàn TIG', 'hàn MIG', 'kiểm tra mối hàn'], skillsEn: ['TIG welding', 'MIG welding', 'weld inspection'], itemVi: 'máy hàn TIG', itemEn: 'TIG welder' },
  { key: 'culinary', group: 'kitchen', known: true, vi: ['Kỹ thuật chế biến món ăn', 'Nấu ăn', 'Đầu bếp'], en: ['Culinary arts', 'Cook', 'Chef training'], skillsVi: ['món Âu', 'an toàn thực phẩm', 'quản lý bếp'], skillsEn: ['western cuisine', 'food safety', 'kitchen management'], itemVi: 'bếp công nghiệp', itemEn: 'commercial kitchen range' },
  { key: 'accounting', group: 'office', known: true, vi: ['Kế toán doanh nghiệp', 'Kế toán', 'Kế toán tổng hợp'], en: ['Business accounting', 'Accounting', 'Accountant'], skillsVi: ['phần mềm MISA', 'kế toán thuế', 'lập báo cáo tài chính'], skillsEn: ['MISA software', 'tax accounting', 'financial reporting'], itemVi: 'máy tính có phần mềm kế toán', itemEn: 'computers with accounting software' },
]

// ───────────────────────────── messy text ─────────────────────────────

/** Short forms people type, whole words only: [full, short]. */
const SHORT_VI: [RegExp, string][] = [
  [/sinh viên/gi, 'SV'], [/học sinh/gi, 'HS'], [/thực tập/gi, 'TT'], [/doanh nghiệp/gi, 'DN'], [/cao đẳng/gi, 'CĐ'],
  [/trung cấp/gi, 'TC'], [/kỹ thuật viên/gi, 'KTV'], [/nhân viên/gi, 'NV'], [/công nhân/gi, 'CN'],
]
const SHORT_EN: [RegExp, string][] = [
  [/\btechnician\b/gi, 'tech'], [/\bmaintenance\b/gi, 'maint.'], [/\bengineering\b/gi, 'eng.'], [/\bmanagement\b/gi, 'mgmt'],
  [/\bassistant\b/gi, 'asst.'], [/\boperation\b/gi, 'ops'], [/\btechnology\b/gi, 'tech'],
]
const shorten = (text: string, en: boolean) => (en ? SHORT_EN : SHORT_VI).reduce((t, [from, to]) => t.replace(from, to), text)

const strip = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')
/** Every other word without its diacritics ("Kỹ thuat sửa chua"). */
const halfDiacritics = (text: string) => text.split(' ').map((w, i) => (i % 2 === 1 ? strip(w) : w)).join(' ')
/** Two neighbouring letters swapped in the longest word of five letters or more. */
function slippedKey(text: string): string {
  const words = text.split(' ')
  let at = -1
  words.forEach((w, i) => {
    if (w.length >= 5 && (at < 0 || w.length > words[at]!.length)) at = i
  })
  if (at < 0) return text
  const w = words[at]!
  const i = Math.floor(w.length / 2)
  words[at] = w.slice(0, i - 1) + w[i] + w[i - 1] + w.slice(i + 1)
  return words.join(' ')
}

type Mess = 'short' | 'half' | 'slip' | 'caps' | null
/** A third of the listings are messy, each in one of four ways, in turn. */
function messOf(n: number): Mess {
  if (n % 3 !== 0) return null
  return (['short', 'half', 'slip', 'caps'] as const)[(n / 3) % 4]!
}
function messy(text: string, mess: Mess, en: boolean): string {
  switch (mess) {
    case 'short':
      return shorten(text, en)
    case 'half':
      return en ? text : halfDiacritics(text)
    case 'slip':
      return slippedKey(text)
    case 'caps':
      return text.toUpperCase()
    default:
      return text
  }
}
/** Occupation names get the same mess, except capitals (titles are what people shout). */
const messyName = (text: string, mess: Mess, en: boolean) => (mess === 'caps' ? text : messy(text, mess, en))

// ───────────────────────────── places ─────────────────────────────

const PLACES = [
  { district: 'Cầu Giấy', lat: 21.0362, lng: 105.7906 },
  { district: 'Hoàng Mai', lat: 20.9748, lng: 105.8636 },
  { district: 'Long Biên', lat: 21.0545, lng: 105.8889 },
  { district: 'Hà Đông', lat: 20.9714, lng: 105.7788 },
  { district: 'Bắc Từ Liêm', lat: 21.0705, lng: 105.7636 },
  { district: 'Thanh Xuân', lat: 20.9935, lng: 105.8113 },
]
/** Far from every college: Sóc Sơn and Ba Vì. */
const FAR = [
  { district: 'Sóc Sơn', lat: 21.2567, lng: 105.8484 },
  { district: 'Ba Vì', lat: 21.1995, lng: 105.4234 },
]
const jitter = (n: number) => ((n * 37) % 11) / 1000 - 0.005

function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 12_742 * Math.asin(Math.sqrt(h))
}

// ───────────────────────────── listings ─────────────────────────────

type Loc = { lat: number; lng: number }
type Org = { key: string; kind: 'college' | 'business'; name: string; nameVi: string; district: string; location: Loc; verified: boolean }
type Expert = { key: string; name: string; country: string; languages: string[]; headline: string; bio: string; location: Loc | null; verified: boolean }
type Money = { amount: number; currency: string; per: 'hour' | 'day' | 'month' | 'total' } | null
type Need = {
  key: string; org: string; kind: 'internship' | 'equipment' | 'expert'; title: string; description: string; occupations: string[]; skills: string[]
  quantity: number; startDate: string; endDate: string; budget: Money; languages: string[]; days?: number; onSite: boolean; status: 'open'
}
type Offer = {
  key: string; org?: string; expert?: string; kind: 'placement' | 'equipment' | 'sponsorship' | 'expert_service'; title: string; description: string
  occupations: string[]; skills: string[]; capacity?: number; startDate: string; endDate: string; price: Money
  equipmentTerms: 'donate' | 'lend' | 'lease' | null; languages: string[]; remote: boolean; location: Loc | null; status: 'open' | 'closed'
}
/** What a listing means, for the judgments (not in the file). */
type Meaning = { field: Field; skills: number[]; place: Loc | null }

const orgs: Org[] = []
const experts: Expert[] = []
const needs: (Need & { meaning: Meaning })[] = []
const offers: (Offer & { meaning: Meaning })[] = []
let counter = 0
let messyCount = 0
const next = () => ++counter
const pad = (n: number) => String(n).padStart(3, '0')

const NEED_WINDOW = { startDate: '2027-09-06', endDate: '2027-12-17' }
const OFFER_WINDOW = { startDate: '2027-08-02', endDate: '2028-01-28' }
/** Over before any need starts: every offer in it is forbidden. */
const EARLY_WINDOW = { startDate: '2027-03-01', endDate: '2027-06-30' }

FIELDS.forEach((field, f) => {
  const home = PLACES[f % PLACES.length]!
  const at = (base: Loc, n: number): Loc => ({ lat: +(base.lat + jitter(n)).toFixed(5), lng: +(base.lng + jitter(n + 3)).toFixed(5) })
  const vi = field.vi
  const en = field.en

  // The college and its needs (Vietnamese, some messy).
  const college: Org = {
    key: `org-o${pad(next())}`, kind: 'college', name: `${home.district} College of ${en[0]}`, nameVi: `Trường Cao đẳng ${vi[0]} ${home.district}`,
    district: home.district, location: at(home, f), verified: f % 4 !== 3,
  }
  orgs.push(college)
  const needOf = (kind: Need['kind'], n: number, body: Omit<Need, 'key' | 'org' | 'kind' | 'status' | 'occupations' | 'skills' | 'title' | 'description'>, title: string, description: string, skills: number[]) => {
    const mess = messOf(n)
    if (mess) messyCount++
    needs.push({
      key: `need-o${pad(n)}`, org: college.key, kind, status: 'open',
      title: messy(title, mess, false), description: messy(description, mess, false),
      occupations: [messyName(vi[n % vi.length]!, mess, false)], skills: skills.map((i) => messyName(field.skillsVi[i]!, mess, false)),
      ...body, meaning: { field, skills, place: college.location },
    })
  }
  const n1 = next()
  needOf('internship', n1, { quantity: 12, ...NEED_WINDOW, budget: null, languages: [], onSite: true },
    `Cần chỗ thực tập cho sinh viên cao đẳng ngành ${vi[0]}`, `12 sinh viên năm cuối cần thực tập tại doanh nghiệp: ${field.skillsVi.slice(0, 2).join(', ')}.`, [0, 1])
  const n2 = next()
  // Expert needs: Vietnamese text, English (or Vietnamese or German) accepted; some state their days.
  const accepted = f % 3 === 0 ? ['en', 'vi'] : f % 3 === 1 ? ['en'] : ['en', 'de']
  const statesDays = f % 2 === 0
  needOf('expert', n2, {
    quantity: 1, ...NEED_WINDOW, languages: accepted, onSite: true,
    budget: statesDays ? { amount: 4_000, currency: 'USD', per: 'total' } : { amount: 450, currency: 'USD', per: 'day' },
    ...(statesDays ? { days: 10 } : {}),
  }, `Cần chuyên gia đào tạo giáo viên ${vi[1]}`, `Chuyên gia hướng dẫn giáo viên và kỹ thuật viên về ${field.skillsVi.slice(1, 3).join(', ')}.`, [1, 2])
  if (f % 2 === 1 || !field.known) {
    const n3 = next()
    needOf('equipment', n3, { quantity: 2, ...NEED_WINDOW, budget: { amount: 8_000_000, currency: 'VND', per: 'month' }, languages: [], onSite: true },
      `Cần ${field.itemVi} cho xưởng thực hành ${vi[0]}`, `Xưởng thực hành ${vi[2]} thiếu ${field.itemVi}; mượn hoặc thuê đều được.`, [0, 2])
  }

  // Businesses: a near one writing Vietnamese, a near one writing English, a far one.
  const business = (place: Loc, district: string, english: boolean): Org => {
    const n = next()
    const org: Org = {
      key: `org-o${pad(n)}`, kind: 'business', name: `${en[2]} Co. ${n}`, nameVi: english ? `Công ty ${en[2]} ${n}` : `Công ty ${vi[2]} ${n}`,
      district, location: place, verified: n % 3 !== 0,
    }
    orgs.push(org)
    return org
  }
  const nearVi = business(at(home, f + 5), home.district, false)
  const nearEn = business(at(home, f + 7), home.district, true)
  const far = FAR[f % FAR.length]!
  const farOrg = business(at(far, f), far.district, false)

  const offerOf = (o: Omit<Offer, 'key' | 'title' | 'description' | 'occupations' | 'skills'>, english: boolean, name: string, title: string, description: string, skills: number[]) => {
    const n = next()
    const mess = messOf(n)
    if (mess) messyCount++
    offers.push({
      key: `off-o${pad(n)}`, title: messy(title, mess, english), description: messy(description, mess, english),
      occupations: [messyName(name, mess, english)], skills: skills.map((i) => messyName((english ? field.skillsEn : field.skillsVi)[i]!, mess, english)),
      ...o, meaning: { field, skills, place: o.location },
    })
  }
  const base = { ...OFFER_WINDOW, price: null, equipmentTerms: null, languages: ['vi'], remote: false, status: 'open' as const }
  offerOf({ ...base, org: nearVi.key, kind: 'placement', capacity: 15, location: nearVi.location }, false, vi[f % 3]!,
    `Nhận sinh viên thực tập ${vi[0]}`, `Doanh nghiệp nhận sinh viên thực tập có người hướng dẫn: ${field.skillsVi.join(', ')}.`, [0, 1, 2])
  offerOf({ ...base, org: nearEn.key, kind: 'placement', capacity: 12, location: nearEn.location }, true, en[f % 3]!,
    `${en[0]} internship placements`, `Hands-on placements with a mentor: ${field.skillsEn.slice(0, 2).join(', ')}.`, [0, 1])
  offerOf({ ...base, org: farOrg.key, kind: 'placement', capacity: 20, location: farOrg.location }, false, vi[(f + 1) % 3]!,
    `Tuyển thực tập sinh ${vi[0]}`, `Thực tập tại xưởng ở ${far.district}, có chỗ ở: ${field.skillsVi.slice(1).join(', ')}.`, [1, 2])
  // A placement with too few places for a class of twelve, near: still the field, weaker.
  offerOf({ ...base, org: nearVi.key, kind: 'placement', capacity: 3, location: nearVi.location }, false, vi[2]!,
    `Nhận 3 học sinh thực tập ${vi[2]}`, `Chỉ nhận 3 học sinh, làm ca ngày: ${field.skillsVi[2]}.`, [2])
  offerOf({ ...base, org: nearVi.key, kind: 'equipment', capacity: 2, equipmentTerms: 'lend', location: nearVi.location }, false, vi[0]!,
    `Cho mượn ${field.itemVi}`, `Doanh nghiệp cho trường mượn ${field.itemVi} trong một học kỳ, dùng cho ${field.skillsVi[0]}.`, [0])
  offerOf({ ...base, org: nearEn.key, kind: 'equipment', capacity: 1, equipmentTerms: 'donate', languages: ['en'], location: nearEn.location }, true, en[0]!,
    `Donating a ${field.itemEn}`, `A used ${field.itemEn} in working order, for ${field.skillsEn[2]}.`, [2])
  // Leased over the need's budget (8,000,000 VND a month): forbidden for the equipment need.
  offerOf({ ...base, org: farOrg.key, kind: 'equipment', capacity: 2, equipmentTerms: 'lease', price: { amount: 15_000_000, currency: 'VND', per: 'month' }, location: farOrg.location }, false, vi[1]!,
    `Cho thuê ${field.itemVi}`, `Cho thuê ${field.itemVi} theo tháng.`, [0])
  // A sponsorship for the field.
  offerOf({ ...base, org: nearEn.key, kind: 'sponsorship', price: { amount: 50_000_000, currency: 'VND', per: 'total' }, languages: [], location: null }, true, en[0]!,
    `Scholarships for ${en[0]} students`, `Funding towards training in ${en[0]!.toLowerCase()}.`, [])

  // English-writing experts.
  const expertOf = (languages: string[], country: string) => {
    const n = next()
    const e: Expert = {
      key: `exp-o${pad(n)}`, name: `${['Anna', 'Ben', 'Chloé', 'Daniel', 'Eva', 'Finn'][n % 6]} ${['Müller', 'Smith', 'Tanaka', 'Laurent', 'Kim'][n % 5]} ${n}`,
      country, languages, headline: `${en[1]} trainer`, bio: `${10 + (n % 15)} years in ${en[0]!.toLowerCase()}.`, location: null, verified: n % 2 === 0,
    }
    experts.push(e)
    return e
  }
  const speaksEn = expertOf(['en'], 'GB')
  const speaksDe = expertOf(['de'], 'DE')
  const service = (e: Expert, price: Money, remote: boolean, window: { startDate: string; endDate: string }, name: string, skills: number[], status: 'open' | 'closed' = 'open') =>
    offerOf({ expert: e.key, kind: 'expert_service', ...window, price, equipmentTerms: null, languages: e.languages, remote, location: null, status }, true, name,
      `${name} training for instructors`, `Train-the-trainer course: ${skills.map((i) => field.skillsEn[i]).join(', ')}.`, skills)
  service(speaksEn, { amount: 380, currency: 'USD', per: 'day' }, false, OFFER_WINDOW, en[1]!, [1, 2])
  service(speaksEn, { amount: 3_500, currency: 'USD', per: 'total' }, false, OFFER_WINDOW, en[0]!, [0, 1])
  // German only: forbidden where English alone (or English and Vietnamese) is accepted.
  service(speaksDe, { amount: 400, currency: 'USD', per: 'day' }, false, OFFER_WINDOW, en[2]!, [1, 2])
  // Over any budget (the total budgets allow 400 a day over 10 days; the daily ones 450).
  service(speaksEn, { amount: 900, currency: 'USD', per: 'day' }, false, OFFER_WINDOW, en[1]!, [1])
  // Remote only: forbidden for on-site needs.
  service(speaksEn, { amount: 200, currency: 'USD', per: 'day' }, true, OFFER_WINDOW, en[0]!, [2])
  // Over before the needs start, and closed.
  service(speaksEn, { amount: 300, currency: 'USD', per: 'day' }, false, EARLY_WINDOW, en[0]!, [1])
  service(speaksEn, { amount: 300, currency: 'USD', per: 'day' }, false, OFFER_WINDOW, en[0]!, [1], 'closed')
})

// ───────────────────────────── judgments ─────────────────────────────

const KINDS: Record<Need['kind'], Offer['kind'][]> = {
  internship: ['placement', 'sponsorship'],
  equipment: ['equipment', 'sponsorship'],
  expert: ['expert_service', 'sponsorship'],
}
const workingDays = (start: string, end: string) => {
  let count = 0
  for (let d = new Date(`${start}T00:00:00Z`); d <= new Date(`${end}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) {
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6) count++
  }
  return count
}
const PER_DAY = { hour: 8, day: 1, month: 1 / 22 } as const

/** The hard rules (the spec's, restated): why an offer may never be shown for a need. */
function forbidden(need: Need, offer: Offer): boolean {
  if (!KINDS[need.kind].includes(offer.kind)) return true
  if (offer.status !== 'open') return true
  if (offer.startDate > need.endDate || offer.endDate < need.startDate) return true
  if (offer.kind === 'sponsorship') return false
  if (need.languages.length && !need.languages.some((l) => offer.languages.includes(l))) return true
  if (need.onSite && offer.remote) return true
  if (need.budget && offer.price) {
    if (need.budget.currency !== offer.price.currency) throw new Error('the set keeps budgets and prices in one currency')
    const days = need.days ?? workingDays(need.startDate, need.endDate)
    const budgetDaily = need.budget.per === 'total' ? need.budget.amount / days : need.budget.amount * PER_DAY[need.budget.per]
    const budgetTotal = need.budget.per === 'total' ? need.budget.amount : budgetDaily * days
    if (offer.price.per === 'total' ? offer.price.amount > budgetTotal : offer.price.amount * PER_DAY[offer.price.per] > budgetDaily) return true
  }
  return false
}

/**
 * How well an offer serves a need (the dev set's scale): 3 the same occupation with shared
 * skills, near enough (placements within 15 km) and enough places; 2 the same occupation but
 * a weaker fit (far, too few places, no shared skill) or a sponsorship for it; 1 a related
 * field (or a sponsorship for one).
 */
function grade(need: Need & { meaning: Meaning }, offer: Offer & { meaning: Meaning }): number {
  const same = need.meaning.field.key === offer.meaning.field.key
  const related = !same && need.meaning.field.group === offer.meaning.field.group
  if (offer.kind === 'sponsorship') return same ? 2 : related ? 1 : 0
  if (related) return 1
  if (!same) return 0
  const shares = need.meaning.skills.some((s) => offer.meaning.skills.includes(s))
  if (!shares) return 2
  if (offer.kind === 'placement') {
    const distance = need.meaning.place && offer.meaning.place ? km(need.meaning.place, offer.meaning.place) : 0
    if (distance > 15 || (offer.capacity ?? 0) < need.quantity) return 2
  }
  if (offer.kind === 'equipment' && (offer.capacity ?? 0) < need.quantity) return 2
  return 3
}

const judgments: Record<string, { grades: Record<string, number>; forbidden: string[] }> = {}
for (const need of needs) {
  const grades: Record<string, number> = {}
  const never: string[] = []
  for (const offer of offers) {
    if (forbidden(need, offer)) never.push(offer.key)
    else {
      const g = grade(need, offer)
      if (g > 0) grades[offer.key] = g
    }
  }
  judgments[need.key] = { grades, forbidden: never }
}

const strip2 = <T extends { meaning: Meaning }>({ meaning: _meaning, ...rest }: T) => rest
const doc = { version: 1, organizations: orgs, experts, needs: needs.map(strip2), offers: offers.map(strip2) }
const here = import.meta.dirname
fs.writeFileSync(path.join(here, 'listings.json'), `${JSON.stringify(doc, null, 1)}\n`)
fs.writeFileSync(path.join(here, 'judgments.json'), `${JSON.stringify(judgments, null, 1)}\n`)
const outside = needs.filter((n) => !n.meaning.field.known).length
process.stdout.write(
  `${orgs.filter((o) => o.kind === 'college').length} colleges, ${orgs.length} organisations, ${experts.length} experts, ` +
    `${needs.length} needs (${outside} outside the taxonomy), ${offers.length} offers, ` +
    `${messyCount} of them messy\n`,
)
