import { createHash } from 'node:crypto'
import { CsvError, parse } from 'csv-parse/sync'
import { foldText } from '~/modules/text/text'

// Reading a bank statement exported as CSV: the banks' own exports (Vietnamese or English
// headers, after a few lines of account details), amounts written "1.500.000", "1,500,000" or
// "1500000", dates "05/03/2027" or "2027-03-05". Only credits (money in) are kept. A file that
// cannot be read fully is refused with the line at fault; nothing of it is used.
// Reconciliation is statements.server.ts.

export const MAX_STATEMENT_LINES = 5000

/** One credit of the statement. */
export type StatementCredit = {
  /** the line of the file the entry starts on (1-based) */
  lineNo: number
  /** booking date, yyyy-mm-dd */
  bookedOn: string
  /** whole đồng */
  amount: number
  description: string
  /** payment references found in the description, most likely first */
  references: string[]
  /** date, amount and description: the same entry uploaded again has the same fingerprint */
  fingerprint: string
}

export type StatementErrorCode =
  | 'encoding' // not UTF-8 (nor UTF-16 with a byte-order mark)
  | 'syntax' // not CSV (an unclosed quote…)
  | 'noHeader' // no row names a date, a credit amount and a description
  | 'badDate'
  | 'badAmount'
  | 'noCredits' // nothing to reconcile
  | 'tooManyLines'

export type StatementParse =
  | { ok: true; credits: StatementCredit[]; skipped: number }
  | { ok: false; error: { code: StatementErrorCode; line: number } }

// ───────────────────────────── headers ─────────────────────────────

// Folded (no diacritics, lower case) header names, most specific first.
const HEADERS = {
  date: ['ngay giao dich', 'ngay hach toan', 'ngay', 'date', 'transaction date', 'booking date', 'posting date', 'value date'],
  credit: ['so tien ghi co', 'ghi co', 'credit', 'credit amount', 'so tien', 'amount'],
  description: ['noi dung', 'dien giai', 'noi dung giao dich', 'noi dung chi tiet', 'description', 'transaction details', 'details'],
} as const
type Column = keyof typeof HEADERS

/** Where each column is in a row, when the row is a header that names all three; null otherwise. */
function headerColumns(row: readonly string[]): Record<Column, number> | null {
  // "Số tiền ghi có (VND)" → "so tien ghi co"
  const folded = row.map((cell) => foldText(cell).replace(/[^a-z ]+/g, ' ').replace(/\bvnd\b/g, ' ').replace(/\s+/g, ' ').trim())
  const found: Partial<Record<Column, number>> = {}
  for (const column of Object.keys(HEADERS) as Column[]) {
    for (const name of HEADERS[column]) {
      const index = folded.indexOf(name)
      if (index !== -1 && !Object.values(found).includes(index)) {
        found[column] = index
        break
      }
    }
  }
  return found.date !== undefined && found.credit !== undefined && found.description !== undefined ? (found as Record<Column, number>) : null
}

// ───────────────────────────── values ─────────────────────────────

const isRealDate = (year: number, month: number, day: number) => {
  const date = new Date(Date.UTC(year, month - 1, day))
  return year >= 2000 && year <= 2100 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** "05/03/2027" (day first, as Vietnamese banks write it), "5-3-2027" or "2027-03-05", a time after it ignored → "2027-03-05"; null if not a date. */
export function parseStatementDate(text: string): string | null {
  const value = text.trim()
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$/.exec(value)
  const yearFirst = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(value)
  const [year, month, day] = dayFirst
    ? [Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1])]
    : yearFirst
      ? [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])]
      : [0, 0, 0]
  if (!isRealDate(year, month, day)) return null
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * A VND amount as banks write it → whole đồng: "1.500.000", "1,500,000", "1 500 000", "1500000",
 * "1,500,000.00", "1.500.000,00", with or without "VND"/"đ"/"₫" or a sign. Empty → 0 (no credit
 * on this line). Null when it is not an amount, or has a fraction of a đồng.
 */
export function parseStatementAmount(text: string): number | null {
  let value = text
    .trim()
    .replace(/^(vnd|vnđ|₫)\s*/i, '')
    .replace(/\s*(vnd|vnđ|đ|₫)$/i, '')
    .replace(/^\+/, '')
    .replace(/[\s\u00a0]/g, '')
  if (value === '' || value === '-') return 0
  const negative = value.startsWith('-') || /^\(.*\)$/.test(value)
  value = value.replace(/^-|^\(|\)$/g, '')
  let whole: string
  let fraction = ''
  if (/^\d+$/.test(value)) whole = value
  else if (/^\d{1,3}(\.\d{3})+$/.test(value) || /^\d{1,3}(,\d{3})+$/.test(value)) whole = value.replace(/[.,]/g, '')
  else if (/^\d{1,3}(,\d{3})*\.\d{1,2}$/.test(value) || /^\d+\.\d{1,2}$/.test(value)) [whole, fraction] = value.replace(/,/g, '').split('.') as [string, string]
  else if (/^\d{1,3}(\.\d{3})*,\d{1,2}$/.test(value) || /^\d+,\d{1,2}$/.test(value)) [whole, fraction] = value.replace(/\./g, '').split(',') as [string, string]
  else return null
  if (/[1-9]/.test(fraction)) return null
  const amount = Number(whole)
  if (!Number.isSafeInteger(amount)) return null
  return negative ? -amount : amount
}

// ───────────────────────────── references ─────────────────────────────

// "CN" and 8 of the reference alphabet (payments.server.ts: no 0/O, 1/I), in any case, with the
// spaces, dashes, dots or underscores banking apps put in. Every start is tried, so "CNCN…" or
// a reference glued to the words around it is still found.
const REFERENCE = /C[\s._-]*N((?:[\s._-]*[A-HJ-NP-Z2-9]){8})/giy

/** The references a transfer's content may carry, normalised ("CNABCD2345"), those written without separators first. */
export function referenceCandidates(text: string): string[] {
  const compact: string[] = []
  const spaced: string[] = []
  const upper = text.toUpperCase()
  for (let start = upper.indexOf('C'); start !== -1; start = upper.indexOf('C', start + 1)) {
    REFERENCE.lastIndex = start
    const match = REFERENCE.exec(upper)
    if (!match) continue
    const reference = `CN${match[1]!.replace(/[\s._-]/g, '')}`
    const list = match[0].length === reference.length ? compact : spaced
    if (!compact.includes(reference) && !spaced.includes(reference)) list.push(reference)
  }
  return [...compact, ...spaced]
}

/** Same date, amount and text (spacing and case aside): the same statement entry. */
export function fingerprintOf(bookedOn: string, amount: number, description: string): string {
  const text = description.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase()
  return createHash('sha256').update(`${bookedOn}|${amount}|${text}`).digest('hex')
}

// ───────────────────────────── the file ─────────────────────────────

/** The file's text: UTF-8 (with or without a byte-order mark) or UTF-16 with one, as Excel saves "Unicode text"; null otherwise. */
export function decodeStatement(bytes: Uint8Array): string | null {
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(bytes)
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(bytes)
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

type Row = { cells: string[]; line: number }

/** The file's rows with the line each starts on; or the line at which it stops being CSV. */
function rowsOf(text: string, delimiter: string): { rows: Row[] } | { syntaxError: number } {
  let lastLine = 0
  try {
    const records = parse(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true,
      // Quotes inside an unquoted description (Thanh toan "hoa don") are kept as text.
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record, context) => {
        lastLine = context.lines
        return record
      },
    }) as unknown as { record: string[]; info: { lines: number } }[]
    // csv-parse reports the line a record ends on; a quoted field may span lines.
    return { rows: records.map(({ record, info }) => ({ cells: record, line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0) })) }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error
    // A quote left open runs to the end of the file: the fault is where the record after the last good one starts.
    if (error.code === 'CSV_QUOTE_NOT_CLOSED') return { syntaxError: lastLine + 1 }
    return { syntaxError: typeof error.lines === 'number' ? error.lines : lastLine + 1 }
  }
}

/** The statement's credits, or the first problem and its line. */
export function parseStatement(input: string | Uint8Array): StatementParse {
  const text = typeof input === 'string' ? input : decodeStatement(input)
  if (text === null) return { ok: false, error: { code: 'encoding', line: 1 } }
  // Comma-separated, or semicolons / tabs as spreadsheets in some locales save it: the first
  // delimiter that yields a header row wins.
  let table: { rows: Row[]; header: number; columns: Record<Column, number> } | null = null
  let syntax: { line: number } | null = null
  for (const delimiter of [',', ';', '\t']) {
    const read = rowsOf(text, delimiter)
    if ('syntaxError' in read) {
      syntax ??= { line: read.syntaxError }
      continue
    }
    const { rows } = read
    // The header comes after a few lines of account details at most.
    const header = rows.slice(0, 30).findIndex((row) => headerColumns(row.cells))
    if (header !== -1) {
      table = { rows, header, columns: headerColumns(rows[header]!.cells)! }
      break
    }
  }
  if (!table) return { ok: false, error: syntax ? { code: 'syntax', line: syntax.line } : { code: 'noHeader', line: 1 } }

  const { rows, header, columns } = table
  const credits: StatementCredit[] = []
  let skipped = 0
  for (const row of rows.slice(header + 1)) {
    const cell = (column: Column) => row.cells[columns[column]] ?? ''
    const dateText = cell('date')
    const amountText = cell('credit')
    // A closing line ("Tổng cộng", "Total", an empty date): not an entry.
    if (dateText === '' || (parseStatementDate(dateText) === null && !/\d/.test(dateText))) {
      skipped++
      continue
    }
    const bookedOn = parseStatementDate(dateText)
    if (!bookedOn) return { ok: false, error: { code: 'badDate', line: row.line } }
    const amount = parseStatementAmount(amountText)
    if (amount === null) return { ok: false, error: { code: 'badAmount', line: row.line } }
    if (amount <= 0) {
      skipped++ // a debit, or no credit on this line
      continue
    }
    if (credits.length === MAX_STATEMENT_LINES) return { ok: false, error: { code: 'tooManyLines', line: row.line } }
    const description = cell('description').replace(/\s+/g, ' ')
    credits.push({ lineNo: row.line, bookedOn, amount, description, references: referenceCandidates(description), fingerprint: fingerprintOf(bookedOn, amount, description) })
  }
  if (!credits.length) return { ok: false, error: { code: 'noCredits', line: rows[header]!.line } }
  return { ok: true, credits, skipped }
}
