import { QRPay } from 'vietnam-qr-pay'

// VietQR: the NAPAS 247 flavour of the EMVCo merchant-presented QR code that every Vietnamese
// banking app scans. The payload names the receiving bank (its NAPAS BIN), the account, the
// amount in đồng and the transfer content, which carries the payment's reference so that the
// statement line can be matched (statements.server.ts). Encoding (and the CRC) is the
// `vietnam-qr-pay` package's; the tests decode what we build with the same package.

/** Common Vietnamese banks by NAPAS BIN: the short name payers know them by. */
export const BANKS: Readonly<Record<string, { short: string; name: string }>> = {
  '970436': { short: 'Vietcombank', name: 'Ngân hàng TMCP Ngoại thương Việt Nam' },
  '970415': { short: 'VietinBank', name: 'Ngân hàng TMCP Công thương Việt Nam' },
  '970418': { short: 'BIDV', name: 'Ngân hàng TMCP Đầu tư và Phát triển Việt Nam' },
  '970407': { short: 'Techcombank', name: 'Ngân hàng TMCP Kỹ thương Việt Nam' },
  '970422': { short: 'MB', name: 'Ngân hàng TMCP Quân đội' },
  '970416': { short: 'ACB', name: 'Ngân hàng TMCP Á Châu' },
  '970432': { short: 'VPBank', name: 'Ngân hàng TMCP Việt Nam Thịnh Vượng' },
  '970405': { short: 'Agribank', name: 'Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam' },
  '970403': { short: 'Sacombank', name: 'Ngân hàng TMCP Sài Gòn Thương Tín' },
  '970423': { short: 'TPBank', name: 'Ngân hàng TMCP Tiên Phong' },
}

/** The bank's short name ("Vietcombank"), or its BIN when it is not in the table. */
export function bankName(bin: string): string {
  return BANKS[bin]?.short ?? bin
}

export type VietQrTransfer = {
  /** the receiving bank's 6-digit NAPAS BIN */
  bankBin: string
  /** the receiving account number */
  account: string
  /** whole đồng (VND has no minor unit) */
  amount: number
  /** the transfer content: the payment's reference */
  reference: string
}

export class InvalidVietQr extends Error {}

/** The EMVCo payload of a dynamic VietQR code (amount and content filled in, so the payer types nothing). */
export function vietQrPayload(transfer: VietQrTransfer): string {
  if (!/^\d{6}$/.test(transfer.bankBin)) throw new InvalidVietQr('the bank BIN must be 6 digits')
  if (!/^[0-9A-Za-z]{1,19}$/.test(transfer.account)) throw new InvalidVietQr('the account must be 1–19 letters or digits')
  // EMVCo field 54 holds at most 13 characters.
  if (!Number.isSafeInteger(transfer.amount) || transfer.amount <= 0 || String(transfer.amount).length > 13) {
    throw new InvalidVietQr('the amount must be a positive whole number of đồng')
  }
  // Banking apps keep letters, digits and spaces of the content; field 62-08 holds at most 25.
  if (!/^[0-9A-Za-z ]{1,25}$/.test(transfer.reference)) throw new InvalidVietQr('the reference must be 1–25 letters, digits or spaces')
  return QRPay.initVietQR({
    bankBin: transfer.bankBin,
    bankNumber: transfer.account,
    amount: String(transfer.amount),
    purpose: transfer.reference,
  }).build()
}
