import fs from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'

// Renders public/icon.svg into the PNG icons next to it (favicon, apple-touch icon, the web
// app manifest's icons) and public/favicon.ico (one 32×32 PNG inside an ICO header), with
// the Chromium the browser tests use. Run after changing the SVG: npx tsx scripts/render-icons.ts
const publicDir = path.resolve(import.meta.dirname, '../public')
const svg = fs.readFileSync(path.join(publicDir, 'icon.svg'), 'utf8')

const SIZES: [file: string, size: number, padding: number][] = [
  ['favicon-32.png', 32, 0],
  ['apple-touch-icon.png', 180, 0],
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  // A maskable icon keeps its drawing inside the central safe zone (80 %).
  ['icon-maskable-512.png', 512, 52],
]

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
})
try {
  const page = await browser.newPage()
  for (const [file, size, padding] of SIZES) {
    await page.setViewportSize({ width: size, height: size })
    const background = padding ? '#0f766e' : 'transparent'
    await page.setContent(
      `<html><body style="margin:0;background:${background}"><div style="width:${size}px;height:${size}px;padding:${padding}px;box-sizing:border-box">${svg.replace('<svg ', '<svg width="100%" height="100%" ')}</div></body></html>`,
    )
    const png = await page.screenshot({ omitBackground: !padding, clip: { x: 0, y: 0, width: size, height: size } })
    fs.writeFileSync(path.join(publicDir, file), png)
    if (file === 'favicon-32.png') fs.writeFileSync(path.join(publicDir, 'favicon.ico'), ico(png, size))
  }
} finally {
  await browser.close()
}

/** An ICO file holding one PNG image (every current browser reads PNG inside ICO). */
function ico(png: Buffer, size: number): Buffer {
  const header = Buffer.alloc(6 + 16)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // type: icon
  header.writeUInt16LE(1, 4) // one image
  header.writeUInt8(size % 256, 6) // width (0 means 256)
  header.writeUInt8(size % 256, 7) // height
  header.writeUInt8(0, 8) // no palette
  header.writeUInt8(0, 9) // reserved
  header.writeUInt16LE(1, 10) // colour planes
  header.writeUInt16LE(32, 12) // bits per pixel
  header.writeUInt32LE(png.length, 14) // image size
  header.writeUInt32LE(6 + 16, 18) // image offset
  return Buffer.concat([header, png])
}
