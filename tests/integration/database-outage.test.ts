import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { disconnectDb, setDatabaseUrl } from '~/modules/db/db.server'
import { applyMigrations } from '~/modules/db/migrations.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '~/modules/runtime/postgres.server'
import { freePort } from '~/modules/runtime/process.server'
import { testDatabaseUrl } from '../support/database'
import { startTestApp, type TestApp } from '../support/http'

// Issue 15, "database down → 503": the production build behind the real HTTP edge, on a
// PostgreSQL of this file's own (the run's shared server must keep running), stopped and
// started again on the same port. Pages answer the localised 503 page, the match API JSON,
// /healthz its reason; all with Retry-After; and everything recovers once the server is back.

let dataDir: string
let port: number
let server: EmbeddedPostgresHandle
let app: TestApp
let databaseUrl: string

const PAGE = '/needs'
const API = '/api/v1/needs/no-such-need/matches'

async function startServer() {
  server = await startEmbeddedPostgres(dataDir, { port })
}

/** Polls `url` until it answers `status`; the milliseconds that took. */
async function timeUntil(url: string, status: number, timeoutMs = 20_000): Promise<number> {
  const started = Date.now()
  while (Date.now() - started < timeoutMs) {
    if ((await fetch(url)).status === status) return Date.now() - started
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms`)
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-outage-'))
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must get in.
  fs.chmodSync(dataDir, 0o755)
  port = await freePort()
  await startServer()
  await ensureDatabase(server.urlFor('postgres'), 'caunoi')
  databaseUrl = server.urlFor('caunoi')
  await applyMigrations(databaseUrl, migrationsDir)
  setDatabaseUrl(databaseUrl)
  app = await startTestApp()
}, 120_000)

afterAll(async () => {
  await app?.stop()
  await disconnectDb()
  setDatabaseUrl(testDatabaseUrl())
  await server?.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
})

describe('with the database stopped', () => {
  it('serves pages and the API while the database is up', async () => {
    expect((await fetch(`${app.url}${PAGE}`)).status).toBe(200)
    expect((await fetch(`${app.url}${API}`)).status).toBe(404)
  })

  it('answers a page with the localised 503 page and Retry-After, in the asker\'s language', async () => {
    const stopping = Date.now()
    await server.stop()
    const stoppedMs = Date.now() - stopping
    const firstAnswer = Date.now()
    const english = await fetch(`${app.url}${PAGE}`, { headers: { 'Accept-Language': 'en' } })
    console.info(`database stopped in ${stoppedMs} ms; first 503 after ${Date.now() - firstAnswer} ms`)
    expect(english.status).toBe(503)
    expect(english.headers.get('retry-after')).toBe('5')
    expect(english.headers.get('content-type')).toContain('text/html')
    const englishPage = await english.text()
    expect(englishPage).toContain('<html lang="en"')
    expect(englishPage).toContain('Temporarily unavailable')

    const vietnamese = await fetch(`${app.url}${PAGE}`, { headers: { 'Accept-Language': 'vi' } })
    expect(vietnamese.status).toBe(503)
    expect(vietnamese.headers.get('retry-after')).toBe('5')
    const vietnamesePage = await vietnamese.text()
    expect(vietnamesePage).toContain('<html lang="vi"')
    expect(vietnamesePage).toContain('Tạm thời không phục vụ được')
  })

  it('answers the match API with JSON like its other errors', async () => {
    const response = await fetch(`${app.url}${API}`, { headers: { 'Accept-Language': 'en' } })
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(response.headers.get('content-type')).toContain('application/json')
    expect(await response.json()).toEqual({ error: 'database_unavailable', message: expect.stringContaining('database') })
  })

  it('says why /healthz is not ready', async () => {
    const response = await fetch(`${app.url}/healthz`)
    expect(response.status).toBe(503)
    const report = (await response.json()) as { status: string; message?: string; checks: { database: { ok: boolean; unreachable: boolean } } }
    expect(report).toMatchObject({ status: 'degraded', message: 'database unreachable', checks: { database: { ok: false, unreachable: true } } })
  })

  it('recovers by itself once the database is back on its port', async () => {
    const restarting = Date.now()
    await startServer()
    const restartedMs = Date.now() - restarting
    const recoveredMs = await timeUntil(`${app.url}${PAGE}`, 200)
    console.info(`database restarted in ${restartedMs} ms; pages answered 200 ${recoveredMs} ms later`)
    expect((await fetch(`${app.url}${API}`)).status).toBe(404)
  })
})

describe('an unexpected failure of the API', () => {
  it('is JSON too, not Remix\'s plain text', async () => {
    const client = new pg.Client({ connectionString: databaseUrl })
    await client.connect()
    // A table every match request reads gone (the search generation, which stamps cached
    // matches): a bug-like failure, not an outage.
    await client.query('ALTER TABLE "SearchGeneration" RENAME TO "SearchGenerationAway"')
    try {
      const response = await fetch(`${app.url}${API}`, { headers: { 'Accept-Language': 'vi' } })
      expect(response.status).toBe(500)
      expect(response.headers.get('content-type')).toContain('application/json')
      expect(response.headers.get('retry-after')).toBeNull()
      expect(await response.json()).toEqual({ error: 'internal_error', message: expect.stringContaining('lỗi') })
    } finally {
      await client.query('ALTER TABLE "SearchGenerationAway" RENAME TO "SearchGeneration"')
      await client.end()
    }
  })
})
