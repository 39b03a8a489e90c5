import type { Shape } from '../shape'
import type { listings as vi } from '../vi/listings'

export const listings: Shape<typeof vi> = {}
