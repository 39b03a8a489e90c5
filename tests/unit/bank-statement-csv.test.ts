import { describe, expect, it } from 'vitest'
import {
  fingerprintOf,
  parseStatement,
  parseStatementAmount,
  parseStatementDate,
  referenceCandidates,
  type StatementParse,
} from '~/modules/payments/statement-csv.server'

// Reading banks' CSV statements: headers in Vietnamese or English after lines of account
// details, amounts and dates as Vietnamese and English exports write them, the payment
// reference found in what banking apps make of the transfer content, and a refusal naming
// the line of anything that cannot be read.

const credits = (result: StatementParse) => {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.error)}`)
  return result.credits.map(({ lineNo, bookedOn, amount, description, references }) => ({ lineNo, bookedOn, amount, description, references }))
}

describe('a statement file', () => {
  it('reads a Vietnamese export: account details first, debits and the closing total skipped', () => {
    const csv = [
      'NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM',
      'Số tài khoản:,0011004321999',
      '',
      'STT,Ngày giao dịch,Số tiền ghi nợ,Số tiền ghi có (VND),Số dư,Nội dung',
      '1,05/03/2027,,"1.500.000","10.000.000","MBVCB.1234.CNABCD2345.CT tu 0123 CONG TY A"',
      '2,05/03/2027,"200.000",,"9.800.000",Phi dich vu',
      '3,6/3/2027 14:02:11,,"2,000,000",,"cn hjkm-2346 tai tro thiet bi"',
      'Tổng cộng,,"200.000","3.500.000",,',
    ].join('\r\n')
    const result = parseStatement(csv)
    expect(credits(result)).toEqual([
      { lineNo: 5, bookedOn: '2027-03-05', amount: 1_500_000, description: 'MBVCB.1234.CNABCD2345.CT tu 0123 CONG TY A', references: ['CNABCD2345'] },
      { lineNo: 7, bookedOn: '2027-03-06', amount: 2_000_000, description: 'cn hjkm-2346 tai tro thiet bi', references: ['CNHJKM2346'] },
    ])
    expect(result.ok && result.skipped).toBe(2)
  })

  it('reads an English export with a signed amount column', () => {
    const csv = 'Date,Description,Amount\n2027-03-05,Transfer CNABCD2345 from ACME,1500000\n2027-03-05,Card fee,-11000\n2027-03-07,IBFT CNZZZZ9999,"1,250,000.00"\n'
    expect(credits(parseStatement(csv))).toEqual([
      { lineNo: 2, bookedOn: '2027-03-05', amount: 1_500_000, description: 'Transfer CNABCD2345 from ACME', references: ['CNABCD2345'] },
      { lineNo: 4, bookedOn: '2027-03-07', amount: 1_250_000, description: 'IBFT CNZZZZ9999', references: ['CNZZZZ9999'] },
    ])
  })

  it('reads semicolon-separated exports, "Diễn giải" and "Ghi có" headers, and UTF-16 with a byte-order mark', () => {
    const csv = 'Ngày;Diễn giải;Ghi có\n05/03/2027;CN ABCD 2345;1.500.000,00\n'
    const expected = [{ lineNo: 2, bookedOn: '2027-03-05', amount: 1_500_000, description: 'CN ABCD 2345', references: ['CNABCD2345'] }]
    expect(credits(parseStatement(csv))).toEqual(expected)
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(csv, 'utf16le'))])
    expect(credits(parseStatement(utf16))).toEqual(expected)
    const utf8WithBom = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(csv, 'utf8')])
    expect(credits(parseStatement(utf8WithBom))).toEqual(expected)
  })

  it('keeps quotes inside an unquoted description', () => {
    expect(credits(parseStatement('Date,Credit,Description\n2027-03-05,1000,Thanh toan "hoa don" CNABCD2345\n'))[0]?.description).toBe('Thanh toan "hoa don" CNABCD2345')
  })

  it('numbers a line by where it starts when a quoted description spans lines', () => {
    const csv = 'Date,Credit,Description\n2027-03-05,1000,"two\nlines CNABCD2345"\n2027-03-05,2000,after\n'
    expect(credits(parseStatement(csv)).map((c) => c.lineNo)).toEqual([2, 4])
  })

  it.each([
    ['an amount it cannot read', 'Date,Credit,Description\n2027-03-05,1000,a\n2027-03-05,12abc,b\n', { code: 'badAmount', line: 3 }],
    ['a fraction of a đồng', 'Date,Credit,Description\n2027-03-05,"1,500.50",a\n', { code: 'badAmount', line: 2 }],
    ['a date that does not exist', 'Date,Credit,Description\n2027-03-05,1000,a\n2027-03-05,1000,b\n31/02/2027,1000,c\n', { code: 'badDate', line: 4 }],
    ['a month-first date', 'Date,Credit,Description\n03/25/2027,1000,a\n', { code: 'badDate', line: 2 }],
    // The quote opened on line 3 swallows the rest of the file: the fault is line 3, not the end.
    ['an unclosed quote', 'Date,Credit,Description\n2027-03-05,1000,a\n2027-03-05,1000,"b\n2027-03-06,1000,c\n2027-03-07,1000,d\n', { code: 'syntax', line: 3 }],
    ['no header', 'Ngay,So tien\n2027-03-05,1000\n', { code: 'noHeader', line: 1 }],
    ['no credit at all', 'Date,Credit,Description\n2027-03-05,,fee\n', { code: 'noCredits', line: 1 }],
  ])('is refused, naming the line, for %s', (_, csv, error) => {
    expect(parseStatement(csv)).toEqual({ ok: false, error })
  })

  it('is refused when it is not text', () => {
    expect(parseStatement(new Uint8Array([0x44, 0x61, 0x74, 0x65, 0xc3, 0x28, 0xff]))).toEqual({ ok: false, error: { code: 'encoding', line: 1 } })
  })
})

describe('amounts and dates', () => {
  it.each([
    ['1.500.000', 1_500_000],
    ['1,500,000', 1_500_000],
    ['1500000', 1_500_000],
    ['1 500 000', 1_500_000],
    ['1.500.000 VND', 1_500_000],
    ['1.500.000đ', 1_500_000],
    ['+1,500,000.00', 1_500_000],
    ['1.500.000,00', 1_500_000],
    ['1.500', 1_500],
    ['1500.00', 1_500],
    ['-200.000', -200_000],
    ['(200,000)', -200_000],
    ['', 0],
  ])('reads %j as %d đồng', (text, amount) => {
    expect(parseStatementAmount(text)).toBe(amount)
  })

  it.each(['abc', '1.5', '1,50', '1.500.00', '1,5000', '12.34.56', '1.500.000,5'])('refuses %j', (text) => {
    expect(parseStatementAmount(text)).toBeNull()
  })

  it.each([
    ['05/03/2027', '2027-03-05'],
    ['5/3/2027', '2027-03-05'],
    ['05-03-2027', '2027-03-05'],
    ['05.03.2027', '2027-03-05'],
    ['2027-03-05', '2027-03-05'],
    ['2027-03-05T09:30:00', '2027-03-05'],
    ['05/03/2027 23:59:59', '2027-03-05'],
    ['29/02/2028', '2028-02-29'],
  ])('reads the date %j as %s', (text, date) => {
    expect(parseStatementDate(text)).toBe(date)
  })

  it.each(['29/02/2027', '32/01/2027', '2027/03/05', '05/03/27', 'hôm nay'])('refuses the date %j', (text) => {
    expect(parseStatementDate(text)).toBeNull()
  })
})

describe('references in transfer contents', () => {
  it.each([
    ['CNABCD2345', ['CNABCD2345']],
    ['cnabcd2345', ['CNABCD2345']],
    ['CN ABCD 2345', ['CNABCD2345']],
    ['CN-ABCD-2345', ['CNABCD2345']],
    ['MBVCB.1234567.CNABCD2345.CT tu 0011', ['CNABCD2345']],
    ['IBFT CNABCD2345FT24123', ['CNABCD2345']],
    ['Chuyen tien tai tro CNCNABCD2345', ['CNCNABCD23', 'CNABCD2345']],
    // 0, O, 1 and I are not in references: "CN" then one of them is no reference.
    ['CN0ABCD2345', []],
    ['CNAB1CD2345', []],
    ['CNABCD234', []],
    ['Thanh toan hoa don', []],
  ])('finds %j → %j', (text, found) => {
    expect(referenceCandidates(text)).toEqual(found)
  })

  it('puts references written without separators first', () => {
    expect(referenceCandidates('NH TECHCOMBANK CN THANH XUAN ND CNABCD2345')).toEqual(['CNABCD2345', 'CNTHANHXUA'])
  })
})

describe('fingerprints', () => {
  it('are equal for the same entry however it is spaced or cased, and differ on date, amount or text', () => {
    const base = fingerprintOf('2027-03-05', 1_500_000, 'CT tu CONG TY A CNABCD2345')
    expect(fingerprintOf('2027-03-05', 1_500_000, '  ct tu  cong ty a cnabcd2345 ')).toBe(base)
    expect(fingerprintOf('2027-03-06', 1_500_000, 'CT tu CONG TY A CNABCD2345')).not.toBe(base)
    expect(fingerprintOf('2027-03-05', 1_500_001, 'CT tu CONG TY A CNABCD2345')).not.toBe(base)
    expect(fingerprintOf('2027-03-05', 1_500_000, 'CT tu CONG TY B CNABCD2345')).not.toBe(base)
  })
})
