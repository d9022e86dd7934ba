/**
 * One way to write money everywhere in the UI: "$4.50", "$4.50/month",
 * "less than $0.01/month" for a tiny non-zero amount (never "$0.00" for
 * something that costs), and "Free" only when it costs nothing. The price
 * table is editable, so a currency that is not an ISO code is written after
 * the amount ("4.50 credits"), and totals over several currencies say so.
 */
function amountText(amount: number, currency: string): string {
  if (currency === 'mixed') return `${amount.toFixed(2)} (several currencies)`;
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
}

/** An amount: "Free" for nothing, "less than $0.01" for a sliver, "$4.50" otherwise. */
export function formatMoney(amount: number, currency: string): string {
  if (amount === 0) return 'Free';
  if (amount > 0 && amount < 0.005) return `less than ${amountText(0.01, currency)}`;
  return amountText(amount, currency);
}

/** A monthly amount: "Free", "less than $0.01/month", "$4.50/month", with what it is for after it ("/month per TB of files"). */
export function formatMonthly(amount: number, currency: string, per = ''): string {
  if (amount === 0) return 'Free';
  return `${formatMoney(amount, currency)}/month${per ? ` ${per}` : ''}`;
}
