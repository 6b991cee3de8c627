const quote = 0x22
const backslash = 0x5c
const colon = 0x3a
const comma = 0x2c
const openBrace = 0x7b
const closeBrace = 0x7d
const openBracket = 0x5b
const closeBracket = 0x5d

/** An object or list the scan is inside of: fields seen (object) or commas seen (list), and its latest field name. */
interface Open {
  object: boolean
  count: number
  keyStart: number
  keyEnd: number
}

/**
 * The path of the first object of a JSON text with more than `maxFields` fields, found without parsing the text. V8
 * builds such an object slowly (2.5 million fields take seconds to parse, and seconds more to list), so a request
 * holding one is refused before it is parsed. One pass, skipping strings with indexOf; a text that is not JSON is
 * left to the parser to refuse.
 */
export function crowdedObjectPath(text: string, maxFields: number): (string | number)[] | undefined {
  const open: Open[] = []
  let stringStart = -1
  let stringEnd = -1
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index)
    if (code === quote) {
      stringStart = index
      stringEnd = closingQuote(text, index)
      index = stringEnd
    } else if (code === openBrace || code === openBracket) {
      open.push({ object: code === openBrace, count: 0, keyStart: -1, keyEnd: -1 })
    } else if (code === closeBrace || code === closeBracket) {
      open.pop()
    } else if (code === colon || code === comma) {
      const innermost = open.at(-1)
      if (innermost === undefined || innermost.object !== (code === colon)) continue
      innermost.count += 1
      if (!innermost.object) continue
      innermost.keyStart = stringStart
      innermost.keyEnd = stringEnd
      if (innermost.count > maxFields) return pathTo(text, open)
    }
  }
  return undefined
}

/** Where the closing quote of the string opened at `opening` is (text.length if none): one preceded by an even run of backslashes. */
function closingQuote(text: string, opening: number): number {
  for (let at = text.indexOf('"', opening + 1); at !== -1; at = text.indexOf('"', at + 1)) {
    let backslashes = 0
    while (text.charCodeAt(at - 1 - backslashes) === backslash) backslashes += 1
    if (backslashes % 2 === 0) return at
  }
  return text.length
}

/** The path of the innermost open object: each enclosing object's current field name, each list's current index. */
function pathTo(text: string, open: Open[]): (string | number)[] {
  return open.slice(0, -1).map((container) => (container.object ? fieldName(text, container) : container.count))
}

function fieldName(text: string, container: Open): string {
  const quoted = text.slice(container.keyStart, container.keyEnd + 1)
  try {
    return String(JSON.parse(quoted))
  } catch {
    return quoted
  }
}
