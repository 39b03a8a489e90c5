import type { Shape } from '../shape'
import type { moderation as vi } from '../vi/moderation'

export const moderation: Shape<typeof vi> = {}
