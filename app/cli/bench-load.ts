// npm run bench:load [-- --quick] [--listings 100000] [--connections 1,8,32] [--duration 20] [--warmup 3] [--no-first-pass]
//                      [--routes need-matches,offer-matches,need-page,search,needs-list,dashboard]
//                      [--encoding gzip|identity] [--seed 2027] [--write] [--label text] [--keep] [--cpu-prof dir] [--json]
//
// The app under concurrent load, the way production serves it (issue 13, step 1). A measurement,
// not a test: it fails (exit code 1) only when it cannot measure, never because numbers are slow.
//
// 1. A child process of this script prepares a throwaway data folder: the app's services
//    (embedded PostgreSQL and Meilisearch), the demo data (for a member to sign in), and N
//    listings from the bench:search generator (app/cli/bench-search-listings.ts), imported and
//    reindexed the way bench:search does; it picks the keys, search URLs and pages to request,
//    and stops the services.
// 2. The production server, `app/cli/serve.ts` with NODE_ENV=production, its own DATA_DIR and
//    PORT (loopback), serves the build (`npm run build` first) from that folder: it starts
//    PostgreSQL and Meilisearch itself, as `npm start` does. Its log goes to app.log in the folder.
//    The API's per-address limit is raised (one client asking thousands of times a minute is
//    not what it is for); it still counts every request in PostgreSQL.
// 3. Once /healthz says ready (search in step with the database), a demo member signs in
//    (POST /login), and autocannon drives each route at each connection count: the match API
//    in both directions and a need page (rotating over up to 2,000 open listings), the search
//    page with words and facets (rotating over 120 searches), the needs list, and the signed-in
//    dashboard. Each route starts with a first pass (every path once, 8 connections: nothing
//    cached yet; --no-first-pass skips it), then the timed runs measure the steady state of
//    listings read again before they change (the match cache warm, as in production where a
//    listing is read far more often than it changes).
//    Per route and connection count: requests/s, p50/p95/p99 of the whole response,
//    connection errors and timeouts, non-2xx answers; and, from /proc, the CPU seconds the app,
//    PostgreSQL (postmaster and its backends) and Meilisearch used during the run and their
//    peak memory (app and Meilisearch: VmRSS, Meilisearch's anonymous part too; PostgreSQL:
//    the sum of its processes' PSS, so shared buffers count once).
// 4. The JavaScript a page loads: the gzip sizes (zlib, level 6 as the server's compression) of
//    the scripts and module preloads its HTML references, and the language chunk the entry imports.
// 5. Stops the server (SIGTERM: it drains and stops its PostgreSQL and Meilisearch), stops
//    anything it left in the folder, removes the folder (unless --keep), prints the tables and,
//    with --write, puts them into docs/benchmarks.md (a block per label, profile and size,
//    replaced when run again).
//
// --quick: 2,000 listings, 8 connections, 1 s warm-up and 5 s per run (a CI-sized profile, about
// a minute after the build). --cpu-prof <dir>: the server runs under `node --cpu-prof` and
// writes its profile there when it stops (combine with --routes to profile one route).

import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import autocannon from 'autocannon'

const USAGE =
  'usage: npm run bench:load [-- --quick] [--listings 100000] [--connections 1,8,32] [--duration 20] [--warmup 3] [--no-first-pass]\n' +
  '         [--routes need-matches,offer-matches,need-page,search,needs-list,dashboard] [--encoding gzip|identity]\n' +
  '         [--seed 2027] [--write] [--label text] [--keep] [--cpu-prof dir] [--json]'

const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..')
const BENCHMARKS_DOC = path.join(PROJECT_ROOT, 'docs/benchmarks.md')
const DEMO_ACCOUNTS = path.join(PROJECT_ROOT, 'seeds/demo-accounts.json')
/** The member whose dashboard is measured: a college owner (needs, matches, proposals). */
const DASHBOARD_MEMBER = 'college@caunoi.test'
/** Open needs and offers whose pages and matches are requested, round-robin. */
const KEYS_PER_TYPE = 2000
const SEARCHES = 120
const READY_TIMEOUT_MS = 10 * 60_000
const SAMPLE_MS = 500
const ROUTE_IDS = ['need-matches', 'offer-matches', 'need-page', 'search', 'needs-list', 'dashboard'] as const
type RouteId = (typeof ROUTE_IDS)[number]

type Options = {
  quick: boolean
  listings: number
  connections: number[]
  duration: number
  warmup: number
  firstPass: boolean
  routes: RouteId[]
  encoding: 'gzip' | 'identity'
  seed: number
  write: boolean
  label: string
  keep: boolean
  cpuProf: string | null
  json: boolean
}

/** What the preparing child hands the parent. */
type Plan = {
  generated: { listings: number; needs: number; offers: number }
  listed: { needs: number; offers: number }
  keys: { needs: string[]; offers: string[] }
  searches: string[]
  seconds: { services: number; generate: number; import: number; reindex: number; total: number }
}

type ProcessUse = { cpuSeconds: number; peakMb: number; peakAnonMb?: number }
type Run = {
  route: RouteId
  connections: number
  /** the first request of every path (nothing cached yet), rather than a timed run */
  firstPass: boolean
  seconds: number
  responses: number
  requestsPerSecond: number
  p50: number
  p95: number
  p99: number
  max: number
  errors: number
  timeouts: number
  non2xx: number
  statuses: Record<string, number>
  app: ProcessUse
  postgres: ProcessUse
  meilisearch: ProcessUse
  benchCpuSeconds: number
  /** CPU seconds every other process on the machine used during the run (other work disturbs the figures) */
  othersCpuSeconds: number
}
type PageWeight = { page: string; path: string; scripts: number; jsBytes: number; jsGzipBytes: number; htmlGzipBytes: number }
type Report = {
  date: string
  options: Options
  machine: string
  plan: Omit<Plan, 'keys' | 'searches'> & { keys: { needs: number; offers: number }; searches: number }
  startupSeconds: number
  runs: Run[]
  pages: PageWeight[]
  meilisearchAtEnd: { rssMb: number; anonMb: number; hwmMb: number }
  seconds: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

function parseOptions(args: string[]): Options | string {
  const value = (name: string) => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args[i + 1]
  }
  const quick = args.includes('--quick')
  const whole = (name: string, fallback: number, min = 1): number | string => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const n = Number(raw)
    return Number.isInteger(n) && n >= min ? n : `${name} must be a whole number of at least ${min} (got "${raw}")`
  }
  const listings = whole('--listings', quick ? 2000 : 100_000, 10)
  const duration = whole('--duration', quick ? 5 : 20)
  const warmup = whole('--warmup', quick ? 1 : 3, 0)
  const seed = whole('--seed', 2027)
  for (const n of [listings, duration, warmup, seed]) if (typeof n === 'string') return n
  const connections = (value('--connections') ?? (quick ? '8' : '1,8,32')).split(',').map((s) => Number(s.trim()))
  if (!connections.length || connections.some((n) => !Number.isInteger(n) || n < 1 || n > 1000)) return `--connections: comma-separated counts from 1 to 1000 (got "${value('--connections')}")`
  const routes = (value('--routes') ?? ROUTE_IDS.join(',')).split(',').map((s) => s.trim())
  const unknown = routes.filter((r) => !(ROUTE_IDS as readonly string[]).includes(r))
  if (unknown.length || !routes.length) return `--routes: some of ${ROUTE_IDS.join(', ')} (unknown: ${unknown.join(', ')})`
  const encoding = value('--encoding') ?? 'gzip'
  if (encoding !== 'gzip' && encoding !== 'identity') return `--encoding: gzip or identity (got "${encoding}")`
  const cpuProf = value('--cpu-prof') ?? null
  if (args.includes('--cpu-prof') && !cpuProf) return '--cpu-prof needs a folder'
  return {
    quick,
    listings: listings as number,
    connections,
    duration: duration as number,
    warmup: warmup as number,
    firstPass: !args.includes('--no-first-pass'),
    routes: routes as RouteId[],
    encoding,
    seed: seed as number,
    write: args.includes('--write'),
    label: value('--label') ?? '',
    keep: args.includes('--keep'),
    cpuProf: cpuProf && path.resolve(cpuProf),
    json: args.includes('--json'),
  }
}

// ───────────────────────────── preparing the data (child process) ─────────────────────────────

async function prepare(dataDir: string, options: Options, out: string, progress: (message: string) => void): Promise<void> {
  process.env.DATA_DIR = dataDir
  process.env.DEMO_DATA = 'on'
  process.env.LOG_LEVEL ??= 'warn'
  delete process.env.DATABASE_URL
  delete process.env.MEILI_HOST
  delete process.env.MEILI_MASTER_KEY

  const started = performance.now()
  const { startServices, stopServices } = await import('~/modules/composition/services.server')
  const { prisma } = await import('~/modules/db/db.server')
  const { LISTED_WHERE } = await import('~/modules/listings/visibility')
  const { NEED_KINDS, OFFER_KINDS } = await import('~/modules/import/format')
  const { prepareSearch } = await import('~/modules/search/sync.server')
  const { formParams } = await import('~/modules/search/search-params')
  const { loadMarketplace, loadOccupations, seededRandom, withoutDiacritics } = await import('./bench-search-listings')

  let interrupting = false
  const interrupted = () => {
    if (interrupting) return
    interrupting = true
    void stopServices().finally(() => process.exit(130))
  }
  process.on('SIGINT', interrupted)
  process.on('SIGTERM', interrupted)
  try {
    progress('starting PostgreSQL and Meilisearch, loading the demo data')
    await startServices({ migrate: true, seed: true, worker: false, search: true })
    await prepareSearch()
    const servicesSeconds = (performance.now() - started) / 1000

    const firstDay = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1))
    const { doc, generateSeconds, importSeconds, rebuilt } = await loadMarketplace(options.listings, options.seed, firstDay, progress)

    // What to ask for: open, public listings (the match API and listing pages answer 200 for them).
    const random = seededRandom(options.seed + options.listings)
    const shuffled = <T>(items: T[]): T[] => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1))
        ;[items[i], items[j]] = [items[j]!, items[i]!]
      }
      return items
    }
    const [needs, offers] = await Promise.all([
      prisma.need.findMany({ where: LISTED_WHERE, select: { key: true }, orderBy: { key: 'asc' } }),
      prisma.offer.findMany({ where: LISTED_WHERE, select: { key: true }, orderBy: { key: 'asc' } }),
    ])
    if (!needs.length || !offers.length) throw new Error('no open needs or offers to request')

    // Searches as people type them (the occupation's name in Vietnamese, without diacritics,
    // in English or by a synonym) with one or two facets each; in the URL's canonical form,
    // which the page answers without a redirect.
    const occupations = loadOccupations()
    const districts = (await prisma.organization.findMany({ where: { district: { not: null } }, distinct: ['district'], select: { district: true } }))
      .map((o) => o.district!)
      .sort()
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
    const searches: string[] = []
    for (let i = 0; i < SEARCHES; i++) {
      const occupation = pick(occupations)
      const words = pick([occupation.nameVi, withoutDiacritics(occupation.nameVi), occupation.nameEn, ...occupation.synonyms.slice(0, 2)])
      const entries: [string, string][] = [['q', words]]
      switch (i % 5) {
        case 0:
          entries.push(['offer', pick(OFFER_KINDS)], ['district', pick(districts)])
          break
        case 1:
          entries.push(['need', pick(NEED_KINDS)], ['verified', '1'])
          break
        case 2:
          entries.push(['occupation', occupation.key])
          break
        case 3:
          entries.push(['district', pick(districts)], ['language', 'en'])
          break
        default:
          entries.push(['offer', 'placement'], ['min', '1000000'], ['max', '5000000'])
      }
      searches.push(`/search?${formParams(entries).toString()}`)
    }

    const plan: Plan = {
      generated: { listings: options.listings, needs: doc.needs?.length ?? 0, offers: doc.offers?.length ?? 0 },
      listed: { needs: needs.length, offers: offers.length },
      keys: { needs: shuffled(needs.map((n) => n.key)).slice(0, KEYS_PER_TYPE), offers: shuffled(offers.map((o) => o.key)).slice(0, KEYS_PER_TYPE) },
      searches,
      seconds: { services: servicesSeconds, generate: generateSeconds, import: importSeconds, reindex: rebuilt.ms / 1000, total: (performance.now() - started) / 1000 },
    }
    fs.writeFileSync(out, JSON.stringify(plan))
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await stopServices()
  }
}

// ───────────────────────────── processes and /proc ─────────────────────────────

const CLOCK_TICKS = 100 // sysconf(_SC_CLK_TCK) on Linux, x86-64 and arm64 alike

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return null
  }
}

/** utime + stime (own) and cutime + cstime (children it has reaped), in seconds. */
function cpuOf(pid: number): { own: number; reaped: number } {
  const stat = readText(`/proc/${pid}/stat`)
  if (!stat) return { own: 0, reaped: 0 }
  // Fields after the command (which may hold spaces and parentheses): state is field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const at = (field: number) => Number(fields[field - 3])
  return { own: (at(14) + at(15)) / CLOCK_TICKS, reaped: (at(16) + at(17)) / CLOCK_TICKS }
}

/** CPU seconds the whole machine spent busy so far (all cores; /proc/stat: user, nice, system, irq, softirq, steal). */
function machineBusySeconds(): number {
  const fields = (readText('/proc/stat') ?? '').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number)
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields
  return (user + nice + system + irq + softirq + steal) / CLOCK_TICKS
}

function statusKb(pid: number): { rss: number; anon: number; hwm: number } {
  const status = readText(`/proc/${pid}/status`) ?? ''
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0)
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), hwm: kb('VmHWM') }
}

function pssKb(pid: number): number {
  const rollup = readText(`/proc/${pid}/smaps_rollup`) ?? ''
  return Number(/^Pss:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0)
}

function childrenOf(pid: number): number[] {
  return (readText(`/proc/${pid}/task/${pid}/children`) ?? '')
    .split(' ')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
}

/**
 * PostgreSQL is a postmaster and a process per connection and background task. Its CPU: the
 * postmaster's own, what its exited children used (reaped into its cutime), and what its
 * living children used so far; differences of this figure cover backends that come and go.
 */
function postgresCpu(postmaster: number): number {
  const main = cpuOf(postmaster)
  return main.own + main.reaped + childrenOf(postmaster).reduce((sum, pid) => sum + cpuOf(pid).own, 0)
}

function postgresPssKb(postmaster: number): number {
  return [postmaster, ...childrenOf(postmaster)].reduce((sum, pid) => sum + pssKb(pid), 0)
}

type Pids = { app: number; postgres: number; meilisearch: number }

function serverPids(dataDir: string, app: number): Pids {
  const meili = readText(path.join(dataDir, 'meilisearch.json'))
  const postmaster = readText(path.join(dataDir, 'postgres', 'postmaster.pid'))
  if (!meili || !postmaster) throw new Error(`the server did not record its Meilisearch and PostgreSQL in ${dataDir}`)
  return { app, meilisearch: (JSON.parse(meili) as { pid: number }).pid, postgres: Number(postmaster.split('\n')[0]) }
}

/** CPU and peak memory of the three servers over one run: sampled every SAMPLE_MS. */
function watchServers(pids: Pids) {
  const cpu = () => ({ app: cpuOf(pids.app).own, postgres: postgresCpu(pids.postgres), meilisearch: cpuOf(pids.meilisearch).own, machine: machineBusySeconds() })
  const before = cpu()
  const peak = { app: 0, postgres: 0, meilisearch: 0, meilisearchAnon: 0 }
  const sample = () => {
    const app = statusKb(pids.app)
    const meili = statusKb(pids.meilisearch)
    peak.app = Math.max(peak.app, app.rss)
    peak.meilisearch = Math.max(peak.meilisearch, meili.rss)
    peak.meilisearchAnon = Math.max(peak.meilisearchAnon, meili.anon)
    peak.postgres = Math.max(peak.postgres, postgresPssKb(pids.postgres))
  }
  sample()
  const timer = setInterval(sample, SAMPLE_MS)
  return {
    stop(): { app: ProcessUse; postgres: ProcessUse; meilisearch: ProcessUse; machineCpuSeconds: number } {
      clearInterval(timer)
      sample()
      const after = cpu()
      return {
        app: { cpuSeconds: after.app - before.app, peakMb: peak.app / 1024 },
        postgres: { cpuSeconds: after.postgres - before.postgres, peakMb: peak.postgres / 1024 },
        meilisearch: { cpuSeconds: after.meilisearch - before.meilisearch, peakMb: peak.meilisearch / 1024, peakAnonMb: peak.meilisearchAnon / 1024 },
        machineCpuSeconds: after.machine - before.machine,
      }
    },
  }
}

/** Is `pid` alive and running from `dataDir` (its command line names the folder)? */
function runsFrom(pid: number, dataDir: string): boolean {
  return (readText(`/proc/${pid}/cmdline`) ?? '').includes(dataDir)
}

/** Stops servers left in the data folder (a child crashed or was killed); returns what it stopped. */
async function stopLeftovers(dataDir: string): Promise<string[]> {
  const servers: { name: string; pid: number; signal: NodeJS.Signals }[] = []
  const meili = readText(path.join(dataDir, 'meilisearch.json'))
  if (meili) servers.push({ name: 'Meilisearch', pid: (JSON.parse(meili) as { pid: number }).pid, signal: 'SIGTERM' })
  const postmaster = readText(path.join(dataDir, 'postgres', 'postmaster.pid'))
  // PostgreSQL's "fast" shutdown: SIGINT.
  if (postmaster) servers.push({ name: 'PostgreSQL', pid: Number(postmaster.split('\n')[0]), signal: 'SIGINT' })
  const stopped: string[] = []
  for (const server of servers) {
    if (!runsFrom(server.pid, dataDir)) continue
    process.kill(server.pid, server.signal)
    for (let waited = 0; runsFrom(server.pid, dataDir) && waited < 15_000; waited += 100) await sleep(100)
    if (runsFrom(server.pid, dataDir)) process.kill(server.pid, 'SIGKILL')
    stopped.push(`${server.name} (pid ${server.pid})`)
  }
  return stopped
}

function exited(child: ChildProcess): Promise<number> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode ?? 128)
  return new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)))
  })
}

/** A port nothing listens on now, on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function tail(file: string, lines: number): string {
  return (readText(file) ?? '').trimEnd().split('\n').slice(-lines).join('\n')
}

/** The newest modification time of the files under `dir` (the build must not be older than the code). */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return newest
}

// ───────────────────────────── HTTP ─────────────────────────────

type RouteSpec = { id: RouteId; label: string; paths: string[]; signedIn: boolean }

function routesFor(plan: Plan, options: Options): RouteSpec[] {
  const all: RouteSpec[] = [
    { id: 'need-matches', label: 'GET /api/v1/needs/{key}/matches', paths: plan.keys.needs.map((k) => `/api/v1/needs/${encodeURIComponent(k)}/matches`), signedIn: false },
    { id: 'offer-matches', label: 'GET /api/v1/offers/{key}/matches', paths: plan.keys.offers.map((k) => `/api/v1/offers/${encodeURIComponent(k)}/matches`), signedIn: false },
    { id: 'need-page', label: 'GET /needs/{key}', paths: plan.keys.needs.map((k) => `/needs/${encodeURIComponent(k)}`), signedIn: false },
    { id: 'search', label: 'GET /search?q=…&facets', paths: plan.searches, signedIn: false },
    { id: 'needs-list', label: 'GET /needs', paths: ['/needs'], signedIn: false },
    { id: 'dashboard', label: 'GET /dashboard (signed in)', paths: ['/dashboard'], signedIn: true },
  ]
  return all.filter((r) => options.routes.includes(r.id))
}

const BROWSER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; bench:load) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36'

function requestHeaders(options: Options, cookie: string | null): Record<string, string> {
  return {
    'user-agent': BROWSER_AGENT,
    accept: 'text/html,application/json;q=0.9,*/*;q=0.8',
    'accept-language': 'vi,en;q=0.8',
    'accept-encoding': options.encoding === 'gzip' ? 'gzip' : 'identity',
    ...(cookie ? { cookie } : {}),
  }
}

async function waitUntilReady(origin: string, app: ChildProcess, log: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS
  let last = ''
  while (Date.now() < deadline) {
    if (app.exitCode !== null || app.signalCode !== null) throw new Error(`the server exited (code ${app.exitCode ?? app.signalCode}) before it was ready:\n${tail(log, 30)}`)
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(10_000) })
      const body = (await response.json()) as { status: string; message?: string; checks?: { search?: { ready?: boolean; pendingSync?: number } } }
      last = `${response.status} ${body.message ?? body.status}`
      if (response.status === 200 && body.checks?.search?.ready && body.checks.search.pendingSync === 0) return
    } catch (error) {
      last = (error as Error).message
    }
    await sleep(500)
  }
  throw new Error(`the server was not ready after ${READY_TIMEOUT_MS / 60_000} minutes (last: ${last}):\n${tail(log, 30)}`)
}

async function signIn(origin: string): Promise<string> {
  const { password } = JSON.parse(fs.readFileSync(DEMO_ACCOUNTS, 'utf8')) as { password: string }
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, 'user-agent': BROWSER_AGENT },
    body: new URLSearchParams({ email: DASHBOARD_MEMBER, password, redirectTo: '/dashboard' }),
  })
  const session = response.headers.getSetCookie().find((c) => c.startsWith('cn_session='))
  if (response.status !== 302 || !session) throw new Error(`signing in ${DASHBOARD_MEMBER} failed: HTTP ${response.status}`)
  return session.split(';')[0]!
}

/** Every route answers 200 to its first requests (a misconfigured bench must fail, not measure 404s). */
async function preflight(origin: string, routes: RouteSpec[], headers: (route: RouteSpec) => Record<string, string>): Promise<void> {
  for (const route of routes) {
    for (const p of route.paths.slice(0, 3)) {
      const response = await fetch(`${origin}${p}`, { headers: headers(route), redirect: 'manual' })
      await response.arrayBuffer()
      if (response.status !== 200) throw new Error(`${route.label}: ${p} answered HTTP ${response.status}, not 200`)
    }
  }
}

/** The gzipped JavaScript a page's HTML makes the browser load: its scripts and module preloads. */
async function pageWeights(origin: string, pages: { page: string; path: string }[], cookie: string | null): Promise<PageWeight[]> {
  const assets = new Map<string, { bytes: number; gzip: number }>()
  const asset = async (url: string) => {
    const known = assets.get(url)
    if (known) return known
    const response = await fetch(`${origin}${url}`, { headers: { 'accept-encoding': 'identity' } })
    if (response.status !== 200) throw new Error(`${url}: HTTP ${response.status}`)
    const body = Buffer.from(await response.arrayBuffer())
    const size = { bytes: body.length, gzip: zlib.gzipSync(body, { level: 6 }).length }
    assets.set(url, size)
    return size
  }
  const weights: PageWeight[] = []
  for (const { page, path: pagePath } of pages) {
    const response = await fetch(`${origin}${pagePath}`, { headers: { 'accept-encoding': 'identity', 'user-agent': BROWSER_AGENT, ...(cookie ? { cookie } : {}) } })
    const html = await response.text()
    if (response.status !== 200) throw new Error(`${pagePath}: HTTP ${response.status}`)
    const urls = new Set<string>()
    for (const tag of html.match(/<(script|link)\b[^>]*>/g) ?? []) {
      const src = /\bsrc="([^"]+)"/.exec(tag)?.[1]
      if (tag.startsWith('<script') && src) urls.add(src)
      const href = /\bhref="([^"]+)"/.exec(tag)?.[1]
      if (tag.startsWith('<link') && href && /\brel="modulepreload"/.test(tag)) urls.add(href)
    }
    // Remix's inline module script imports the entry and route modules by URL.
    for (const [, url] of html.matchAll(/import(?:\s*\*\s*as\s+\w+\s+from)?\s*["'](\/[^"']+\.js)["']/g)) urls.add(url!)
    const local = [...urls].map((u) => new URL(u, origin)).filter((u) => u.origin === origin && u.pathname.endsWith('.js')).map((u) => u.pathname)
    // The entry loads the page's language strings (a chunk of their own) before it hydrates.
    const lang = /<html[^>]*\blang="([a-z]{2})"/.exec(html)?.[1]
    const entry = local.find((u) => /\/entry\.client-[^/]+\.js$/.test(u))
    if (lang && entry) {
      const source = await (await fetch(`${origin}${entry}`)).text()
      const chunk = new RegExp(`import\\("\\./(${lang}-[\\w-]+\\.js)"\\)`).exec(source)?.[1]
      if (chunk) local.push(new URL(chunk, `${origin}${entry}`).pathname)
    }
    let bytes = 0
    let gzip = 0
    for (const url of local) {
      const size = await asset(url)
      bytes += size.bytes
      gzip += size.gzip
    }
    weights.push({ page, path: pagePath, scripts: local.length, jsBytes: bytes, jsGzipBytes: gzip, htmlGzipBytes: zlib.gzipSync(Buffer.from(html), { level: 6 }).length })
  }
  return weights
}

type Drive = { responses: number; latencies: number[]; statuses: Map<number, number>; errors: number; timeouts: number; seconds: number }

/** `length`: a number of seconds, or `{ amount }` requests. */
function drive(origin: string, paths: string[], cursor: { next: number }, connections: number, length: number | { amount: number }, headers: Record<string, string>, stopper: { stop?: () => void }): Promise<Drive> {
  const latencies: number[] = []
  const statuses = new Map<number, number>()
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: origin,
        connections,
        ...(typeof length === 'number' ? { duration: length } : { amount: length.amount }),
        timeout: 30,
        headers,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[cursor.next++ % paths.length]! }) }],
      },
      (error, result) => {
        stopper.stop = undefined
        if (error) return reject(error instanceof Error ? error : new Error(String(error)))
        resolve({ responses: latencies.length, latencies, statuses, errors: result.errors, timeouts: result.timeouts, seconds: (performance.now() - started) / 1000 })
      },
    )
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime)
      statuses.set(statusCode, (statuses.get(statusCode) ?? 0) + 1)
    })
    stopper.stop = () => instance.stop()
  })
}

// ───────────────────────────── the run (parent) ─────────────────────────────

function machine(): string {
  const cpus = os.cpus()
  const model = (cpus[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim()
  return `${cpus.length} × ${model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${os.release()}, Node ${process.version}`
}

async function measure(options: Options, progress: (message: string) => void): Promise<Report> {
  const started = performance.now()
  const serverBuild = path.join(PROJECT_ROOT, 'build/server/index.js')
  if (!fs.existsSync(serverBuild) || !fs.existsSync(path.join(PROJECT_ROOT, 'build/client/assets'))) throw new Error('no production build: run `npm run build` first')
  const builtAt = fs.statSync(serverBuild).mtimeMs
  const codeAt = Math.max(...['app/routes', 'app/components', 'app/modules', 'app/root.tsx', 'app/entry.server.tsx', 'app/entry.client.tsx'].map((p) => {
    const full = path.join(PROJECT_ROOT, p)
    return fs.statSync(full).isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs
  }))
  if (codeAt > builtAt) progress('warning: app code changed after the last build; run `npm run build` to measure it')

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-bench-load-'))
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must get in.
  fs.chmodSync(dataDir, 0o755)
  const children = new Set<ChildProcess>()
  const stopper: { stop?: () => void } = {}
  let interrupted = false
  const onSignal = (signal: NodeJS.Signals) => () => {
    interrupted = true
    stopper.stop?.()
    for (const child of children) child.kill(signal)
  }
  const onInt = onSignal('SIGINT')
  const onTerm = onSignal('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  const log = path.join(dataDir, 'app.log')
  let app: ChildProcess | null = null
  try {
    // 1. the data
    const planFile = path.join(dataDir, 'plan.json')
    const preparing = spawn(
      process.execPath,
      [...process.execArgv, import.meta.filename, '--prepare', '--data-dir', dataDir, '--out', planFile, ...process.argv.slice(2).filter((a) => a !== '--')],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
    children.add(preparing)
    const prepared = await exited(preparing)
    children.delete(preparing)
    if (prepared !== 0 || !fs.existsSync(planFile)) throw new Error(`preparing the data failed (exit code ${prepared})`)
    if (interrupted) throw new Error('interrupted')
    const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan
    progress(`prepared ${plan.listed.needs} open needs and ${plan.listed.offers} open offers in ${plan.seconds.total.toFixed(0)} s`)

    // 2. the production server
    const port = await freePort()
    const origin = `http://127.0.0.1:${port}`
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'on', API_RATE_LIMIT_PER_MINUTE: '1000000000' }
    for (const name of ['DATABASE_URL', 'MEILI_HOST', 'MEILI_MASTER_KEY', 'APP_URL', 'LOG_LEVEL', 'TRUST_PROXY', 'NODE_OPTIONS']) delete env[name]
    if (options.cpuProf) fs.mkdirSync(options.cpuProf, { recursive: true })
    const logFd = fs.openSync(log, 'a')
    progress(`starting the production server on ${origin}`)
    const startedServer = performance.now()
    app = spawn(process.execPath, ['--import', 'tsx', ...(options.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProf] : []), 'app/cli/serve.ts'], {
      cwd: PROJECT_ROOT,
      env,
      stdio: ['ignore', logFd, logFd],
    })
    fs.closeSync(logFd)
    children.add(app)
    await waitUntilReady(origin, app, log)
    const startupSeconds = (performance.now() - startedServer) / 1000
    const pids = serverPids(dataDir, app.pid!)
    progress(`ready after ${startupSeconds.toFixed(1)} s (app ${pids.app}, PostgreSQL ${pids.postgres}, Meilisearch ${pids.meilisearch})`)

    // 3. a member, the pages' weight, the routes answering
    const cookie = await signIn(origin)
    const routes = routesFor(plan, options)
    const headersFor = (route: RouteSpec) => requestHeaders(options, route.signedIn ? cookie : null)
    await preflight(origin, routes, headersFor)
    // Public pages as a visitor sees them; the dashboard with the member's cookie.
    const pages = [
      ...(await pageWeights(
        origin,
        [
          { page: 'need page', path: `/needs/${encodeURIComponent(plan.keys.needs[0]!)}` },
          { page: 'offer page', path: `/offers/${encodeURIComponent(plan.keys.offers[0]!)}` },
          { page: 'search page', path: plan.searches[0]! },
          { page: 'needs list', path: '/needs' },
        ],
        null,
      )),
      ...(await pageWeights(origin, [{ page: 'dashboard', path: '/dashboard' }], cookie)),
    ]

    // 4. the load
    const runs: Run[] = []
    for (const route of routes) {
      const cursor = { next: 0 }
      // The first request of each path, measured on its own: nothing is cached yet (the
      // match cache fills per listing). The timed runs then measure the steady state of a
      // listing read again before it changes.
      const phases: { connections: number; firstPass: boolean }[] = [
        ...(options.firstPass ? [{ connections: Math.min(8, route.paths.length), firstPass: true }] : []),
        ...options.connections.map((connections) => ({ connections, firstPass: false })),
      ]
      for (const [i, { connections, firstPass }] of phases.entries()) {
        if (interrupted) throw new Error('interrupted')
        if (i === (options.firstPass ? 1 : 0) && options.warmup > 0) {
          progress(`${route.label}: warming up (${options.warmup} s, 8 connections)`)
          await drive(origin, route.paths, cursor, 8, options.warmup, headersFor(route), stopper)
        }
        await sleep(1000)
        progress(`${route.label}: ${connections} connection${connections === 1 ? '' : 's'}, ${firstPass ? `first request of each of ${route.paths.length} paths` : `${options.duration} s`}`)
        const watch = watchServers(pids)
        const benchBefore = process.cpuUsage()
        const result = await drive(origin, route.paths, cursor, connections, firstPass ? { amount: route.paths.length } : options.duration, headersFor(route), stopper)
        const bench = process.cpuUsage(benchBefore)
        const { machineCpuSeconds, ...use } = watch.stop()
        if (interrupted) throw new Error('interrupted')
        const sorted = result.latencies.sort((a, b) => a - b)
        const non2xx = [...result.statuses].filter(([status]) => status < 200 || status > 299).reduce((sum, [, n]) => sum + n, 0)
        runs.push({
          route: route.id,
          connections,
          firstPass,
          seconds: result.seconds,
          responses: result.responses,
          requestsPerSecond: result.responses / result.seconds,
          p50: percentile(sorted, 50),
          p95: percentile(sorted, 95),
          p99: percentile(sorted, 99),
          max: sorted.at(-1) ?? 0,
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx,
          statuses: Object.fromEntries([...result.statuses].map(([status, n]) => [String(status), n])),
          ...use,
          benchCpuSeconds: (bench.user + bench.system) / 1e6,
          othersCpuSeconds: Math.max(0, machineCpuSeconds - use.app.cpuSeconds - use.postgres.cpuSeconds - use.meilisearch.cpuSeconds - (bench.user + bench.system) / 1e6),
        })
      }
    }
    const meili = statusKb(pids.meilisearch)

    return {
      date: new Date().toISOString(),
      options,
      machine: machine(),
      plan: { ...plan, keys: { needs: plan.keys.needs.length, offers: plan.keys.offers.length }, searches: plan.searches.length },
      startupSeconds,
      runs,
      pages,
      meilisearchAtEnd: { rssMb: meili.rss / 1024, anonMb: meili.anon / 1024, hwmMb: meili.hwm / 1024 },
      seconds: (performance.now() - started) / 1000,
    }
  } finally {
    if (app) {
      progress('stopping the server')
      if (app.exitCode === null && app.signalCode === null) app.kill('SIGTERM')
      const stopped = await Promise.race([exited(app), sleep(30_000).then(() => null)])
      if (stopped === null) {
        process.stderr.write('the server did not stop within 30 s: killing it\n')
        app.kill('SIGKILL')
      }
    }
    const leftovers = await stopLeftovers(dataDir)
    if (leftovers.length) process.stderr.write(`stopped servers left behind: ${leftovers.join(', ')}\n`)
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
    if (options.keep) process.stderr.write(`data kept in ${dataDir}\n`)
    else fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

// ───────────────────────────── the report ─────────────────────────────

const ROUTE_LABELS: Record<RouteId, string> = {
  'need-matches': '`GET /api/v1/needs/{key}/matches`',
  'offer-matches': '`GET /api/v1/offers/{key}/matches`',
  'need-page': '`GET /needs/{key}`',
  search: '`GET /search?q=…` + facets',
  'needs-list': '`GET /needs`',
  dashboard: '`GET /dashboard` (signed in)',
}

function markdown(report: Report): string {
  const { options, plan } = report
  const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))
  const cpu = (use: ProcessUse, seconds: number) => `${use.cpuSeconds.toFixed(1)} (${(use.cpuSeconds / seconds).toFixed(2)})`
  const mb = (n: number) => n.toFixed(0)
  const kb = (bytes: number) => (bytes / 1024).toFixed(0)
  const count = (n: number) => n.toLocaleString('en-US')
  const date = report.date.slice(0, 10)
  const profile = options.quick ? 'quick profile' : 'full run'
  const lines: string[] = []
  lines.push(`#### ${date}${options.label ? ` · ${options.label}` : ''} · ${profile} · ${count(plan.generated.listings)} generated listings`)
  lines.push('')
  lines.push(
    `\`npm run bench:load --${options.quick ? ' --quick' : ''}${options.quick ? '' : ` --listings ${plan.generated.listings}`}\` on ${report.machine}. ` +
      `Production build served by \`app/cli/serve.ts\` (NODE_ENV=production, its own embedded PostgreSQL 15 and Meilisearch) on loopback; ` +
      `${count(plan.listed.needs)} open needs and ${count(plan.listed.offers)} open offers (generated, seed ${options.seed}, plus the demo data); ` +
      `keys rotated over ${count(plan.keys.needs)} needs and ${count(plan.keys.offers)} offers, ${plan.searches} searches. ` +
      `autocannon 8 in the bench process on the same machine; per route, first the first request of every path ("first requests", 8 connections: nothing cached), then each run ${options.duration} s after a ${options.warmup} s warm-up at 8 connections; ` +
      `requests sent \`accept-encoding: ${options.encoding}\` with a browser user agent. Latency is the whole response. ` +
      `Data: services ${plan.seconds.services.toFixed(0)} s, generate ${plan.seconds.generate.toFixed(1)} s, import ${plan.seconds.import.toFixed(1)} s, reindex ${plan.seconds.reindex.toFixed(1)} s; server ready ${report.startupSeconds.toFixed(1)} s after its start; whole bench ${(report.seconds / 60).toFixed(1)} min.`,
  )
  lines.push('')
  lines.push('| route | conns | req/s | p50 ms | p95 ms | p99 ms | errors | non-2xx | app CPU s (cores) | PostgreSQL CPU s (cores) | Meilisearch CPU s (cores) | bench CPU s | other processes CPU s (cores) | app peak RSS MB | PostgreSQL peak PSS MB | Meilisearch peak RSS (anon) MB |')
  lines.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|')
  for (const run of report.runs) {
    const non2xx = run.non2xx ? `${count(run.non2xx)} (${Object.entries(run.statuses).filter(([s]) => !s.startsWith('2')).map(([s, n]) => `${s}×${n}`).join(', ')})` : '0'
    lines.push(
      `| ${ROUTE_LABELS[run.route]} | ${run.connections}${run.firstPass ? ' (first requests)' : ''} | ${run.requestsPerSecond.toFixed(run.requestsPerSecond < 10 ? 1 : 0)} | ${ms(run.p50)} | ${ms(run.p95)} | ${ms(run.p99)} | ${run.errors}${run.timeouts ? ` (${run.timeouts} timeouts)` : ''} | ${non2xx} | ` +
        `${cpu(run.app, run.seconds)} | ${cpu(run.postgres, run.seconds)} | ${cpu(run.meilisearch, run.seconds)} | ${run.benchCpuSeconds.toFixed(1)} | ${cpu({ cpuSeconds: run.othersCpuSeconds, peakMb: 0 }, run.seconds)} | ` +
        `${mb(run.app.peakMb)} | ${mb(run.postgres.peakMb)} | ${mb(run.meilisearch.peakMb)} (${mb(run.meilisearch.peakAnonMb ?? 0)}) |`,
    )
  }
  lines.push('')
  lines.push(`Meilisearch at the end: RSS ${mb(report.meilisearchAtEnd.rssMb)} MB, anonymous ${mb(report.meilisearchAtEnd.anonMb)} MB, peak (VmHWM, since its start) ${mb(report.meilisearchAtEnd.hwmMb)} MB.`)
  lines.push('')
  lines.push('| page (as a visitor; the dashboard signed in) | scripts and module preloads | JavaScript | JavaScript gzipped | HTML gzipped |')
  lines.push('|---|--:|--:|--:|--:|')
  for (const page of report.pages) lines.push(`| ${page.page} | ${page.scripts} | ${kb(page.jsBytes)} KB | **${kb(page.jsGzipBytes)} KB** | ${kb(page.htmlGzipBytes)} KB |`)
  lines.push('')
  lines.push(
    `CPU s: CPU seconds used during the run (user + system; PostgreSQL: the postmaster and all its backends); cores: CPU seconds per second of the run (the machine has ${os.cpus().length}). ` +
      `Other processes: the machine's busy CPU time (/proc/stat) less the app, PostgreSQL, Meilisearch and the bench; well above 0 means something else ran on the machine and the figures are low. ` +
      'MB = MiB. Errors: connection errors and timeouts; non-2xx by status.',
  )
  return lines.join('\n')
}

function writeToDoc(report: Report, table: string): void {
  const { options } = report
  const key = `${options.label || 'default'} ${options.quick ? 'quick' : 'full'} ${options.listings}`
  const begin = `<!-- bench:load ${key} -->`
  const end = `<!-- /bench:load ${key} -->`
  const block = `${begin}\n${table}\n${end}`
  let doc = fs.readFileSync(BENCHMARKS_DOC, 'utf8')
  const at = doc.indexOf(begin)
  const endAt = doc.indexOf(end)
  if (at !== -1 && endAt > at) {
    doc = doc.slice(0, at) + block + doc.slice(endAt + end.length)
  } else {
    const heading = '### bench:load'
    if (!doc.includes(`\n${heading}\n`)) doc = `${doc.trimEnd()}\n\n${heading}\n`
    // Newest blocks first, right under the heading.
    const after = doc.indexOf(`\n${heading}\n`) + heading.length + 2
    doc = `${doc.slice(0, after)}\n${block}\n${doc.slice(after)}`
  }
  fs.writeFileSync(BENCHMARKS_DOC, doc.replace(/\n{3,}/g, '\n\n'))
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--')
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  const options = parseOptions(args)
  if (typeof options === 'string') {
    process.stderr.write(`${options}\n${USAGE}\n`)
    return 2
  }
  const progress = (message: string) => process.stderr.write(`[bench:load] ${message}\n`)
  if (args.includes('--prepare')) {
    const dataDir = args[args.indexOf('--data-dir') + 1]!
    const out = args[args.indexOf('--out') + 1]!
    await prepare(dataDir, options, out, (message) => process.stderr.write(`[bench:load prepare] ${message}\n`))
    return 0
  }
  const report = await measure(options, progress)
  const table = markdown(report)
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : `\n${table}\n`)
  if (options.write) {
    writeToDoc(report, table)
    progress(`written to ${path.relative(process.cwd(), BENCHMARKS_DOC)}`)
  }
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:load failed: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exit(1)
  },
)
