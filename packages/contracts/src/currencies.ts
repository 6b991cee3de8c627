/**
 * ISO 4217 currency codes with their minor units (how many decimals the currency's smallest unit has): the active
 * codes, and a few withdrawn recently that old deals may still be booked in (HRK, CUC, SLL, ZWL, ANG). Codes ISO lists
 * without a minor unit (gold XAU, special drawing rights XDR, the testing code XTS, "no currency" XXX...) are not
 * currencies a deal or a cost is booked in, and are refused like an unknown code.
 */
const byMinorUnits: Record<0 | 2 | 3 | 4, string> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2: `AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF
      CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HRK HTG
      HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN
      MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS
      SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG ZWL`,
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
}

const minorUnits: ReadonlyMap<string, number> = new Map(
  Object.entries(byMinorUnits).flatMap(([units, codes]) => codes.split(/\s+/).map((code) => [code, Number(units)] as const)),
)

/** The reporting currency when none is configured (REPORTING_CURRENCY). */
export const defaultReportingCurrency = 'USD'

/** True for a code of the list above. */
export function isCurrencyCode(code: string): boolean {
  return minorUnits.has(code)
}

/** The decimals of the currency's minor unit (JPY 0, USD 2, KWD 3); undefined for a code not in the list. */
export function minorUnitsOf(code: string): number | undefined {
  return minorUnits.get(code)
}
