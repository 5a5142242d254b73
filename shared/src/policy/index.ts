export {
  checkDestination,
  type DestinationDecision,
  type DestinationPolicy,
  HIGH_RISK_PREFIXES,
  type PolicyParse,
  parseDestinationPolicy,
} from "./destination-policy.js";
