import { selectRows, type ClickHouse } from '@attribution/clickhouse'
import { defaultReportingCurrency, fromCents } from '@attribution/contracts'
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
  /** In the reporting currency; null while no exchange rate converts it (docs/currencies.md). */
  amount: number | null
  createdAt: string
  outcome: 'open' | 'won' | 'lost'
  wonAt: string | null
  /** In the reporting currency; null unless won, or while no rate converts it. */
  wonAmount: number | null
  /** The deal's own currency and its amount in it, as booked. */
  currency: string
  originalAmount: number
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
  amount_text: string | null
  won_amount_text: string | null
  original_text: string
  currency: string
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
export async function listDeals(
  clickhouse: ClickHouse,
  query: DealListQuery,
  reportingCurrency: string = defaultReportingCurrency,
): Promise<DealList> {
  // By the amount in the reporting currency, those waiting for a rate last.
  const orderBy = query.order === 'amount' ? 'converted_cents DESC NULLS LAST, deal_id' : 'created_at DESC, deal_id'
  const t = clickhouse.table
  const rows = await selectRows<DealRow>(
    clickhouse,
    `SELECT deal_id, account_id, toString(converted_cents) AS amount_text, toString(converted_won_cents) AS won_amount_text,
            toString(d.amount_cents) AS original_text, d.currency AS currency,
            toString(created_at) AS created_text, outcome, if(is_won, toString(won_at), NULL) AS won_text,
            toString(count() OVER ()) AS total
     FROM (
       -- A deal in another currency at its amounts as the credits projection converted them (deal_conversions).
       SELECT d.*, d.currency IN ({reporting:String}, '') AS at_par,
              if(at_par, toNullable(d.amount_cents), c.created_cents) AS converted_cents,
              if(at_par, toNullable(d.won_amount_cents), c.won_cents) AS converted_won_cents
       FROM ${t('deals')} AS d
       LEFT JOIN (
         SELECT deal_id, anyIf(if(converted, toNullable(cents), NULL), kind = 'created') AS created_cents,
                anyIf(if(converted, toNullable(cents), NULL), kind = 'won') AS won_cents
         FROM ${t('deal_conversions')} FINAL GROUP BY deal_id
       ) AS c ON c.deal_id = d.deal_id
       WHERE d.created_at >= {from:DateTime64(3, 'UTC')} AND d.created_at < {to:DateTime64(3, 'UTC')}
     ) AS d
     ORDER BY ${orderBy}
     LIMIT {limit:UInt32}`,
    { ...windowParams(query), limit: query.limit, reporting: reportingCurrency },
  )
  const total = Number(rows[0]?.total ?? 0)
  return {
    total,
    deals: rows.map((row) => {
      const won = row.outcome === 'won'
      return {
        dealId: row.deal_id,
        accountId: row.account_id,
        amount: row.amount_text === null ? null : reportedAmount(Number(row.amount_text)),
        createdAt: isoOf(row.created_text),
        outcome: won ? 'won' : row.outcome === 'lost' ? 'lost' : 'open',
        wonAt: won && row.won_text ? isoOf(row.won_text) : null,
        wonAmount: won && row.won_amount_text !== null ? reportedAmount(Number(row.won_amount_text)) : null,
        currency: row.currency || reportingCurrency,
        originalAmount: fromCents(Number(row.original_text)),
      }
    }),
  }
}
