import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { letPostgresUserReach } from '~/modules/runtime/postgres.server'

// As root the embedded PostgreSQL runs as `postgres`, which must pass through every directory
// above its data folder: a checkout in a private (0700) directory failed initdb with EACCES.

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

it('gives private directories above a target the search bit for others, and nothing more', () => {
  const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reach-'))
  made.push(privateDir)
  fs.chmodSync(privateDir, 0o700)
  const inner = path.join(privateDir, 'checkout', 'data')
  fs.mkdirSync(inner, { recursive: true, mode: 0o750 })
  fs.chmodSync(path.join(privateDir, 'checkout'), 0o750)

  letPostgresUserReach([path.join(inner, 'postgres')])

  expect(fs.statSync(privateDir).mode & 0o777).toBe(0o701)
  expect(fs.statSync(path.join(privateDir, 'checkout')).mode & 0o777).toBe(0o751)
  expect(fs.statSync(inner).mode & 0o777).toBe(0o751)
})
