/**
 * The URLs a raw touch carries (the page it was on, the page it came from), read by the platform's URL parser (WHATWG
 * URL, as browsers read them), so that the contract refusing a URL and the channel rules reading one agree exactly.
 */

/** Characters in one URL: browsers and servers cap theirs at 8 KB or less. */
export const maxUrlLength = 8192

/** A scheme at the start, as the URL standard spells one (`https:`, `android-app:`). */
const scheme = /^[a-z][a-z0-9+.-]*:/i

/**
 * The URL of `text`, or undefined when it is not one. Exports and CSV files often drop the scheme
 * (`www.example.com/pricing`, `//example.com/`); such a text is read as https, and refused only if it is no URL then.
 * A text with spaces or control characters inside is refused: the parser would quietly drop or encode them, and a
 * producer that sends one has a bug worth hearing about.
 */
export function parseTouchUrl(text: string): URL | undefined {
  if (text.length === 0 || text.length > maxUrlLength || /[\s\0-\x1f\x7f]/.test(text)) return undefined
  const absolute = scheme.test(text) && !/^[^/:]+:\d/.test(text) ? text : `https://${text.replace(/^\/\//, '')}`
  if (!URL.canParse(absolute)) return undefined
  const url = new URL(absolute)
  // `https://` alone, or a web URL without a host, names no page.
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '' ? undefined : url
}

export const touchUrlExample = 'https://www.example.com/pricing?utm_source=newsletter'
