// The error body every Call Automation REST failure carries (CommunicationErrorResponse). The SDK turns it
// into a RestError whose `code` is the subcode string, e.g. "8523".

export interface AcsErrorBody {
  error: { code: string; message: string };
}

export interface AcsHttpError {
  status: number;
  body: AcsErrorBody;
}

export function acsError(status: number, subCode: number | string, message: string): AcsHttpError {
  return { status, body: { error: { code: String(subCode), message } } };
}

// The codes below are the ones the Call Automation troubleshooting table documents.
export const hmacValidationFailed = (detail: string): AcsHttpError =>
  acsError(401, 7509, `HMAC-SHA256 validation failed: ${detail}`);
export const invalidArgument = (message: string): AcsHttpError => acsError(400, 8523, message);
export const notFound = (message: string): AcsHttpError => acsError(404, 8522, message);
export const callNotEstablished = (): AcsHttpError =>
  acsError(400, 8501, "Action is not supported when the call is not established.");
export const invalidMediaMode = (message: string): AcsHttpError => acsError(400, 8500, message);
export const missingConfiguration = (message: string): AcsHttpError => acsError(405, 8522, message);
export const notImplemented = (what: string): AcsHttpError =>
  acsError(501, 8520, `${what} is not supported by the local ACS emulator.`);
