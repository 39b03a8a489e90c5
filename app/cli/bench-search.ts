// npm run bench:search [-- --sizes 10000,100000] [--queries 300] [--writes 100] [--seed 2027] [--json] [--keep]
//
// Search at scale. For each size, a child process starts the app's services on a fresh,
// empty data folder (DEMO_DATA=off; its own PostgreSQL and Meilisearch), imports a seeded
// marketplace of that many listings (app/cli/bench-search-listings.ts), and measures:
// - reindex: `reindexAll`, the code path of `npm run search:reindex` (target < 60 s at 100k);
// - matching: for sampled open needs, after a warm-up, the match API's route handler and,
//   interleaved, the very multi-search request it sends to Meilisearch (`offerQueriesForNeed`),
//   p50/p95 of both and their ratio (target: app p95 ≤ 2× raw p95);
// - write→searchable lag: listing edits and creations through the listing forms' domain
//   functions (audit, outbox entry) with the outbox worker running, from the call until
//   Meilisearch holds the new version (target p95 < 1 s);
// - Meilisearch memory after the reindex, the queries and the writes: VmRSS (anonymous and
//   mapped index-file pages) and VmHWM, the peak (target < 500 MB, judged on the peak).
// The parent prints one table. A child per size gives each its own environment (settings are
// read once per process); whatever happens to a child, the parent stops any server left in
// its data folder and removes the folder.

import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const USAGE = 'usage: npm run bench:search [-- --sizes 10000,100000] [--queries 300] [--writes 100] [--seed 2027] [--json] [--keep]'
const WARMUP = 30
const LAG_TIMEOUT_MS = 10_000
const TARGETS = { reindexSeconds: 60, ratioP95: 2, lagP95Ms: 1000, memoryMb: 500 }

type Options = { sizes: number[]; queries: number; writes: number; seed: number; json: boolean; keep: boolean }
type Memory = { rssMb: number; hwmMb: number; anonMb: number; fileMb: number }
type Latency = { p50: number; p95: number; mean: number }
type SizeResult = {
  listings: number
  needs: number
  offers: number
  organizations: number
  experts: number
  seconds: { generate: number; import: number; reindex: number; total: number }
  reindexed: number
  memory: { afterReindex: Memory; afterQueries: Memory; afterWrites: Memory }
  queries: { needs: number; warmup: number; app: Latency; raw: Latency; ratioP50: number; ratioP95: number; matchesPerNeed: number; hitsPerNeed: number; queriesPerNeed: number }
  lag: { writes: number; p50: number; p95: number; max: number; writeP50: number }
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0)
const latency = (values: number[]): Latency => ({ p50: percentile(values, 50), p95: percentile(values, 95), mean: mean(values) })
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const sizeLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n))

function parseOptions(args: string[]): Options | string {
  const value = (name: string) => {
    const i = args.indexOf(name)
    return i === -1 ? undefined : args[i + 1]
  }
  const count = (name: string, fallback: number) => {
    const raw = value(name)
    if (raw === undefined) return fallback
    const n = Number(raw)
    return Number.isInteger(n) && n > 0 ? n : `${name} must be a whole number above 0 (got "${raw}")`
  }
  const sizes = (value('--sizes') ?? '10000,100000').split(',').map((s) => Number(s.trim()))
  if (!sizes.length || sizes.some((n) => !Number.isInteger(n) || n < 10)) return `--sizes: comma-separated listing counts of at least 10 (got "${value('--sizes')}")`
  const queries = count('--queries', 300)
  const writes = count('--writes', 100)
  const seed = count('--seed', 2027)
  for (const n of [queries, writes, seed]) if (typeof n === 'string') return n
  return { sizes, queries: queries as number, writes: writes as number, seed: seed as number, json: args.includes('--json'), keep: args.includes('--keep') }
}

function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
  const mb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) / 1024
  return { rssMb: mb('VmRSS'), hwmMb: mb('VmHWM'), anonMb: mb('RssAnon'), fileMb: mb('RssFile') }
}

// ───────────────────────────── one size (child process) ─────────────────────────────

async function measure(listings: number, dataDir: string, options: Options, progress: (message: string) => void): Promise<SizeResult> {
  process.env.DATA_DIR = dataDir
  process.env.DEMO_DATA = 'off'
  process.env.LOG_LEVEL ??= 'warn'
  delete process.env.DATABASE_URL
  delete process.env.MEILI_HOST
  delete process.env.MEILI_MASTER_KEY
  // One client asking for hundreds of matches: not what the per-address limit is for.
  process.env.API_RATE_LIMIT_PER_MINUTE = '1000000000'

  const started = performance.now()
  const { startServices, stopServices } = await import('~/modules/composition/services.server')
  const { prisma } = await import('~/modules/db/db.server')
  const { LISTED_WHERE } = await import('~/modules/listings/visibility')
  const { prepareSearch } = await import('~/modules/search/sync.server')
  const { searchAdmin, searchQuery } = await import('~/modules/search/client.server')
  const { indexName } = await import('~/modules/search/indexes.server')
  const { needDocument, needRowInclude, listingVersions } = await import('~/modules/search/documents.server')
  const { offerQueriesForNeed } = await import('~/modules/matching/matching.server')
  const { loadTaxonomy } = await import('~/modules/taxonomy/load.server')
  const { loadRates } = await import('~/modules/money/exchange-rates.server')
  const { startOutboxWorker } = await import('~/modules/outbox/outbox.server')
  const { createOffer, updateNeed, updateOffer } = await import('~/modules/listings/listings.server')
  const { readNeedDetails, readOfferDetails } = await import('~/modules/listings/details')
  const { calendarDay } = await import('~/modules/listings/view')
  const { loader } = await import('~/routes/api.v1.needs.$key.matches')
  const { loadMarketplace, seededRandom } = await import('./bench-search-listings')

  let stopWorker: (() => Promise<void>) | null = null
  const stopAll = async () => {
    await stopWorker?.()
    stopWorker = null
    await stopServices()
  }
  // Ctrl-C reaches this process twice (from the terminal and forwarded by the parent): stop once.
  let interrupting = false
  const interrupted = () => {
    if (interrupting) return
    interrupting = true
    void stopAll().finally(() => process.exit(130))
  }
  process.on('SIGINT', interrupted)
  process.on('SIGTERM', interrupted)

  try {
    const runtime = await startServices({ migrate: true, seed: true, worker: false, search: true })
    const meiliPid = runtime.meilisearch?.pid
    if (!meiliPid) throw new Error('no embedded Meilisearch was started')
    await prepareSearch()

    // Listings over the coming year, from next 1 January: comparable runs, never in the past.
    const firstDay = new Date(Date.UTC(new Date().getUTCFullYear() + 1, 0, 1))
    const loaded = await loadMarketplace(listings, options.seed, firstDay, progress, () => memoryOf(meiliPid))
    const { doc, generateSeconds, importSeconds, rebuilt, afterReindex: memoryAfterReindex } = loaded

    // ── matching: the route handler against the raw multi-search it sends
    const random = seededRandom(options.seed + listings)
    const openNeeds = await prisma.need.findMany({
      where: LISTED_WHERE,
      select: { key: true },
      orderBy: { key: 'asc' },
    })
    for (let i = openNeeds.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[openNeeds[i], openNeeds[j]] = [openNeeds[j]!, openNeeds[i]!]
    }
    // Small marketplaces have few needs: at most half of them warm up.
    const warmup = Math.min(WARMUP, Math.floor(openNeeds.length / 2))
    const sample = openNeeds.slice(0, warmup + options.queries).map((n) => n.key)
    const [taxonomy, rates] = await Promise.all([loadTaxonomy(), loadRates()])
    const appMs: number[] = []
    const rawMs: number[] = []
    const matches: number[] = []
    const hits: number[] = []
    const queryCounts: number[] = []
    progress(`matching ${sample.length - warmup} needs (after ${warmup} warm-up)`)
    for (const [i, key] of sample.entries()) {
      const queries = offerQueriesForNeed(needDocument(await prisma.need.findUniqueOrThrow({ where: { key }, include: needRowInclude }), taxonomy, rates), taxonomy, rates)
      const raw = async () => {
        const begin = performance.now()
        const { results } = await searchQuery().multiSearch({ queries })
        return { ms: performance.now() - begin, hits: results.reduce((sum, result) => sum + result.hits.length, 0) }
      }
      const app = async () => {
        const begin = performance.now()
        const response = await loader({
          request: new Request(`http://localhost/api/v1/needs/${encodeURIComponent(key)}/matches?limit=10`, { headers: { 'Accept-Language': i % 2 ? 'en' : 'vi' } }),
          params: { key },
          context: {},
        })
        const body = (await response.json()) as { matches?: unknown[] }
        const ms = performance.now() - begin
        if (response.status !== 200) throw new Error(`match API for ${key}: HTTP ${response.status} ${JSON.stringify(body)}`)
        return { ms, matches: body.matches?.length ?? 0 }
      }
      // Alternate which goes first, so neither always meets a warmer server.
      const [r, a] = i % 2 ? [await raw(), await app()] : await (async () => {
        const first = await app()
        return [await raw(), first] as const
      })()
      if (i < warmup) continue
      rawMs.push(r.ms)
      appMs.push(a.ms)
      matches.push(a.matches)
      hits.push(r.hits)
      queryCounts.push(queries.length)
    }
    const memoryAfterQueries = memoryOf(meiliPid)

    // ── write → searchable, through the listing forms' domain functions
    progress(`writing ${options.writes} listings with the outbox worker running`)
    const actor = await prisma.user.create({ data: { email: `bench-search-${Date.now()}@caunoi.test`, name: 'bench:search', passwordHash: '!' } })
    const needPool = await prisma.need.findMany({ where: { ...LISTED_WHERE, org: { verification: 'verified' } }, select: { id: true }, orderBy: { id: 'asc' }, take: 5000 })
    const offerPool = await prisma.offer.findMany({ where: { ...LISTED_WHERE, kind: 'placement', org: { verification: 'verified' } }, select: { id: true }, orderBy: { id: 'asc' }, take: 5000 })
    const businesses = await prisma.organization.findMany({ where: { kind: 'business', verification: 'verified' }, select: { id: true }, orderBy: { id: 'asc' }, take: 500 })
    if (!needPool.length || !offerPool.length || !businesses.length) throw new Error('no verified open listings to edit: too few listings generated')
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)]!
    const day = (offset: number) => new Date(firstDay.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
    const retitled = (title: string, i: number) => `${title.replace(/ · bench \d+$/, '')} · bench ${i}`.slice(0, 200)

    /** One write of the kind i selects; returns the listing and when the call began. */
    const write = async (i: number): Promise<{ kind: 'needs' | 'offers'; id: string; began: number; wrote: number }> => {
      if (i % 3 === 0) {
        const row = await prisma.need.findUniqueOrThrow({ where: { id: pick(needPool).id } })
        const began = performance.now()
        const result = await updateNeed({
          actorId: actor.id,
          owner: { orgId: row.orgId },
          id: row.id,
          image: null,
          removeImageIds: [],
          values: {
            title: retitled(row.title, i),
            description: row.description,
            occupations: row.occupations,
            skills: row.skills,
            quantity: row.quantity,
            startDate: calendarDay(row.startDate),
            endDate: calendarDay(row.endDate),
            budgetAmount: row.budgetAmount === null ? null : Number(row.budgetAmount),
            budgetCurrency: row.budgetCurrency as 'VND' | 'USD' | 'EUR' | null,
            budgetPer: row.budgetPer,
            days: row.days,
            languages: row.languages,
            onSite: row.onSite,
            fundingGoal: row.fundingGoal === null ? null : Number(row.fundingGoal),
            fundingCurrency: row.fundingCurrency as 'VND' | 'USD' | 'EUR' | null,
            acceptedTerms: row.acceptedTerms,
            estimatedValue: row.estimatedValue === null ? null : Number(row.estimatedValue),
            details: readNeedDetails(row.kind, row.details),
          },
        })
        if (!result.ok) throw new Error(`updateNeed: ${result.error}`)
        return { kind: 'needs', id: row.id, began, wrote: performance.now() - began }
      }
      if (i % 3 === 1) {
        const owner = { orgId: pick(businesses).id }
        const began = performance.now()
        const result = await createOffer({
          actorId: actor.id,
          owner,
          kind: 'placement',
          publish: true,
          image: null,
          values: {
            title: `Nhận thực tập sinh ngành Hàn · bench ${i}`,
            description: 'Thực tập tại xưởng có người hướng dẫn: hàn TIG, hàn MIG/MAG.',
            occupations: ['Hàn'],
            skills: ['hàn TIG', 'hàn MIG/MAG'],
            capacity: 5,
            startDate: day(30),
            endDate: day(150),
            priceAmount: null,
            priceCurrency: null,
            pricePer: null,
            equipmentTerms: null,
            languages: ['vi'],
            remote: false,
            details: readOfferDetails('placement', {}),
          },
        })
        if (!result.ok) throw new Error(`createOffer: ${result.error}`)
        return { kind: 'offers', id: result.id, began, wrote: performance.now() - began }
      }
      const row = await prisma.offer.findUniqueOrThrow({ where: { id: pick(offerPool).id } })
      const began = performance.now()
      const result = await updateOffer({
        actorId: actor.id,
        owner: { orgId: row.orgId! },
        id: row.id,
        image: null,
        removeImageIds: [],
        values: {
          title: retitled(row.title, i),
          description: row.description,
          occupations: row.occupations,
          skills: row.skills,
          capacity: row.capacity,
          startDate: calendarDay(row.startDate),
          endDate: calendarDay(row.endDate),
          priceAmount: row.priceAmount === null ? null : Number(row.priceAmount),
          priceCurrency: row.priceCurrency as 'VND' | 'USD' | 'EUR' | null,
          pricePer: row.pricePer,
          equipmentTerms: row.equipmentTerms,
          languages: row.languages,
          remote: row.remote,
          details: readOfferDetails(row.kind, row.details),
        },
      })
      if (!result.ok) throw new Error(`updateOffer: ${result.error}`)
      return { kind: 'offers', id: row.id, began, wrote: performance.now() - began }
    }

    /** When Meilisearch first returns the document at `version`. */
    const searchableAt = async (kind: 'needs' | 'offers', id: string, version: number, began: number): Promise<number> => {
      const index = searchAdmin().index<{ version: number }>(indexName(kind))
      for (;;) {
        try {
          const doc = await index.getDocument(id, { fields: ['version'] })
          if (doc.version === version) return performance.now()
        } catch (error) {
          if ((error as { cause?: { code?: string } }).cause?.code !== 'document_not_found') throw error
        }
        if (performance.now() - began > LAG_TIMEOUT_MS) throw new Error(`${kind} ${id} was not searchable ${LAG_TIMEOUT_MS / 1000} s after its write`)
        // Often enough to see the moment, gently enough not to compete with the indexing it waits for.
        await sleep(10)
      }
    }

    stopWorker = startOutboxWorker()
    const lagMs: number[] = []
    const writeMs: number[] = []
    for (let i = 0; i < options.writes; i++) {
      // Writes land at any point of the worker's cycle, as users' do.
      await sleep(20 + Math.floor(random() * 230))
      const { kind, id, began, wrote } = await write(i)
      const version = (await listingVersions(kind === 'needs' ? 'need' : 'offer', [id])).get(id)
      if (version === undefined) throw new Error(`${kind} ${id} is not public after its write`)
      lagMs.push((await searchableAt(kind, id, version, began)) - began)
      writeMs.push(wrote)
    }
    const memoryAfterWrites = memoryOf(meiliPid)

    const organizations = doc.organizations?.length ?? 0
    return {
      listings,
      needs: doc.needs?.length ?? 0,
      offers: doc.offers?.length ?? 0,
      organizations,
      experts: doc.experts?.length ?? 0,
      seconds: { generate: generateSeconds, import: importSeconds, reindex: rebuilt.ms / 1000, total: (performance.now() - started) / 1000 },
      reindexed: rebuilt.needs + rebuilt.offers,
      memory: { afterReindex: memoryAfterReindex, afterQueries: memoryAfterQueries, afterWrites: memoryAfterWrites },
      queries: {
        needs: appMs.length,
        warmup,
        app: latency(appMs),
        raw: latency(rawMs),
        ratioP50: percentile(appMs, 50) / percentile(rawMs, 50),
        ratioP95: percentile(appMs, 95) / percentile(rawMs, 95),
        matchesPerNeed: mean(matches),
        hitsPerNeed: mean(hits),
        queriesPerNeed: mean(queryCounts),
      },
      lag: { writes: lagMs.length, p50: percentile(lagMs, 50), p95: percentile(lagMs, 95), max: Math.max(...lagMs), writeP50: percentile(writeMs, 50) },
    }
  } finally {
    process.off('SIGINT', interrupted)
    process.off('SIGTERM', interrupted)
    await stopAll()
  }
}

// ───────────────────────────── parent ─────────────────────────────

/** Is `pid` alive and running from `dataDir` (its command line names the folder)? */
function runsFrom(pid: number, dataDir: string): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dataDir)
  } catch {
    return false
  }
}

/** Stops servers a child left in its data folder (it crashed or was killed); returns what it stopped. */
async function stopLeftovers(dataDir: string): Promise<string[]> {
  const servers: { name: string; pid: number; signal: NodeJS.Signals }[] = []
  const meili = path.join(dataDir, 'meilisearch.json')
  if (fs.existsSync(meili)) servers.push({ name: 'Meilisearch', pid: (JSON.parse(fs.readFileSync(meili, 'utf8')) as { pid: number }).pid, signal: 'SIGTERM' })
  const postmaster = path.join(dataDir, 'postgres', 'postmaster.pid')
  // PostgreSQL's "fast" shutdown: SIGINT.
  if (fs.existsSync(postmaster)) servers.push({ name: 'PostgreSQL', pid: Number(fs.readFileSync(postmaster, 'utf8').split('\n')[0]), signal: 'SIGINT' })
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

async function runSize(listings: number, options: Options): Promise<SizeResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `caunoi-bench-search-${sizeLabel(listings)}-`))
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must get in.
  fs.chmodSync(dataDir, 0o755)
  const out = path.join(dataDir, 'result.json')
  const child = spawn(
    process.execPath,
    [...process.execArgv, import.meta.filename, '--child', String(listings), '--data-dir', dataDir, '--out', out, ...process.argv.slice(2).filter((a) => a !== '--')],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  )
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal)
  const onInt = forward('SIGINT')
  const onTerm = forward('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)
  try {
    const code = await new Promise<number>((resolve, reject) => {
      child.once('error', reject)
      child.once('exit', (exitCode, signal) => resolve(exitCode ?? (signal ? 128 : 1)))
    })
    if (code !== 0 || !fs.existsSync(out)) throw new Error(`the ${sizeLabel(listings)} run failed (exit code ${code})`)
    return JSON.parse(fs.readFileSync(out, 'utf8')) as SizeResult
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
    const stopped = await stopLeftovers(dataDir)
    if (stopped.length) process.stderr.write(`stopped servers the ${sizeLabel(listings)} run left behind: ${stopped.join(', ')}\n`)
    if (options.keep) process.stderr.write(`data kept in ${dataDir}\n`)
    else fs.rmSync(dataDir, { recursive: true, force: true })
  }
}

function report(results: SizeResult[], options: Options, seconds: number): string {
  const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0))
  const mb = (n: number) => n.toFixed(0)
  const count = (n: number) => n.toLocaleString('en-US')
  const peak = (r: SizeResult) => Math.max(r.memory.afterReindex.hwmMb, r.memory.afterQueries.hwmMb, r.memory.afterWrites.hwmMb)
  const rows: [string, (r: SizeResult) => string][] = [
    ['listings (needs + offers)', (r) => `${count(r.needs)} + ${count(r.offers)}`],
    ['owners (organisations, experts)', (r) => `${count(r.organizations)}, ${count(r.experts)}`],
    ['generate / import', (r) => `${r.seconds.generate.toFixed(1)} s / ${r.seconds.import.toFixed(1)} s`],
    ['reindex (search:reindex)', (r) => `${r.seconds.reindex.toFixed(1)} s`],
    ['needs timed (after warm-up)', (r) => `${r.queries.needs} (${r.queries.warmup})`],
    ['match API p50 / p95', (r) => `${ms(r.queries.app.p50)} / ${ms(r.queries.app.p95)} ms`],
    ['raw Meilisearch p50 / p95', (r) => `${ms(r.queries.raw.p50)} / ${ms(r.queries.raw.p95)} ms`],
    ['app / raw at p50 / p95', (r) => `${r.queries.ratioP50.toFixed(2)}× / ${r.queries.ratioP95.toFixed(2)}×`],
    ['queries, hits, matches per need', (r) => `${r.queries.queriesPerNeed.toFixed(1)}, ${r.queries.hitsPerNeed.toFixed(0)}, ${r.queries.matchesPerNeed.toFixed(1)}`],
    ['writes timed', (r) => String(r.lag.writes)],
    ['write→searchable p50 / p95', (r) => `${ms(r.lag.p50)} / ${ms(r.lag.p95)} ms`],
    ['write→searchable max (write p50)', (r) => `${ms(r.lag.max)} ms (${ms(r.lag.writeP50)} ms)`],
    ['Meili RSS after reindex (anon)', (r) => `${mb(r.memory.afterReindex.rssMb)} MB (${mb(r.memory.afterReindex.anonMb)})`],
    ['Meili RSS after queries (anon)', (r) => `${mb(r.memory.afterQueries.rssMb)} MB (${mb(r.memory.afterQueries.anonMb)})`],
    ['Meili RSS after writes (anon)', (r) => `${mb(r.memory.afterWrites.rssMb)} MB (${mb(r.memory.afterWrites.anonMb)})`],
    ['Meili peak RSS (VmHWM)', (r) => `${mb(peak(r))} MB`],
    ['run time', (r) => `${r.seconds.total.toFixed(0)} s`],
  ]
  const targets: [string, (r: SizeResult) => boolean][] = [
    [`reindex < ${TARGETS.reindexSeconds} s`, (r) => r.seconds.reindex < TARGETS.reindexSeconds],
    [`match API p95 ≤ ${TARGETS.ratioP95}× raw p95`, (r) => r.queries.ratioP95 <= TARGETS.ratioP95],
    [`write→searchable p95 < ${TARGETS.lagP95Ms / 1000} s`, (r) => r.lag.p95 < TARGETS.lagP95Ms],
    [`Meilisearch RSS < ${TARGETS.memoryMb} MB (peak)`, (r) => peak(r) < TARGETS.memoryMb],
  ]
  const labelWidth = 34
  const width = Math.max(16, ...results.flatMap((r) => rows.map(([, cell]) => cell(r).length + 2)))
  const line = (label: string, cells: string[]) => `${label.padEnd(labelWidth)}${cells.map((c) => c.padStart(width)).join('')}\n`
  let text = `bench:search — ${os.cpus().length} cores, seed ${options.seed}\n\n`
  text += line('', results.map((r) => `${sizeLabel(r.listings)} listings`))
  for (const [label, cell] of rows) text += line(label, results.map(cell))
  text += `\n${line('target', results.map((r) => sizeLabel(r.listings)))}`
  for (const [label, met] of targets) text += line(label, results.map((r) => (met(r) ? 'met' : 'MISSED')))
  text +=
    `\nMB = MiB. RSS = VmRSS: anonymous memory (anon) plus the pages of the index files Meilisearch has mapped (page cache the kernel\n` +
    `can reclaim); the peak is VmHWM, the most it ever held. Whole bench: ${seconds.toFixed(0)} s.\n`
  return text
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

  const childAt = args.indexOf('--child')
  if (childAt !== -1) {
    const listings = Number(args[childAt + 1])
    const dataDir = args[args.indexOf('--data-dir') + 1]!
    const out = args[args.indexOf('--out') + 1]!
    const label = sizeLabel(listings)
    const result = await measure(listings, dataDir, options, (message) => process.stderr.write(`[${label}] ${message}\n`))
    fs.writeFileSync(out, JSON.stringify(result))
    return 0
  }

  const started = performance.now()
  const results: SizeResult[] = []
  for (const size of options.sizes) results.push(await runSize(size, options))
  const seconds = (performance.now() - started) / 1000
  process.stdout.write(options.json ? `${JSON.stringify({ options, seconds, results }, null, 2)}\n` : report(results, options, seconds))
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:search failed: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exit(1)
  },
)
