// Masking of personal identifiers before they reach a log line or an error message.
export { maskIdentifier } from "./mask-identifier.js";
export { maskPhoneNumber } from "./mask-phone-number.js";
