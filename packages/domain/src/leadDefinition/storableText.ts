/**
 * PostgreSQL cannot store the NUL character (U+0000) in text or jsonb, nor a lone UTF-16 surrogate (half of a character
 * outside the Basic Multilingual Plane, without its other half): an event holding either fails its whole batch. A
 * definition is stored as published, so its text and every text in it must hold neither.
 */

/** Where `text` first holds a character no store takes, and what to say about it; undefined when it holds none. */
export function unstorableCharacter(text: string): { index: number; message: string } | undefined {
  // With the u flag a surrogate pair is one code point, so \p{Cs} (surrogate) finds only the lone ones.
  const index = text.search(/[\0\p{Cs}]/u)
  if (index === -1) return undefined
  const message =
    text[index] === '\0'
      ? 'must not contain the NUL character (U+0000)'
      : `must not contain a lone UTF-16 surrogate (U+${text.charCodeAt(index).toString(16).toUpperCase()}, half of a character)`
  return { index, message }
}
