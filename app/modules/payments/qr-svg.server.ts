import QRCode from 'qrcode'

// A QR code as an SVG document (vector, a few kilobytes, no image files to store). Medium
// error correction: enough for a phone camera on a screen or on paper.

export async function qrSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}
