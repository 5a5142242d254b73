// Fixture: the IncomingCall filter the lint looks for.
export const subscription = {
  filter: { includedEventTypes: ["Microsoft.Communication.IncomingCall"] },
};
