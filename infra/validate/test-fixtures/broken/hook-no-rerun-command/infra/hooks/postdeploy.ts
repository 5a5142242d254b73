// Fixture: the filter, but a failure leaves no hint how to finish.
export const subscription = {
  filter: { includedEventTypes: ["Microsoft.Communication.IncomingCall"] },
};
