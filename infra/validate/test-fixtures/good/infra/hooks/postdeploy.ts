// Fixture: the IncomingCall filter the lint looks for, and how to finish the step after a failure.
export const subscription = {
  filter: { includedEventTypes: ["Microsoft.Communication.IncomingCall"] },
};
export const rerun = "run `azd hooks run postdeploy`";
