// The search → confirm → purchase flow of buy-phone-number.ts, with the client and the prompt injected so
// that "nothing is bought without an explicit yes" is tested, not just intended.
import type { SearchAvailablePhoneNumbersRequest } from "@azure/communication-phone-numbers";

export interface SearchResult {
  searchId: string;
  phoneNumbers: string[];
  cost: { amount: number; currencyCode: string; billingFrequency: string };
  searchExpiresBy: Date;
}

/** The two PhoneNumbersClient operations used here, already polled to completion. */
export interface NumberStore {
  search(request: SearchAvailablePhoneNumbersRequest): Promise<SearchResult>;
  purchase(searchId: string): Promise<void>;
}

export interface PurchaseDeps {
  store: NumberStore;
  ask(question: string): Promise<string>;
  log(line: string): void;
}

export type PurchaseOutcome =
  | { bought: true; phoneNumber: string }
  | { bought: false; reason: "none-available" | "declined" };

export async function purchaseOnePhoneNumber(
  deps: PurchaseDeps,
  request: SearchAvailablePhoneNumbersRequest,
): Promise<PurchaseOutcome> {
  deps.log(`Searching for one ${request.phoneNumberType} number in ${request.countryCode}...`);
  const search = await deps.store.search({ ...request, quantity: 1 });
  const phoneNumber = search.phoneNumbers[0];
  if (!phoneNumber) {
    deps.log("No number is available for that search; try another --type or --area-code.");
    return { bought: false, reason: "none-available" };
  }
  const { amount, currencyCode, billingFrequency } = search.cost;
  deps.log(
    `Found ${phoneNumber}. It costs ${amount} ${currencyCode} ${billingFrequency}, billed to this subscription`,
  );
  deps.log(`until you release it. The search holds it until ${search.searchExpiresBy.toISOString()}.`);
  const answer = await deps.ask("Type 'buy' to purchase it, anything else to cancel: ");
  if (answer.trim().toLowerCase() !== "buy") {
    deps.log("Cancelled; nothing was bought.");
    return { bought: false, reason: "declined" };
  }
  await deps.store.purchase(search.searchId);
  deps.log(`Bought ${phoneNumber}. Run \`azd hooks run postdeploy\` to see it listed; then call it.`);
  return { bought: true, phoneNumber };
}
