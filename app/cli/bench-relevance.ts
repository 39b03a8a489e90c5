// npm run bench:relevance -- <dir> [--keep] [--json]
//
// Measures matching on a labelled set: <dir>/listings.json (import format) and
// <dir>/judgments.json ({ needKey: { grades: { offerKey: 0..3 }, forbidden: [offerKey] } }).
// Starts the app's services on a fresh, empty data folder (DEMO_DATA=off; its own
// PostgreSQL and Meilisearch), imports the listings, waits until the search index is in
// step with the database, then calls the match API's route handler for every judged need
// and prints NDCG@10 (gain 2^grade − 1) per need kind and overall, the recall of grade-3
// offers in the top 10, and violations (returned offers judged forbidden).

import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const USAGE = 'usage: npm run bench:relevance -- <dir with listings.json and judgments.json> [--keep] [--json]'
const TOP = 10

type Judgment = { grades: Record<string, number>; forbidden: string[] }
type NeedResult = {
  need: string
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

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--')
  const dir = args.find((a) => !a.startsWith('--'))
  if (!dir || args.includes('--help')) {
    process.stderr.write(`${USAGE}\n`)
    return dir ? 0 : 2
  }
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
  const { loader } = await import('~/routes/api.v1.needs.$key.matches')

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

    const kinds = new Map((await prisma.need.findMany({ select: { key: true, kind: true } })).map((n) => [n.key, n.kind]))
    const results: NeedResult[] = []
    for (const [needKey, judgment] of Object.entries(judgments)) {
      const t0 = performance.now()
      const response = await loader({
        request: new Request(`http://localhost/api/v1/needs/${encodeURIComponent(needKey)}/matches?limit=${TOP}`, {
          headers: { 'Accept-Language': 'en' },
        }),
        params: { key: needKey },
        context: {},
      })
      const ms = performance.now() - t0
      const body = (await response.json()) as { matches?: { offer: string }[] }
      const returned = response.status === 200 ? (body.matches ?? []).map((m) => m.offer) : []
      const grades = judgment.grades
      const ideal = dcg(Object.values(grades).sort((a, b) => b - a))
      const forbidden = new Set(judgment.forbidden)
      const grade3 = Object.values(grades).filter((g) => g === 3).length
      results.push({
        need: needKey,
        kind: kinds.get(needKey) ?? `unknown (HTTP ${response.status})`,
        ndcg: ideal > 0 ? dcg(returned.map((key) => grades[key] ?? 0)) / ideal : returned.length ? 0 : 1,
        grade3,
        grade3Found: returned.slice(0, TOP).filter((key) => grades[key] === 3).length,
        violations: returned.filter((key) => forbidden.has(key)),
        returned,
        ms,
      })
    }

    const byKind = new Map<string, NeedResult[]>()
    for (const result of results) byKind.set(result.kind, [...(byKind.get(result.kind) ?? []), result])
    const summary = {
      needs: results.length,
      ndcg: mean(results.map((r) => r.ndcg)),
      ndcgByKind: Object.fromEntries([...byKind].map(([kind, list]) => [kind, mean(list.map((r) => r.ndcg))])),
      recallGrade3: results.reduce((s, r) => s + r.grade3Found, 0) / Math.max(1, results.reduce((s, r) => s + Math.min(TOP, r.grade3), 0)),
      violations: results.reduce((s, r) => s + r.violations.length, 0),
      apiMs: { p50: percentile(results.map((r) => r.ms), 50), p95: percentile(results.map((r) => r.ms), 95) },
      seconds: {
        setupAndImport: (importedAt - started) / 1000,
        indexSync: (syncedAt - importedAt) / 1000,
        total: (performance.now() - started) / 1000,
      },
    }

    if (asJson) {
      process.stdout.write(`${JSON.stringify({ summary, results }, null, 2)}\n`)
    } else {
      const pct = (x: number) => x.toFixed(3)
      process.stdout.write(`Relevance on ${path.resolve(dir)} (${results.length} needs, top ${TOP})\n\n`)
      process.stdout.write(`${'kind'.padEnd(14)}${'needs'.padStart(6)}${'NDCG@10'.padStart(10)}\n`)
      for (const [kind, list] of [...byKind].sort()) {
        process.stdout.write(`${kind.padEnd(14)}${String(list.length).padStart(6)}${pct(mean(list.map((r) => r.ndcg))).padStart(10)}\n`)
      }
      process.stdout.write(`${'overall'.padEnd(14)}${String(results.length).padStart(6)}${pct(summary.ndcg).padStart(10)}\n\n`)
      process.stdout.write(`recall of grade-3 offers in the top ${TOP}: ${pct(summary.recallGrade3)}\n`)
      process.stdout.write(`violations (forbidden offers returned): ${summary.violations}\n`)
      for (const r of results.filter((r) => r.violations.length)) process.stdout.write(`  ${r.need}: ${r.violations.join(', ')}\n`)
      const weakest = [...results].sort((a, b) => a.ndcg - b.ndcg).slice(0, 5)
      process.stdout.write(`weakest needs: ${weakest.map((r) => `${r.need} ${pct(r.ndcg)}`).join(', ')}\n`)
      process.stdout.write(
        `match API latency: p50 ${summary.apiMs.p50.toFixed(1)} ms, p95 ${summary.apiMs.p95.toFixed(1)} ms\n` +
          `time: setup + import ${summary.seconds.setupAndImport.toFixed(1)} s, index sync ${summary.seconds.indexSync.toFixed(2)} s, total ${summary.seconds.total.toFixed(1)} s\n`,
      )
    }
    return summary.violations > 0 ? 1 : 0
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
