// Fixture: subscribes to every event, without the IncomingCall filter.
export const subscription = {
  filter: {},
};
export const rerun = "run `azd hooks run postdeploy`";
