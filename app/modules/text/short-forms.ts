// Short forms people type in listings, in one place: each folded short form (text.ts
// foldText: lower case, no diacritics) and the folded words it stands for. Applied word by
// word on folded text (text.ts expandShortForms), never inside a word: "sv" is expanded,
// "svg" is not. Only forms that mean one thing in a vocational listing are here; the
// ambiguous ones are handled by their neighbours (CONTEXTUAL_SHORT_FORMS) or left alone
// ("KT" is "kỹ thuật" as often as "kế toán").

export const SHORT_FORMS: Readonly<Record<string, string>> = {
  // Vietnamese
  sv: 'sinh vien',
  hs: 'hoc sinh',
  hssv: 'hoc sinh sinh vien',
  tt: 'thuc tap',
  tts: 'thuc tap sinh',
  dn: 'doanh nghiep',
  cd: 'cao dang',
  tc: 'trung cap',
  ktv: 'ky thuat vien',
  nv: 'nhan vien',
  cntt: 'cong nghe thong tin',
  cnkt: 'cong nghe ky thuat',
  gv: 'giao vien',
  // English
  tech: 'technician',
  techn: 'technician',
  mgmt: 'management',
  mgt: 'management',
  maint: 'maintenance',
  eng: 'engineering',
  engg: 'engineering',
  asst: 'assistant',
  ops: 'operation',
  mech: 'mechanic',
  elec: 'electrical',
  mfg: 'manufacturing',
  equip: 'equipment',
  admin: 'administration',
}

/**
 * Short forms whose meaning depends on a neighbouring word: "CN" is "công nghệ" (technology)
 * before "thông tin" or "kỹ thuật"-like subjects, "công nhân" (worker) after a hiring word
 * or a number ("tuyển 10 CN may"); anywhere else it stays as typed.
 */
type Contextual = {
  /** the word that follows → the expansion */
  before: Readonly<Record<string, string>>
  /** the word that precedes → the expansion */
  after: Readonly<Record<string, string>>
  /** the expansion after a number ("10 CN") */
  afterNumber?: string
}

export const CONTEXTUAL_SHORT_FORMS: Readonly<Record<string, Contextual>> = {
  cn: {
    before: { thong: 'cong nghe', ky: 'cong nghe', ki: 'cong nghe' },
    after: { tuyen: 'cong nhan', can: 'cong nhan', nhan: 'cong nhan' },
    afterNumber: 'cong nhan',
  },
}

/**
 * Words and phrases every kind of listing uses whatever its field ("cần chỗ thực tập cho
 * sinh viên", "internship placements for students"), folded with short forms written out and
 * English plurals dropped (text.ts matchForm): left out when the words of a title say which
 * field a listing is in (text.ts fieldWords). Vietnamese as whole phrases: a single syllable
 * means too many things ("ca" is a shift, and "cá" a fish).
 */
export const LISTING_WORDS: readonly string[] = [
  // Vietnamese
  'thuc tap sinh', 'thuc tap', 'sinh vien', 'hoc sinh', 'doanh nghiep', 'dao tao', 'giao vien', 'chuyen gia', 'cao dang', 'trung cap',
  'truong', 'xuong thuc hanh', 'thuc hanh', 'nam cuoi', 'hoc bong', 'tai tro', 'cong ty', 'cho muon', 'cho thue', 'huong dan',
  // single syllables only where they are never part of a trade's name ("cần" is also the
  // "cần" of "cần trục", crane; "cơ" that of "cơ khí")
  'can cho', 'cho', 'nhan', 'tuyen', 'nganh', 'nghe', 'tai', 'va', 'cua', 'cac', 'nhung', 'mot', 'la', 've', 'tu', 'theo', 'trong', 'voi',
  // English
  'a', 'an', 'the', 'and', 'of', 'for', 'in', 'with', 'on', 'to', 'at', 'by', 'from', 'our', 'your',
  'internship', 'intern', 'placement', 'trainee', 'student', 'graduate', 'training', 'trainer', 'instructor', 'teacher', 'course', 'programme', 'program',
  'scholarship', 'funding', 'donating', 'donation', 'lending', 'loan', 'lease', 'hiring', 'need', 'needed', 'wanted', 'offer', 'company', 'college',
]
