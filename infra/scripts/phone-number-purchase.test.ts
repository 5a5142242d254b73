import type { SearchAvailablePhoneNumbersRequest } from "@azure/communication-phone-numbers";
import { describe, expect, it } from "vitest";
import { type NumberStore, purchaseOnePhoneNumber, type SearchResult } from "./phone-number-purchase.js";

const REQUEST: SearchAvailablePhoneNumbersRequest = {
  countryCode: "US",
  phoneNumberType: "tollFree",
  assignmentType: "application",
  capabilities: { calling: "inbound+outbound", sms: "none" },
};

function fakeStore(
  found: string[],
): NumberStore & { purchases: string[]; searches: SearchAvailablePhoneNumbersRequest[] } {
  const store = {
    purchases: [] as string[],
    searches: [] as SearchAvailablePhoneNumbersRequest[],
    async search(request: SearchAvailablePhoneNumbersRequest): Promise<SearchResult> {
      store.searches.push(request);
      return {
        searchId: "search-1",
        phoneNumbers: found,
        cost: { amount: 2, currencyCode: "USD", billingFrequency: "monthly" },
        searchExpiresBy: new Date("2026-01-01T00:15:00Z"),
      };
    },
    async purchase(searchId: string) {
      store.purchases.push(searchId);
    },
  };
  return store;
}

describe("purchaseOnePhoneNumber", () => {
  it("shows the monthly cost and buys only after 'buy'", async () => {
    const store = fakeStore(["+18335550100"]);
    const logs: string[] = [];
    const questions: string[] = [];
    const outcome = await purchaseOnePhoneNumber(
      {
        store,
        ask: async (question) => {
          questions.push(question);
          return " BUY ";
        },
        log: (line) => logs.push(line),
      },
      REQUEST,
    );
    expect(outcome).toEqual({ bought: true, phoneNumber: "+18335550100" });
    expect(store.purchases).toEqual(["search-1"]);
    expect(store.searches[0]?.quantity).toBe(1);
    expect(logs.join("\n")).toContain("costs 2 USD monthly");
    expect(questions).toHaveLength(1);
  });

  it.each(["", "y", "yes", "no"])("buys nothing when the answer is %j", async (answer) => {
    const store = fakeStore(["+18335550100"]);
    const outcome = await purchaseOnePhoneNumber({ store, ask: async () => answer, log: () => {} }, REQUEST);
    expect(outcome).toEqual({ bought: false, reason: "declined" });
    expect(store.purchases).toEqual([]);
  });

  it("asks nothing and buys nothing when no number is available", async () => {
    const store = fakeStore([]);
    let asked = false;
    const outcome = await purchaseOnePhoneNumber(
      {
        store,
        ask: async () => {
          asked = true;
          return "buy";
        },
        log: () => {},
      },
      REQUEST,
    );
    expect(outcome).toEqual({ bought: false, reason: "none-available" });
    expect(asked).toBe(false);
    expect(store.purchases).toEqual([]);
  });
});
