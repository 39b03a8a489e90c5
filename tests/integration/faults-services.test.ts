import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { disconnectDb, prisma, setDatabaseUrl } from '~/modules/db/db.server'
import { importDocument } from '~/modules/import/import.server'
import { LISTED_WHERE } from '~/modules/listings/visibility'
import { freePort, isAlive, stopProcess } from '~/modules/runtime/process.server'
import type { ServiceStatus } from '~/modules/runtime/supervisor.server'
import { connectSearch, searchAdmin } from '~/modules/search/client.server'
import { indexName } from '~/modules/search/indexes.server'
import { projectRoot } from '~/modules/runtime/paths.server'
import { buildCollege, buildDocument, buildNeed } from '../factories/listings'

// Faults injected into a real `npm start` process (node --import tsx app/cli/serve.ts) with its own data
// folder and port, its embedded PostgreSQL and Meilisearch (docs/decisions/012):
// - Meilisearch killed (SIGKILL) during writes: restarted, no 500 meanwhile, the index equals
//   the database by id afterwards;
// - the PostgreSQL postmaster killed mid-traffic: restarted on the same port, no
//   acknowledged write lost (pages may fail meanwhile);
// - SIGTERM under steady load: no request cut, no PostgreSQL or Meilisearch left behind.
// Each test waits on conditions with deadlines and prints what it measured.

const dataDir = fs.mkdtempSync(path.join(process.env.TEST_DATA_DIR ?? os.tmpdir(), 'faults-'))
let port = 0
let server: ChildProcess
let serverExit: Promise<number | null>
const serverOutput: string[] = []

type Health = { status: number; body: { status: string; checks: { services?: Record<string, ServiceStatus>; search?: { phase?: string } } } }

async function health(): Promise<Health | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(5_000) })
    return { status: response.status, body: (await response.json()) as Health['body'] }
  } catch {
    return null
  }
}

/** Polls `condition` until it returns a value, or fails after `ms` with `what`. */
async function waitFor<T>(what: string, ms: number, condition: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await condition()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}\n${serverOutput.slice(-30).join('\n')}`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

// ───────────────────────── steady traffic and writes ─────────────────────────

type Outcome = { status: number | null; error?: string; at: number }
type Traffic = { outcomes: Outcome[]; stop: () => Promise<Outcome[]> }

/** `concurrency` loops of GETs over `paths` (keep-alive, as browsers and proxies do) until stopped or refused. */
function steadyTraffic(paths: string[], concurrency: number, { untilRefused = false } = {}): Traffic {
  const outcomes: Outcome[] = []
  let stopped = false
  const loop = async (offset: number) => {
    for (let i = offset; !stopped; i++) {
      const url = `http://127.0.0.1:${port}${paths[i % paths.length]}`
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(20_000) })
        await response.arrayBuffer()
        outcomes.push({ status: response.status, at: Date.now() })
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause
        const code = cause?.code ?? (error as Error).name
        outcomes.push({ status: null, error: code, at: Date.now() })
        // A closed listener refuses: the server is gone, nothing was cut.
        if (untilRefused && code === 'ECONNREFUSED') return
        await new Promise((r) => setTimeout(r, 20))
      }
    }
  }
  const loops = Array.from({ length: concurrency }, (_, i) => loop(i))
  return {
    outcomes,
    stop: async () => {
      stopped = true
      await Promise.all(loops)
      return outcomes
    },
  }
}

type Writer = { acknowledged: string[]; failed: number; stop: () => Promise<void> }

/** Imports small batches (a college and two open needs), about ten a second; a batch is acknowledged when the import returns ok. */
function steadyWrites(): Writer {
  const writer: Writer = { acknowledged: [], failed: 0, stop: async () => {} }
  let stopped = false
  const loop = (async () => {
    while (!stopped) {
      const college = buildCollege()
      const needs = [buildNeed({ org: college }), buildNeed({ org: college })]
      try {
        const result = await importDocument(buildDocument({ organizations: [college], needs }))
        if (result.ok) writer.acknowledged.push(...needs.map((n) => n.key))
        else writer.failed++
        // Steady, not flat out: a writer faster than the worker would only measure the backlog.
        await new Promise((r) => setTimeout(r, 100))
      } catch {
        writer.failed++
        await new Promise((r) => setTimeout(r, 50))
      }
    }
  })()
  writer.stop = async () => {
    stopped = true
    await loop
  }
  return writer
}

async function services(): Promise<Record<string, ServiceStatus>> {
  const report = await waitFor('a /healthz report', 30_000, health)
  return report.body.checks.services!
}

/** Database listings against index documents, by id. */
async function indexEqualsDatabase(): Promise<boolean> {
  try {
    const listed = (await prisma.need.findMany({ where: LISTED_WHERE, select: { id: true } })).map((n) => n.id).sort()
    const { results } = await searchAdmin().index(indexName('needs')).getDocuments<{ id: string }>({ fields: ['id'], limit: 100_000 })
    const indexed = results.map((d) => d.id).sort()
    return listed.length > 0 && JSON.stringify(listed) === JSON.stringify(indexed)
  } catch {
    return false
  }
}

function leftoverServerPids(): number[] {
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '')
  const postmaster = Number(read(path.join(dataDir, 'postgres', 'postmaster.pid')).split('\n')[0])
  const meili = Number((JSON.parse(read(path.join(dataDir, 'meilisearch.json')) || '{}') as { pid?: number }).pid)
  return [meili, postmaster].filter((pid) => Number.isInteger(pid) && pid > 0 && isAlive(pid))
}

function report(fault: string, measured: Record<string, unknown>) {
  console.log(JSON.stringify({ fault, ...measured }))
}

// ───────────────────────── the server ─────────────────────────

beforeAll(async () => {
  port = await freePort()
  // The test harness points DATABASE_URL at its own database: this server starts its own.
  const { DATABASE_URL: _database, MEILI_HOST: _meili, ...inherited } = process.env
  // As `npm start` runs it: one node process (the tsx CLI's signal relay SIGKILLs a child that
  // is slow to acknowledge a signal, as a busy machine is).
  server = spawn(process.execPath, ['--import', 'tsx', 'app/cli/serve.ts'], {
    cwd: projectRoot,
    env: { ...inherited, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), DEMO_DATA: 'off', LOG_LEVEL: 'info', OUTBOX_WORKER: 'on' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const keep = (chunk: Buffer) => serverOutput.push(...chunk.toString().trim().split('\n').map((line) => line.slice(0, 400)))
  server.stdout!.on('data', keep)
  server.stderr!.on('data', keep)
  serverExit = new Promise((resolve) => server.once('exit', (code) => resolve(code)))
  await waitFor('the server to answer /healthz with 200', 120_000, async () => (await health())?.status === 200)

  // This process writes to the server's database and reads its index, as another app instance would.
  const credentials = JSON.parse(fs.readFileSync(path.join(dataDir, 'postgres-credentials.json'), 'utf8')) as { user: string; password: string }
  const pgPort = (JSON.parse(fs.readFileSync(path.join(dataDir, 'services.json'), 'utf8')) as { postgres: { port: number } }).postgres.port
  await disconnectDb()
  setDatabaseUrl(`postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${pgPort}/caunoi`)
  const meili = JSON.parse(fs.readFileSync(path.join(dataDir, 'meilisearch.json'), 'utf8')) as { port: number }
  await connectSearch(`http://127.0.0.1:${meili.port}`, fs.readFileSync(path.join(dataDir, 'meilisearch-master-key'), 'utf8').trim())
  // Something to search and to compare.
  const college = buildCollege()
  const first = await importDocument(buildDocument({ organizations: [college], needs: Array.from({ length: 20 }, () => buildNeed({ org: college })) }))
  if (!first.ok) throw new Error(JSON.stringify(first.errors))
  await waitFor('the first listings in the index', 30_000, indexEqualsDatabase)
}, 180_000)

afterAll(async () => {
  await disconnectDb()
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM')
    await Promise.race([serverExit, new Promise((r) => setTimeout(r, 20_000))])
  }
  // A server that died without stopping its services (a failed test) must not leave them running.
  for (const leftover of leftoverServerPids()) await stopProcess(leftover, 'SIGTERM', 10_000)
  if (process.env.FAULTS_SERVER_LOG) fs.writeFileSync(process.env.FAULTS_SERVER_LOG, serverOutput.join('\n'))
  fs.rmSync(dataDir, { recursive: true, force: true })
}, 60_000)

describe('faults in the embedded services', () => {
  it('Meilisearch killed during writes: restarted, no 500 meanwhile, index equals database by id', async () => {
    const traffic = steadyTraffic(['/search?q=thuc+tap', '/needs', '/search?q=thiet+bi'], 4)
    const writer = steadyWrites()
    await waitFor('some writes', 30_000, async () => writer.acknowledged.length >= 6)
    const before = (await services()).meilisearch!
    const killedAt = Date.now()
    process.kill(before.pid!, 'SIGKILL')

    // Watched from the side while writes go on: when it is back, and when search answers again.
    let restarted = 0
    let ready = 0
    const watcher = waitFor('Meilisearch restarted and search ready', 90_000, async () => {
      const checks = (await health())?.body.checks
      const meili = checks?.services?.meilisearch
      if (!restarted && meili?.restarts === before.restarts + 1 && meili.state === 'running') restarted = Date.now()
      if (restarted && checks?.search?.phase === 'ready') ready = Date.now()
      return ready
    })
    await waitFor('Meilisearch restarted', 60_000, async () => restarted)
    // More writes after the restart, then the index must converge on the database.
    const acknowledgedAtRestart = writer.acknowledged.length
    await waitFor('writes after the restart', 60_000, async () => writer.acknowledged.length >= acknowledgedAtRestart + 4)
    await writer.stop()
    const writesStopped = Date.now()
    await watcher
    const inParity = await waitFor('the index equal to the database by id', 60_000, async () => ((await indexEqualsDatabase()) ? Date.now() : null))
    const outcomes = await traffic.stop()

    const failed = outcomes.filter((o) => o.status === null || o.status >= 500)
    report('meilisearch SIGKILL', {
      restartSeconds: (restarted - killedAt) / 1000,
      searchReadySeconds: (ready - killedAt) / 1000,
      parityAfterLastWriteSeconds: (inParity - writesStopped) / 1000,
      requests: outcomes.length,
      failedRequests: failed.length,
      acknowledgedWrites: writer.acknowledged.length,
      failedWrites: writer.failed,
    })
    expect(failed).toEqual([])
    expect(await prisma.need.count({ where: { key: { in: writer.acknowledged } } })).toBe(writer.acknowledged.length)
  }, 240_000)

  it('PostgreSQL postmaster killed mid-traffic: restarted on the same port, no acknowledged write lost', async () => {
    const traffic = steadyTraffic(['/needs', '/search?q=thuc+tap', '/'], 4)
    const writer = steadyWrites()
    await waitFor('some writes', 30_000, async () => writer.acknowledged.length >= 6)
    const before = (await services()).postgres!
    const pgPort = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]
    const killedAt = Date.now()
    process.kill(before.pid!, 'SIGKILL')

    let lastDegraded: unknown = null
    const recovered = await waitFor('PostgreSQL restarted and the app healthy', 120_000, async () => {
      const report = await health()
      if (report && report.status !== 200) lastDegraded = report.body
      const postgres = report?.body.checks.services?.postgres
      return report?.status === 200 && postgres?.restarts === before.restarts + 1 ? Date.now() : null
    })
    // This process's own pool (an "external" client of the same URL) writes again too.
    const acknowledgedAtRecovery = writer.acknowledged.length
    const writesResumed = await waitFor('writes after the restart', 60_000, async () =>
      writer.acknowledged.length >= acknowledgedAtRecovery + 4 ? Date.now() : null,
    )
    await writer.stop()
    const outcomes = await traffic.stop()

    const failed = outcomes.filter((o) => o.status === null || o.status >= 500)
    const failedAfterRecovery = failed.filter((o) => o.at > recovered + 1_000)
    report('postgres postmaster SIGKILL', {
      recoverySeconds: (recovered - killedAt) / 1000,
      writesResumedSeconds: (writesResumed - killedAt) / 1000,
      requests: outcomes.length,
      failedRequests: failed.length,
      failedStatuses: [...new Set(failed.map((o) => o.status ?? o.error))],
      lastDegraded,
      acknowledgedWrites: writer.acknowledged.length,
      failedWrites: writer.failed,
    })
    expect(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[3]).toBe(pgPort)
    expect(failedAfterRecovery).toEqual([])
    expect(await prisma.need.count({ where: { key: { in: writer.acknowledged } } })).toBe(writer.acknowledged.length)
  }, 240_000)

  it('SIGTERM under steady load: no request cut, no PostgreSQL or Meilisearch left running', async () => {
    const postmasterPid = Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])
    const meiliPid = (JSON.parse(fs.readFileSync(path.join(dataDir, 'meilisearch.json'), 'utf8')) as { pid: number }).pid
    const traffic = steadyTraffic(['/needs', '/search?q=thuc+tap', '/', '/healthz'], 8, { untilRefused: true })
    await waitFor('steady traffic', 30_000, async () => traffic.outcomes.length >= 50)
    const signalledAt = Date.now()
    server.kill('SIGTERM')
    const code = await Promise.race([serverExit, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))])
    const exitedAt = Date.now()
    const outcomes = await traffic.stop()

    // Refused connections were never accepted; anything else that failed was cut.
    const cut = outcomes.filter((o) => (o.status === null && o.error !== 'ECONNREFUSED') || (o.status !== null && o.status >= 500))
    const servedDuringDrain = outcomes.filter((o) => o.status !== null && o.at >= signalledAt).length
    report('SIGTERM under load', {
      exitSeconds: (exitedAt - signalledAt) / 1000,
      exitCode: code,
      requests: outcomes.length,
      servedAfterSignal: servedDuringDrain,
      cutRequests: cut.length,
      cutErrors: [...new Set(cut.map((o) => o.status ?? o.error))],
    })
    expect(code).toBe(0)
    expect(cut).toEqual([])
    await disconnectDb()
    expect(isAlive(postmasterPid)).toBe(false)
    expect(isAlive(meiliPid)).toBe(false)
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false)
  }, 120_000)
})
