import type { Shape } from '../shape'
import type { browse as vi } from '../vi/browse'

export const browse: Shape<typeof vi> = {}
