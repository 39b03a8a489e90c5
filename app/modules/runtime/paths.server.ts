import fs from 'node:fs'
import path from 'node:path'

// The project folder, found from this file's location: the same code runs from app/ (tsx,
// Vite) and bundled into build/server/, so fixed "../.." paths would differ.
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'prisma'))) return dir
    if (path.dirname(dir) === dir) return process.cwd()
  }
}

export const projectRoot = findProjectRoot(import.meta.dirname)
export const migrationsDir = path.join(projectRoot, 'prisma/migrations')
export const seedsDir = path.join(projectRoot, 'seeds')
