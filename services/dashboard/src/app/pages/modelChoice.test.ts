import { describe, expect, it } from 'vitest'
import { defaultWeights, modelParams, savedModelValue, selectedModel } from './modelChoice.ts'

describe('the model choice', () => {
  it('reads w_shaped when the URL names none, and a saved model as such', () => {
    expect(selectedModel({})).toBe('w_shaped')
    expect(selectedModel({ model: 'linear' })).toBe('linear')
    expect(selectedModel({ model: 'custom', customModel: 'ours' })).toBe(savedModelValue('ours'))
    expect(selectedModel({ model: 'custom' })).toBe('custom')
  })

  it('writes the API parameters of each kind of choice, clearing those of the others', () => {
    expect(modelParams(savedModelValue('ours'), 'ft:100')).toEqual({ model: 'custom', customModel: 'ours', weights: undefined, training: undefined })
    expect(modelParams('custom', undefined)).toEqual({ model: 'custom', weights: defaultWeights, customModel: undefined, training: undefined })
    expect(modelParams('custom', 'ft:50,cw:50')).toMatchObject({ weights: 'ft:50,cw:50' })
    expect(modelParams('linear', 'ft:50,cw:50')).toEqual({ model: 'linear', weights: undefined, customModel: undefined, training: undefined })
    expect(modelParams('markov', undefined)).toEqual({ model: 'markov', weights: undefined, customModel: undefined })
  })
})
