/** What a row of an attribution answer is called: the campaign's name, else its id, else the channel. */
export function campaignLabel(row: { campaignId: string | null; campaignName: string | null; channel: string | null }): string {
  return row.campaignName || row.campaignId || row.channel || '(no campaign)'
}

/** The key of a row: the campaign's id at campaign level, the channel at channel level. */
export function campaignKey(row: { campaignId: string | null; channel: string | null }): string {
  return row.campaignId ?? row.channel ?? ''
}
