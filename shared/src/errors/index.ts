// What a log line may say about a caught error.
export { errorLabel } from "./error-label.js";
