import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { csvRows, type CsvItem } from './csvRows.ts'

async function read(bytes: Buffer | string, options: Parameters<typeof csvRows>[1] = {}): Promise<CsvItem[]> {
  const items: CsvItem[] = []
  // Small chunks: a quoted cell, a BOM or a character cut between chunks must read the same.
  const buffer = Buffer.from(bytes)
  const chunks = Array.from({ length: Math.ceil(buffer.length / 7) }, (_, index) => buffer.subarray(index * 7, index * 7 + 7))
  for await (const item of csvRows(Readable.from(chunks), options)) items.push(item)
  return items
}

describe('CSV rows', () => {
  it('reads quoted cells with commas, quotes and line breaks, a BOM, CRLF and empty lines, each row with its first line', async () => {
    const file = '\uFEFFId,Name,Note\r\n1,"Acme, Inc.","said ""hi""\r\nthen left"\r\n\r\n2,Globex,Zürich\r\n'
    expect(await read(file)).toEqual([
      { kind: 'header', columns: ['Id', 'Name', 'Note'] },
      { kind: 'row', line: 2, cells: { Id: '1', Name: 'Acme, Inc.', Note: 'said "hi"\nthen left' } },
      { kind: 'row', line: 5, cells: { Id: '2', Name: 'Globex', Note: 'Zürich' } },
    ])
  })

  it('skips the lines before the header and reports rows of the wrong length by line, reading on', async () => {
    const file = 'Campaign report\n"March 1, 2024 - March 31, 2024"\nDay,Cost\n2024-03-01,10.00\n2024-03-02\n2024-03-03,"5,00",x\n2024-03-04,7.00\n'
    expect(await read(file, { skipLines: 2 })).toEqual([
      { kind: 'header', columns: ['Day', 'Cost'] },
      { kind: 'row', line: 4, cells: { Day: '2024-03-01', Cost: '10.00' } },
      { kind: 'error', line: 5, message: 'has 1 cells where the header names 2 columns' },
      { kind: 'error', line: 6, message: 'has 3 cells where the header names 2 columns' },
      { kind: 'row', line: 7, cells: { Day: '2024-03-04', Cost: '7.00' } },
    ])
  })

  it('reports a quote never closed, and refuses bytes that are not UTF-8', async () => {
    const items = await read('Id,Note\n1,ok\n2,"never closed\n3,lost\n')
    expect(items.at(-1)).toEqual({ kind: 'error', line: 3, message: 'opens a quoted cell that is never closed: the rest of the file cannot be read' })
    expect(items).toContainEqual({ kind: 'row', line: 2, cells: { Id: '1', Note: 'ok' } })
    await expect(read(Buffer.concat([Buffer.from('Id\n'), Buffer.from([0xff, 0x0a])]))).rejects.toThrow('the file is not UTF-8 text')
  })
})
