import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import { reportedAmount } from '../answers/reportedAmount.ts'
import { windowParams, type TimeWindow } from '../answers/window.ts'

export const dealOrders = ['amount', 'createdAt'] as const
export type DealOrder = (typeof dealOrders)[number]

export interface DealListQuery extends TimeWindow {
  /** Largest amount first, or newest first. */
  order: DealOrder
  limit: number
}

export interface ListedDeal {
  dealId: string
  accountId: string
  amount: number
  createdAt: string
  outcome: 'open' | 'won' | 'lost'
  wonAt: string | null
  wonAmount: number | null
}

export interface DealList {
  /** Deals created in the window, in the order asked, at most `limit`. */
  deals: ListedDeal[]
  /** Every deal created in the window, however many are listed. */
  total: number
}

// Amounts and times are read as text under names of their own: an alias named like its column would shadow it in WHERE and ORDER BY.
interface DealRow {
  deal_id: string
  account_id: string
  amount_text: string
  won_amount_text: string
  created_text: string
  outcome: string
  won_text: string | null
  total: string
}

const isoOf = (clickHouseTime: string) => `${clickHouseTime.replace(' ', 'T')}Z`

/**
 * The deals created in a window, so a person can pick one and see its journey (dealJourney.ts): the way a figure of
 * revenue by campaign is explained deal by deal. Reads the deals view, which folds every deal's events.
 */
export async function listDeals(clickhouse: ClickHouse, query: DealListQuery): Promise<DealList> {
  const orderBy = query.order === 'amount' ? 'amount_cents DESC, deal_id' : 'created_at DESC, deal_id'
  const rows = await selectRows<DealRow>(
    clickhouse,
    `SELECT deal_id, account_id, toString(amount_cents) AS amount_text, toString(won_amount_cents) AS won_amount_text,
            toString(created_at) AS created_text, outcome, if(is_won, toString(won_at), NULL) AS won_text,
            toString(count() OVER ()) AS total
     FROM ${clickhouse.table('deals')}
     WHERE created_at >= {from:DateTime64(3, 'UTC')} AND created_at < {to:DateTime64(3, 'UTC')}
     ORDER BY ${orderBy}
     LIMIT {limit:UInt32}`,
    { ...windowParams(query), limit: query.limit },
  )
  const total = Number(rows[0]?.total ?? 0)
  return {
    total,
    deals: rows.map((row) => {
      const won = row.outcome === 'won'
      return {
        dealId: row.deal_id,
        accountId: row.account_id,
        amount: reportedAmount(Number(row.amount_text)),
        createdAt: isoOf(row.created_text),
        outcome: won ? 'won' : row.outcome === 'lost' ? 'lost' : 'open',
        wonAt: won && row.won_text ? isoOf(row.won_text) : null,
        wonAmount: won ? reportedAmount(Number(row.won_amount_text)) : null,
      }
    }),
  }
}
