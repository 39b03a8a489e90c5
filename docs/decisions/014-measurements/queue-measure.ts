// Measures graphile-worker 0.17.3 against the own outbox (decision 014): crash recovery and
// throughput. Not part of the build. From the repository root:
//   npm i --no-save graphile-worker@0.17.3 && N=2000 npx tsx docs/decisions/014-measurements/queue-measure.ts
import { spawn } from 'node:child_process'
import { rmSync } from 'node:fs'
import pg from 'pg'
import { run, makeWorkerUtils } from 'graphile-worker'
import { startEmbeddedPostgres, ensureDatabase } from '~/modules/runtime/postgres.server'
import { applyMigrations } from '~/modules/db/migrations.server'
import { migrationsDir } from '~/modules/runtime/paths.server'
import { setDatabaseUrl, prisma } from '~/modules/db/db.server'
import { enqueue, registerOutboxHandler, startOutboxWorker } from '~/modules/outbox/outbox.server'

const N = Number(process.env.N ?? 2000)
const dir = '/tmp/gw/data'
rmSync(dir, { recursive: true, force: true })
const server = await startEmbeddedPostgres(dir)
await ensureDatabase(server.urlFor('postgres'), 'bench')
const url = server.urlFor('bench')
await applyMigrations(url, migrationsDir)
setDatabaseUrl(url)
const utils = await makeWorkerUtils({ connectionString: url })
await utils.migrate()

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
function childStarted(mode: string) {
  const child = spawn('npx', ['tsx', 'docs/decisions/014-measurements/queue-child.ts', mode, url], { stdio: ['ignore', 'pipe', 'inherit'] })
  return new Promise<typeof child>((resolve) => child.stdout!.on('data', (d) => String(d).includes('JOB-STARTED') && resolve(child)))
}

const LIMIT = Number(process.env.RECOVERY_LIMIT_MS ?? 90_000)
// 1. crash recovery: a worker dies (SIGKILL) in the middle of a job; how long until another runs it?
{
  await utils.addJob('hang', {})
  const child = await childStarted('gw'); child.kill('SIGKILL'); spawn('pkill', ['-9', '-f', 'queue-child.ts gw'])
  const t0 = Date.now(); let rerunAt = 0
  const runner = await run({ connectionString: url, concurrency: 1, noHandleSignals: true, taskList: { hang: async () => { rerunAt ||= Date.now() } } })
  while (!rerunAt && Date.now() - t0 < LIMIT) await sleep(200)
  await runner.stop()
  console.log(`graphile-worker crash recovery: ${rerunAt ? ((rerunAt - t0) / 1000).toFixed(1) + ' s' : `not rerun within ${LIMIT / 1000} s`}`)
}
{
  await prisma.$transaction((tx) => enqueue(tx, 'payment', {}, 'hang-1'))
  const child = await childStarted('outbox'); child.kill('SIGKILL'); spawn('pkill', ['-9', '-f', 'queue-child.ts outbox'])
  const t0 = Date.now(); let rerunAt = 0
  registerOutboxHandler('payment', async () => { rerunAt ||= Date.now() }, { concurrency: 1 })
  const stop = startOutboxWorker()
  while (!rerunAt && Date.now() - t0 < LIMIT) await sleep(200)
  await stop()
  console.log(`own outbox crash recovery: ${rerunAt ? ((rerunAt - t0) / 1000).toFixed(1) + ' s' : `not rerun within ${LIMIT / 1000} s`}`)
}
// 2. throughput: N jobs enqueued in one transaction, then drained 4 at a time
{
  const c = new pg.Client({ connectionString: url }); await c.connect()
  let t = Date.now(); await c.query('begin')
  for (let i = 0; i < N; i++) await c.query(`select graphile_worker.add_job('noop', $1::json, job_key := $2)`, [JSON.stringify({ i }), `noop-${i}`])
  await c.query('commit'); await c.end(); const enq = Date.now() - t
  let done = 0; t = Date.now()
  const runner = await run({ connectionString: url, concurrency: 4, noHandleSignals: true, taskList: { noop: async () => { done++ } } })
  while (done < N) await sleep(20)
  const drain = Date.now() - t
  await runner.stop()
  console.log(`graphile-worker: enqueue ${N} in ${enq} ms, drain in ${drain} ms (${Math.round(N / drain * 1000)}/s)`)
}
{
  let t = Date.now()
  await prisma.$transaction(async (tx) => { for (let i = 0; i < N; i++) await enqueue(tx, 'payment', { i }, `noop-${i}`) }, { timeout: 120_000 })
  const enq = Date.now() - t
  let done = 0; t = Date.now()
  registerOutboxHandler('payment', async () => { done++ }, { concurrency: 4 })
  const stop = startOutboxWorker()
  while (done < N) await sleep(20)
  const drain = Date.now() - t
  await stop()
  console.log(`own outbox: enqueue ${N} in ${enq} ms, drain in ${drain} ms (${Math.round(N / drain * 1000)}/s)`)
}
await utils.release()
await prisma.$disconnect()
await server.stop()
process.exit(0)
