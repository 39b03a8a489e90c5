import { QRPay } from 'vietnam-qr-pay'
import { describe, expect, it } from 'vitest'
import { newReference } from '~/modules/payments/payments.server'
import { qrSvg } from '~/modules/payments/qr-svg.server'
import { BANKS, bankName, InvalidVietQr, vietQrPayload } from '~/modules/payments/vietqr'

// The VietQR payload a payer's banking app scans, read back with the package's own decoder
// (EMVCo fields and CRC): the same bank, account, amount and transfer content.

const decode = (payload: string) => {
  const qr = new QRPay(payload)
  return { valid: qr.isValid, provider: qr.provider.name, bankBin: qr.consumer.bankBin, account: qr.consumer.bankNumber, amount: qr.amount, currency: qr.currency, purpose: qr.additionalData.purpose, nation: qr.nation }
}

describe('the VietQR payload', () => {
  it.each([
    { bankBin: '970436', account: '0011004321999', amount: 1_500_000, reference: 'CNABCD2345' },
    { bankBin: '970422', account: '8888123456789', amount: 50_000, reference: 'CNZZZZ9999' },
    { bankBin: '970407', account: '19036', amount: 1_234_567_890, reference: 'CNHJKM2346' },
  ])('decodes to what was encoded: $bankBin $account $amount $reference', (transfer) => {
    const payload = vietQrPayload(transfer)
    expect(decode(payload)).toEqual({
      valid: true,
      provider: 'VIETQR',
      bankBin: transfer.bankBin,
      account: transfer.account,
      amount: String(transfer.amount),
      currency: '704', // VND
      purpose: transfer.reference,
      nation: 'VN',
    })
  })

  it('carries a fresh payment reference intact', () => {
    for (let i = 0; i < 20; i++) {
      const reference = newReference()
      expect(decode(vietQrPayload({ bankBin: '970418', account: '12345678', amount: 250_000, reference })).purpose).toBe(reference)
    }
  })

  it('is refused by the decoder when a digit is changed (the CRC covers the payload)', () => {
    const payload = vietQrPayload({ bankBin: '970436', account: '0011004321999', amount: 1_500_000, reference: 'CNABCD2345' })
    const tampered = payload.replace('1500000', '1600000')
    expect(tampered).not.toBe(payload)
    expect(new QRPay(tampered).isValid).toBe(false)
  })

  it('refuses what a banking app could not carry', () => {
    const ok = { bankBin: '970436', account: '0011004321999', amount: 1000, reference: 'CNABCD2345' }
    expect(() => vietQrPayload({ ...ok, bankBin: '97043' })).toThrow(InvalidVietQr)
    expect(() => vietQrPayload({ ...ok, account: '0011-004' })).toThrow(InvalidVietQr)
    expect(() => vietQrPayload({ ...ok, amount: 0 })).toThrow(InvalidVietQr)
    expect(() => vietQrPayload({ ...ok, amount: 10.5 })).toThrow(InvalidVietQr)
    expect(() => vietQrPayload({ ...ok, reference: 'CN-ABCD' })).toThrow(InvalidVietQr)
    expect(() => vietQrPayload({ ...ok, reference: 'X'.repeat(26) })).toThrow(InvalidVietQr)
  })

  it('names the common banks by BIN, and shows an unknown BIN as it is', () => {
    expect(bankName('970436')).toBe('Vietcombank')
    expect(bankName('970415')).toBe('VietinBank')
    expect(bankName('970423')).toBe('TPBank')
    expect(bankName('970999')).toBe('970999')
    expect(Object.keys(BANKS)).toHaveLength(10)
    for (const bin of Object.keys(BANKS)) expect(bin).toMatch(/^9704\d{2}$/)
  })

  it('renders as an SVG document', async () => {
    const svg = await qrSvg(vietQrPayload({ bankBin: '970436', account: '0011004321999', amount: 1_500_000, reference: 'CNABCD2345' }))
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[^>]*viewBox="0 0 (\d+) \1"/)
    expect(svg).not.toMatch(/<script|on\w+=/i)
  })
})
