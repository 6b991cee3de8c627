import { describe, expect, it } from 'vitest'
import { ndjsonLines, type NdjsonLine } from './ndjsonLines.ts'

async function linesOf(...chunks: Buffer[]): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = []
  for await (const line of ndjsonLines((async function* () { yield* chunks })())) lines.push(line)
  return lines
}

describe('ndjsonLines', () => {
  it('reads lines across chunks, a character cut in two by a chunk included, with CRLF and a last line without a break', async () => {
    const bytes = Buffer.from('{"a":"caf\u00e9"}\r\n\n{"b":2}')
    const cut = bytes.indexOf(0xa9) // the second byte of é
    expect(await linesOf(bytes.subarray(0, cut), bytes.subarray(cut))).toEqual([
      { number: 1, text: '{"a":"caf\u00e9"}', bytes: 15 },
      { number: 2, text: '', bytes: 1 },
      { number: 3, text: '{"b":2}', bytes: 7 },
    ])
  })

  it('reports a line that is not UTF-8 by its number and reads the others', async () => {
    const lines = await linesOf(Buffer.from('{"id":"a"}\n'), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from('{"id":"b"}\n'))
    expect(lines.map((line) => [line.number, line.text])).toEqual([
      [1, '{"id":"a"}'],
      [2, undefined],
      [3, '{"id":"b"}'],
    ])
  })
})
