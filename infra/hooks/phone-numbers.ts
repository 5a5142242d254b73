// What the deploy prints about phone numbers. Numbers are not ARM resources, so Bicep cannot buy one; this
// lists the resource's numbers, or says exactly how to get one. The bot's own number is printed in full:
// it is what the user has to dial (callers' numbers are never printed anywhere).
export interface OwnedNumber {
  phoneNumber: string;
  capabilities: { calling: string };
}

export function phoneNumberReport(numbers: readonly OwnedNumber[], acsResourceName: string): string[] {
  const callable = numbers.filter((n) => n.capabilities.calling.includes("inbound"));
  if (callable.length > 0) {
    return [
      "Phone numbers of this bot (call one to talk to it):",
      ...callable.map((n) => `  ${n.phoneNumber}`),
    ];
  }
  const lines =
    numbers.length > 0
      ? [
          `The ACS resource '${acsResourceName}' has ${numbers.length} number(s), but none accepts inbound calls.`,
        ]
      : [`The ACS resource '${acsResourceName}' has no phone number yet, so nobody can call the bot.`];
  return [
    ...lines,
    "To get one (it costs money monthly; free trial and some subscription types cannot buy numbers):",
    `  - Azure portal: Communication Services '${acsResourceName}' > Telephony and SMS > Phone numbers > Get,`,
    "    with calling 'inbound' (or 'inbound + outbound') enabled; or",
    "  - from this repo: npx tsx infra/scripts/buy-phone-number.ts --country US --type tollFree",
    "    (it searches, shows the monthly cost, and buys only after you type 'buy').",
    "No redeploy is needed: Event Grid delivers calls to the new number as soon as it is active.",
    "Then run `azd hooks run postdeploy` to see the number listed here.",
  ];
}
