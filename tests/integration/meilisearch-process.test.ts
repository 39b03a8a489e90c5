import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { isHealthy, startEmbeddedMeilisearch } from '~/modules/search/meilisearch-process.server'

// The embedded Meilisearch with the master key its data folder keeps.

describe('the embedded Meilisearch', () => {
  it('starts with a stored master key that begins with "-" (an earlier key format did, one time in 64)', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meili-dash-'))
    fs.writeFileSync(path.join(dataDir, 'meilisearch-master-key'), '-cZ3r8kq1Vw0nH2aPLx9yTbM4sQeR7uJd', { mode: 0o600 })
    const handle = await startEmbeddedMeilisearch(dataDir)
    try {
      expect(await isHealthy(handle.host)).toBe(true)
      const keys = await fetch(`${handle.host}/keys`, { headers: { Authorization: `Bearer ${handle.masterKey}` } })
      expect(keys.status).toBe(200)
    } finally {
      await handle.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })

  it('generates a master key that cannot be read as an option', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'meili-new-'))
    const handle = await startEmbeddedMeilisearch(dataDir)
    try {
      expect(handle.masterKey).toMatch(/^[0-9a-f]{48}$/)
    } finally {
      await handle.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
