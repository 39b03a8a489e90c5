// Vietnamese strings for the moderation area (merged under the `moderation` key).
export const moderation = {}
