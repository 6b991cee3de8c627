/** One line of an NDJSON file: its number (from 1), its text (undefined when its bytes are not UTF-8) and its size. */
export interface NdjsonLine {
  number: number
  text: string | undefined
  /** Bytes it took in the file, its line break included: what a progress bar over the file advances by. */
  bytes: number
}

// fatal: bytes that are not UTF-8 are reported, never replaced, so two different ids never read as one.
const utf8 = new TextDecoder('utf-8', { fatal: true })
const newline = 0x0a
const carriageReturn = 0x0d

/**
 * The lines of a byte stream, each decoded as strict UTF-8 on its own, so a line that is not UTF-8 is reported by its
 * number while every other line is read. Splitting the bytes at \n is safe: no byte of a multi-byte UTF-8 character
 * is 0x0A, however the chunks cut the stream.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<NdjsonLine> {
  let pieces: Buffer[] = []
  let number = 0
  for await (const chunk of chunks) {
    let start = 0
    for (let end = chunk.indexOf(newline, start); end !== -1; end = chunk.indexOf(newline, start)) {
      pieces.push(chunk.subarray(start, end))
      number += 1
      yield lineOf(number, Buffer.concat(pieces), 1)
      pieces = []
      start = end + 1
    }
    if (start < chunk.length) pieces.push(chunk.subarray(start))
  }
  if (pieces.length > 0) yield lineOf(number + 1, Buffer.concat(pieces), 0)
}

function lineOf(number: number, bytes: Buffer, breakBytes: number): NdjsonLine {
  const content = bytes.at(-1) === carriageReturn ? bytes.subarray(0, -1) : bytes
  let text: string | undefined
  try {
    text = utf8.decode(content)
  } catch {
    text = undefined
  }
  return { number, text, bytes: bytes.length + breakBytes }
}
