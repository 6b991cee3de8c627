import { describe, expect, it } from 'vitest'
import { journeyOf } from './journey.ts'
import { openDeal, options, touch, wonDeal } from '../testing/journeyFixtures.ts'
import { milestonesOf } from './milestones.ts'

describe('milestonesOf', () => {
  it('Given a single touch of a won deal, When milestones are found, Then it holds FT, OC and CW but no LC', () => {
    expect(milestonesOf([touch('a', 3)], wonDeal)).toEqual([['FT', 'OC', 'CW']])
  })

  it('Given an identified touch before the first form fill, When milestones are found, Then the form fill is LC', () => {
    const journey = [touch('a', 21), touch('b', 14, 'email_click', true), touch('c', 7, 'form_fill'), touch('d', 3)]

    expect(milestonesOf(journey, openDeal)).toEqual([['FT'], [], ['LC'], ['OC']])
  })

  it('Given no form fill, When milestones are found, Then the first identified touch is LC', () => {
    const journey = [touch('a', 21), touch('b', 14, 'webinar_attended', true), touch('c', 7, 'page_view', true)]

    expect(milestonesOf(journey, openDeal)).toEqual([['FT'], ['LC'], ['OC']])
  })

  it('Given neither a form fill nor an identified touch, When milestones are found, Then there is no LC', () => {
    expect(milestonesOf([touch('a', 21), touch('b', 7)], openDeal)).toEqual([['FT'], ['OC']])
  })

  it('Given the first touch is the form fill, When milestones are found, Then it holds both FT and LC', () => {
    expect(milestonesOf([touch('a', 21, 'form_fill'), touch('b', 7)], openDeal)).toEqual([['FT', 'LC'], ['OC']])
  })

  it('Given a full-path journey past the creation, When milestones are found, Then OC is the last touch at or before creation and CW the last at or before the win', () => {
    const journey = journeyOf(
      'full_path',
      wonDeal,
      [touch('a', 21), touch('b', 0, 'form_fill'), touch('c', -10, 'sales_meeting'), touch('d', -30, 'sales_call')],
      options,
    )

    expect(milestonesOf(journey, wonDeal)).toEqual([['FT'], ['LC', 'OC'], [], ['CW']])
  })

  it('Given an open deal, When milestones are found, Then nothing holds CW', () => {
    expect(milestonesOf([touch('a', 21), touch('b', 7)], openDeal).flat()).not.toContain('CW')
  })

  it('Given an empty journey, When milestones are found, Then there are none', () => {
    expect(milestonesOf([], wonDeal)).toEqual([])
  })

  it('Given the moment the lead became an MQL, When milestones are found, Then MQL is the last touch at or before it', () => {
    const journey = [touch('a', 21), touch('b', 14, 'form_fill'), touch('c', 9), touch('d', 3)]
    const qualifiedAtC = { ...openDeal, mqlAt: journey[2]!.occurredAt }
    const qualifiedBetweenCAndD = { ...openDeal, mqlAt: journey[2]!.occurredAt + 1 }

    expect(milestonesOf(journey, qualifiedAtC)).toEqual([['FT'], ['LC'], ['MQL'], ['OC']])
    expect(milestonesOf(journey, qualifiedBetweenCAndD)).toEqual([['FT'], ['LC'], ['MQL'], ['OC']])
    expect(milestonesOf(journey, openDeal)).toEqual([['FT'], ['LC'], [], ['OC']])
  })

  it('Given an MQL before the first touch of the journey, When milestones are found, Then no touch holds MQL', () => {
    const journey = [touch('a', 21), touch('b', 7)]

    expect(milestonesOf(journey, { ...openDeal, mqlAt: journey[0]!.occurredAt - 1 })).toEqual([['FT'], ['OC']])
  })
})
