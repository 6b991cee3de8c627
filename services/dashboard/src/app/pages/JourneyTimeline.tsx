import * as Plot from '@observablehq/plot'
import { useCallback } from 'preact/hooks'
import type { JourneyAnswer, JourneyTouch } from '../api/types.ts'
import { Chart } from '../components/Chart.tsx'
import { formatMoney } from '../format/money.ts'

/**
 * The touches of a deal's journey on a time axis, one row per channel, each dot as large as its credit and labelled
 * with the milestones it holds; the deal's creation and win are vertical rules.
 */
export function JourneyTimeline({ journey, currency }: { journey: JourneyAnswer; currency: string }) {
  const draw = useCallback(
    (width: number) => {
      const touches = journey.touches.map((touch) => ({ ...touch, at: new Date(touch.occurredAt) }))
      const channels = [...new Set(touches.map((touch) => touch.channel))]
      const moments = [
        { at: new Date(journey.createdAt), label: 'deal created' },
        ...(journey.wonAt ? [{ at: new Date(journey.wonAt), label: 'won' }] : []),
      ]
      return Plot.plot({
        width,
        height: 70 + channels.length * 44,
        marginLeft: 130,
        marginRight: 30,
        x: { type: 'utc', label: null, grid: true },
        y: { domain: channels, label: null },
        r: { range: [3, 16] },
        marks: [
          Plot.ruleX(moments, { x: 'at', stroke: '#888', strokeDasharray: '4,3' }),
          Plot.text(moments, { x: 'at', text: 'label', frameAnchor: 'top', dy: -2, fill: '#555' }),
          Plot.dot(touches, {
            x: 'at',
            y: 'channel',
            r: 'share',
            fill: (touch: JourneyTouch) => (touch.milestones.length > 0 ? '#1f5fa8' : '#9db8d9'),
            title: (touch: JourneyTouch) =>
              `${touch.campaignName ?? touch.campaignId} (${touch.touchType})\n${touch.occurredAt.slice(0, 10)}` +
              `\n${touch.milestones.join(', ') || 'no milestone'}\ncredit ${formatMoney(touch.pipeline, currency)}`,
          }),
          Plot.text(
            touches.filter((touch) => touch.milestones.length > 0),
            { x: 'at', y: 'channel', text: (touch: JourneyTouch) => touch.milestones.join('+'), dy: -16, fontSize: 10 },
          ),
        ],
      })
    },
    [journey, currency],
  )
  return <Chart draw={draw} label={`The touches of deal ${journey.dealId} over time`} />
}
