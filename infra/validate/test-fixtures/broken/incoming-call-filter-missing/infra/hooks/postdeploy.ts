// Fixture: subscribes to every event, without the IncomingCall filter.
export const subscription = {
  filter: {},
};
