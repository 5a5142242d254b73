// "Answer this incoming call exactly once", across duplicate and concurrent Event Grid deliveries and
// across Function instances. A claim is a row created with a conditional insert: the first delivery
// creates it (and answers), every other delivery finds it (409) and does nothing. A claim whose holder
// vanished mid-answer (instance crash) is taken over after `leaseMs`, with an ETag-conditional update so
// that only one of several concurrent retries wins.

export type ClaimState = "claimed" | "answered" | "failed";

export type ClaimResult =
  | { kind: "claimed" }
  | { kind: "duplicate"; state: ClaimState; callConnectionId: string | undefined };

export interface AnswerClaims {
  claim(key: string, details: { correlationId: string | undefined }): Promise<ClaimResult>;
  /** The call was answered; later deliveries are duplicates. */
  markAnswered(key: string, callConnectionId: string): Promise<void>;
  /** Answering failed for good; later deliveries must not try again. */
  markFailed(key: string, failureCode: string): Promise<void>;
  /** Answering failed transiently; the next delivery may try again. */
  release(key: string): Promise<void>;
}
