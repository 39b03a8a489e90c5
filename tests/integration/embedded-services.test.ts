import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { isAlive } from '~/modules/runtime/process.server'
import { startEmbeddedPostgres } from '~/modules/runtime/postgres.server'
import { isHealthy, startEmbeddedMeilisearch } from '~/modules/search/meilisearch-process.server'

// Two processes on one data folder (issue 15): the servers belong to the process that
// started them. Another process uses them without stopping them while that owner lives;
// once the owner is killed, the next process takes them over and its stop ends them.

const postmasterPid = (dataDir: string) => Number(fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0])

async function startHolder(dataDir: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/hold-embedded-services.ts', dataDir], { stdio: ['ignore', 'pipe', 'inherit'] })
  const held = await new Promise<{ postgresPort: number; meilisearchPid: number }>((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const line = out.split('\n').find((l) => l.startsWith('HOLDING '))
      if (line) resolve(JSON.parse(line.slice('HOLDING '.length)) as { postgresPort: number; meilisearchPid: number })
    })
    child.on('exit', (code) => reject(new Error(`holder exited (${code}) before holding: ${out.slice(-2000)}`)))
  })
  return { child, ...held }
}

async function selectOne(url: string) {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one
  } finally {
    await client.end()
  }
}

describe('embedded services shared by two processes', () => {
  it("uses a live owner's servers without stopping them, and takes them over once the owner is killed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'services-owner-'))
    const holder = await startHolder(dataDir)
    const postmaster = postmasterPid(dataDir)
    try {
      // The owner lives: a second process shares its servers, and its stop leaves them running.
      const sharedPostgres = await startEmbeddedPostgres(dataDir)
      expect(sharedPostgres).toMatchObject({ owned: false, port: holder.postgresPort })
      expect(sharedPostgres.status()).toMatchObject({ mode: 'shared', ownerPid: holder.child.pid })
      expect(await selectOne(sharedPostgres.urlFor('postgres'))).toBe(1)
      const sharedMeilisearch = await startEmbeddedMeilisearch(dataDir)
      expect(sharedMeilisearch).toMatchObject({ owned: false, pid: holder.meilisearchPid })
      await sharedMeilisearch.stop()
      await sharedPostgres.stop()
      expect(isAlive(postmaster)).toBe(true)
      expect(isAlive(holder.meilisearchPid)).toBe(true)

      // The owner is killed outright: its servers (in their own process groups) live on, orphaned.
      const exited = new Promise((resolve) => holder.child.once('exit', resolve))
      holder.child.kill('SIGKILL')
      await exited
      expect(isAlive(postmaster)).toBe(true)
      expect(isAlive(holder.meilisearchPid)).toBe(true)

      // The next process takes them over: restarted as its own, PostgreSQL on the same port.
      const postgres = await startEmbeddedPostgres(dataDir)
      expect(postgres).toMatchObject({ owned: true, port: holder.postgresPort })
      expect(isAlive(postmaster)).toBe(false)
      expect(await selectOne(postgres.urlFor('postgres'))).toBe(1)
      const meilisearch = await startEmbeddedMeilisearch(dataDir)
      expect(meilisearch.owned).toBe(true)
      expect(isAlive(holder.meilisearchPid)).toBe(false)
      expect(await isHealthy(meilisearch.host)).toBe(true)

      // And its stop ends them: nothing is left running.
      const newPostmaster = postmasterPid(dataDir)
      await meilisearch.stop()
      await postgres.stop()
      expect(isAlive(meilisearch.pid)).toBe(false)
      expect(isAlive(newPostmaster)).toBe(false)
    } finally {
      holder.child.kill('SIGKILL')
      for (const pid of [postmaster, holder.meilisearchPid]) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 180_000)

  it('gives up at once on a cluster that refuses its credentials, and leaves no server running', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'services-credentials-'))
    try {
      await (await startEmbeddedPostgres(dataDir)).stop()
      // Another cluster's credentials (the folder was replaced under a live app, say).
      const file = path.join(dataDir, 'postgres-credentials.json')
      fs.writeFileSync(file, JSON.stringify({ user: 'postgres', password: 'not-this-clusters' }))
      const started = Date.now()
      await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/refused the data folder's credentials/)
      expect(Date.now() - started).toBeLessThan(30_000)
      // The server it spawned was stopped: its lock file is gone or names a dead process.
      const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid')
      for (let i = 0; i < 100 && fs.existsSync(pidFile) && isAlive(postmasterPid(dataDir)); i++) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(fs.existsSync(pidFile) && isAlive(postmasterPid(dataDir))).toBe(false)
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  }, 120_000)
})
