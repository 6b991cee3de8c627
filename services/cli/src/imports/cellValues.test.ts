import { describe, expect, it } from 'vitest'
import { readAmount, readBoolean, readDate, readList } from './cellValues.ts'

describe('cells of an export', () => {
  it('reads dates as CRMs and ad platforms write them, as UTC unless an offset says otherwise', () => {
    expect(readDate('2024-03-01', 'iso')).toEqual({ ok: true, value: '2024-03-01T00:00:00.000Z' })
    expect(readDate('2024-03-01 09:30', 'iso')).toEqual({ ok: true, value: '2024-03-01T09:30:00.000Z' })
    expect(readDate('2024-03-01T09:30:00.000+0200', 'iso')).toEqual({ ok: true, value: '2024-03-01T07:30:00.000Z' })
    expect(readDate('3/1/2024', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2024-03-01T00:00:00.000Z' })
    expect(readDate('3/1/2024 9:05 PM', 'MM/DD/YYYY')).toEqual({ ok: true, value: '2024-03-01T21:05:00.000Z' })
    expect(readDate('01/03/2024', 'DD/MM/YYYY')).toEqual({ ok: true, value: '2024-03-01T00:00:00.000Z' })
    expect(readDate('01.03.2024 12:00', 'DD.MM.YYYY')).toEqual({ ok: true, value: '2024-03-01T12:00:00.000Z' })
    expect(readDate('2024-03-01', 'iso', 1)).toEqual({ ok: true, value: '2024-03-02T00:00:00.000Z' })
  })

  it('refuses a date in another format, or a day that does not exist, saying which', () => {
    expect(readDate('3/1/2024', 'iso')).toEqual({ ok: false, message: "'3/1/2024' is not a date written as iso (e.g. 2024-03-01 or 2024-03-01T09:30:00Z)" })
    expect(readDate('2024-02-30', 'iso')).toEqual({ ok: false, message: "'2024-02-30' is not a day that exists" })
    expect(readDate('13/31/2024', 'MM/DD/YYYY')).toEqual({ ok: false, message: "'13/31/2024' is not a day that exists" })
  })

  it('reads amounts exactly, with their separators and a currency around them', () => {
    expect(readAmount('1,234.50', '.', ',')).toEqual({ ok: true, value: '1234.50' })
    expect(readAmount('$1,234.5', '.', ',')).toEqual({ ok: true, value: '1234.5' })
    expect(readAmount('1.234,50 €', ',', '.')).toEqual({ ok: true, value: '1234.50' })
    expect(readAmount('USD 12', '.', ',')).toEqual({ ok: true, value: '12' })
    expect(readAmount('12,3x', '.', ',')).toEqual({ ok: false, message: "'12,3x' is not an amount written with '.' for decimals and ',' for thousands" })
  })

  it('reads yes and no as spelled, and lists', () => {
    const spelled = { true: ['true', '1'], false: ['false', '0'] }
    expect(readBoolean('TRUE', spelled)).toEqual({ ok: true, value: true })
    expect(readBoolean('0', spelled)).toEqual({ ok: true, value: false })
    expect(readBoolean('maybe', spelled)).toEqual({ ok: false, message: "'maybe' is neither true/1 nor false/0" })
    expect(readList(' 101; 102;;103 ', ';')).toEqual({ ok: true, value: ['101', '102', '103'] })
  })
})
