// npm run bench:relevance [-- <dir>] [--keep] [--json]
//
// Measures matching on a labelled set: <dir>/listings.json (import format) and
// <dir>/judgments.json ({ needKey: { grades: { offerKey: 0..3 }, forbidden: [offerKey] } }).
// Starts the app's services on a fresh, empty data folder (DEMO_DATA=off; its own
// PostgreSQL and Meilisearch), imports the listings, waits until the search index is in
// step with the database, then calls the match API's route handlers in both directions:
//   needs → offers   every judged need; its grades as written
//   offers → needs   every offer some need grades 1 or more, or forbids; the same pairs read
//                    the other way round (a pair's grade is how well the two fit, whichever
//                    side asks), so an offer's forbidden needs are those forbidding it
// and prints, per direction, NDCG@10 (gain 2^grade − 1) per kind and overall, the recall of
// grade-3 listings in the top 10, violations (returned listings judged forbidden) and the
// match API's latency.
// Without a <dir>, it measures each default set in turn, each in a process of its own (a set
// never sees the other's listings): the public dev set (../shared/dev-eval beside the
// project, or RELEVANCE_DEV_SET) and the project's open-vocabulary set
// (tests/relevance/open-set, see its README.md).

import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const USAGE = 'usage: npm run bench:relevance [-- <dir with listings.json and judgments.json>] [--keep] [--json]'
const TOP = 10
const PROJECT_ROOT = path.resolve(import.meta.dirname, '../..')
const DEFAULT_SETS = [
  { name: 'dev set', dir: process.env.RELEVANCE_DEV_SET ?? path.resolve(PROJECT_ROOT, '../shared/dev-eval') },
  { name: 'open-vocabulary set', dir: path.join(PROJECT_ROOT, 'tests/relevance/open-set') },
]

type Judgment = { grades: Record<string, number>; forbidden: string[] }
type Direction = 'needs → offers' | 'offers → needs'
type Result = {
  key: string
  kind: string
  ndcg: number
  grade3: number
  grade3Found: number
  violations: string[]
  returned: string[]
  ms: number
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`)
  }
}

function dcg(grades: number[]): number {
  return grades.slice(0, TOP).reduce((sum, grade, i) => sum + (2 ** grade - 1) / Math.log2(i + 2), 0)
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0)

/** The judgments read from the offers' side: each offer's graded and forbidden needs. */
function offerJudgments(judgments: Record<string, Judgment>): Record<string, Judgment> {
  const out: Record<string, Judgment> = {}
  const of = (offer: string) => (out[offer] ??= { grades: {}, forbidden: [] })
  for (const [need, judgment] of Object.entries(judgments)) {
    for (const [offer, grade] of Object.entries(judgment.grades)) if (grade > 0) of(offer).grades[need] = grade
    for (const offer of judgment.forbidden) of(offer).forbidden.push(need)
  }
  // Only offers some need wants: an offer nobody grades has no ideal ranking to compare with.
  return Object.fromEntries(Object.entries(out).filter(([, judgment]) => Object.keys(judgment.grades).length > 0))
}

function summarise(results: Result[]) {
  const byKind = new Map<string, Result[]>()
  for (const result of results) byKind.set(result.kind, [...(byKind.get(result.kind) ?? []), result])
  return {
    listings: results.length,
    ndcg: mean(results.map((r) => r.ndcg)),
    ndcgByKind: Object.fromEntries([...byKind].sort().map(([kind, list]) => [kind, { listings: list.length, ndcg: mean(list.map((r) => r.ndcg)) }])),
    recallGrade3: results.reduce((s, r) => s + r.grade3Found, 0) / Math.max(1, results.reduce((s, r) => s + Math.min(TOP, r.grade3), 0)),
    violations: results.reduce((s, r) => s + r.violations.length, 0),
    apiMs: { p50: percentile(results.map((r) => r.ms), 50), p95: percentile(results.map((r) => r.ms), 95) },
  }
}

type Summary = ReturnType<typeof summarise>

function printDirection(direction: Direction, summary: Summary, results: Result[]) {
  const pct = (x: number) => x.toFixed(3)
  const out = (line = '') => process.stdout.write(`${line}\n`)
  out(`${direction} (${summary.listings} ${direction.startsWith('needs') ? 'needs' : 'offers'}, top ${TOP})`)
  out(`  ${'kind'.padEnd(16)}${'count'.padStart(6)}${'NDCG@10'.padStart(10)}`)
  for (const [kind, { listings, ndcg }] of Object.entries(summary.ndcgByKind)) out(`  ${kind.padEnd(16)}${String(listings).padStart(6)}${pct(ndcg).padStart(10)}`)
  out(`  ${'overall'.padEnd(16)}${String(summary.listings).padStart(6)}${pct(summary.ndcg).padStart(10)}`)
  out(`  recall of grade-3 listings in the top ${TOP}: ${pct(summary.recallGrade3)}`)
  out(`  violations (forbidden listings returned): ${summary.violations}`)
  for (const r of results.filter((r) => r.violations.length)) out(`    ${r.key}: ${r.violations.join(', ')}`)
  const weakest = [...results].sort((a, b) => a.ndcg - b.ndcg).slice(0, 5)
  out(`  weakest: ${weakest.map((r) => `${r.key} ${pct(r.ndcg)}`).join(', ')}`)
  out(`  match API latency: p50 ${summary.apiMs.p50.toFixed(1)} ms, p95 ${summary.apiMs.p95.toFixed(1)} ms`)
  out()
}

/** Every default set, each measured by this script in a process of its own. */
function runDefaultSets(flags: string[]): number {
  const tsx = path.join(PROJECT_ROOT, 'node_modules/.bin/tsx')
  let code = 0
  for (const set of DEFAULT_SETS) {
    if (!fs.existsSync(path.join(set.dir, 'judgments.json'))) {
      process.stdout.write(`== ${set.name}: ${set.dir} not found, skipped\n\n`)
      continue
    }
    if (!flags.includes('--json')) process.stdout.write(`== ${set.name}\n`)
    const child = spawnSync(tsx, [path.join(import.meta.dirname, 'bench-relevance.ts'), set.dir, ...flags], { stdio: 'inherit' })
    code = Math.max(code, child.status ?? 1)
  }
  return code
}

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--')
  const dir = args.find((a) => !a.startsWith('--'))
  if (args.includes('--help')) {
    process.stderr.write(`${USAGE}\n`)
    return 0
  }
  if (!dir) return runDefaultSets(args.filter((a) => a.startsWith('--')))
  const keep = args.includes('--keep')
  const asJson = args.includes('--json')
  const listings = readJson(path.join(dir, 'listings.json'))
  const judgments = readJson(path.join(dir, 'judgments.json')) as Record<string, Judgment>

  // A fresh data folder and settings for this process, before any module reads them.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'caunoi-bench-relevance-'))
  // mkdtemp makes it 0700; as root, PostgreSQL runs as another user who must get in.
  fs.chmodSync(dataDir, 0o755)
  process.env.DATA_DIR = dataDir
  process.env.DEMO_DATA = 'off'
  process.env.LOG_LEVEL ??= 'warn'
  delete process.env.DATABASE_URL
  delete process.env.MEILI_HOST
  // The bench is one client asking for every need: not what the per-address limit is for.
  process.env.API_RATE_LIMIT_PER_MINUTE = '1000000'

  const started = performance.now()
  const { startServices, stopServices } = await import('~/modules/composition/services.server')
  const { prisma } = await import('~/modules/db/db.server')
  const { importDocument } = await import('~/modules/import/import.server')
  const { prepareSearch } = await import('~/modules/search/sync.server')
  const { searchParity } = await import('~/modules/search/parity.server')
  const needRoute = await import('~/routes/api.v1.needs.$key.matches')
  const offerRoute = await import('~/routes/api.v1.offers.$key.matches')

  try {
    await startServices({ migrate: true, seed: true, worker: true, search: true })
    await prepareSearch()
    const imported = await importDocument(listings)
    if (!imported.ok) {
      for (const error of imported.errors.slice(0, 20)) process.stderr.write(`${error.path}: ${error.message}\n`)
      throw new Error(`${path.join(dir, 'listings.json')} is not a valid import document`)
    }
    const importedAt = performance.now()

    // In step: no search entry left in the outbox, and the index agrees with the database.
    const deadline = Date.now() + 120_000
    for (;;) {
      const pending = await prisma.outboxEntry.count({ where: { kind: 'search_index', status: 'pending' } })
      if (!pending) {
        const parity = await searchParity({ sample: 50 })
        if (parity.ok) break
      }
      if (Date.now() > deadline) throw new Error('the search index did not catch up with the import within 2 minutes')
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const syncedAt = performance.now()

    const needKinds = new Map((await prisma.need.findMany({ select: { key: true, kind: true } })).map((n) => [n.key, n.kind as string]))
    const offerKinds = new Map((await prisma.offer.findMany({ select: { key: true, kind: true } })).map((o) => [o.key, o.kind as string]))

    /** Asks the match API for each judged listing of one side, and scores its answer. */
    const measure = async (side: 'needs' | 'offers', judged: Record<string, Judgment>): Promise<Result[]> => {
      const results: Result[] = []
      const loader = side === 'needs' ? needRoute.loader : offerRoute.loader
      const kinds = side === 'needs' ? needKinds : offerKinds
      for (const [key, judgment] of Object.entries(judged)) {
        const t0 = performance.now()
        const response = await loader({
          request: new Request(`http://localhost/api/v1/${side}/${encodeURIComponent(key)}/matches?limit=${TOP}`, {
            headers: { 'Accept-Language': 'en' },
          }),
          params: { key },
          context: {},
        })
        const ms = performance.now() - t0
        // { need, matches: [{ offer }] } for a need; { offer, needs: [{ need }] } for an offer.
        const body = (await response.json()) as { matches?: { offer: string }[]; needs?: { need: string }[] }
        const found = side === 'needs' ? (body.matches ?? []).map((m) => m.offer) : (body.needs ?? []).map((m) => m.need)
        const returned = response.status === 200 ? found : []
        const grades = judgment.grades
        const ideal = dcg(Object.values(grades).sort((a, b) => b - a))
        const forbidden = new Set(judgment.forbidden)
        const grade3 = Object.values(grades).filter((g) => g === 3).length
        results.push({
          key,
          kind: kinds.get(key) ?? `unknown (HTTP ${response.status})`,
          ndcg: ideal > 0 ? dcg(returned.map((other) => grades[other] ?? 0)) / ideal : returned.length ? 0 : 1,
          grade3,
          grade3Found: returned.slice(0, TOP).filter((other) => grades[other] === 3).length,
          violations: returned.filter((other) => forbidden.has(other)),
          returned,
          ms,
        })
      }
      return results
    }

    const needResults = await measure('needs', judgments)
    const offerResults = await measure('offers', offerJudgments(judgments))
    const directions = { 'needs → offers': summarise(needResults), 'offers → needs': summarise(offerResults) }
    const seconds = {
      setupAndImport: (importedAt - started) / 1000,
      indexSync: (syncedAt - importedAt) / 1000,
      total: (performance.now() - started) / 1000,
    }
    const violations = needResults.concat(offerResults).reduce((s, r) => s + r.violations.length, 0)

    if (asJson) {
      process.stdout.write(`${JSON.stringify({ set: path.resolve(dir), directions, seconds, results: { needs: needResults, offers: offerResults } }, null, 2)}\n`)
    } else {
      process.stdout.write(`Relevance on ${path.resolve(dir)}\n\n`)
      printDirection('needs → offers', directions['needs → offers'], needResults)
      printDirection('offers → needs', directions['offers → needs'], offerResults)
      process.stdout.write(
        `time: setup + import ${seconds.setupAndImport.toFixed(1)} s, index sync ${seconds.indexSync.toFixed(2)} s, total ${seconds.total.toFixed(1)} s\n\n`,
      )
    }
    return violations > 0 ? 1 : 0
  } finally {
    await stopServices()
    if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
    else process.stderr.write(`data kept in ${dataDir}\n`)
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bench:relevance failed: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exit(1)
  },
)
