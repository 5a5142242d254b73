import { asWireObject, type WireObject } from "./read-json-object.js";

/**
 * Reads the fields of one message body whether the sender spelled them camelCase (`subscriptionId`,
 * the ACS service and the JS/Java SDKs) or PascalCase (`SubscriptionId`, .NET's default serializer).
 *
 * A missing or mistyped required field does not throw: the reader returns a placeholder and keeps the
 * first failure, so a decoder reads its fields straight through and checks `failure` once. Failure
 * texts are built from our own field names only, never from the payload.
 *
 * Used for the rare messages (metadata, DTMF, transcription). The 50-per-second AudioData path reads
 * its few properties directly instead.
 */
export class FieldReader {
  readonly #body: WireObject;
  readonly #path: string;
  #failure: string | undefined;

  private constructor(body: WireObject, path: string) {
    this.#body = body;
    this.#path = path;
  }

  /** A reader over `value`, or `undefined` when it is not a JSON object. */
  static of(value: unknown, path: string): FieldReader | undefined {
    const body = asWireObject(value);
    return body === undefined ? undefined : new FieldReader(body, path);
  }

  /** The first problem met so far, e.g. `AudioMetadata.sampleRate is missing or not a number`. */
  get failure(): string | undefined {
    return this.#failure;
  }

  string(name: string): string {
    const value = this.#lookup(name);
    if (typeof value === "string") return value;
    this.#fail(name, "a string");
    return "";
  }

  number(name: string): number {
    const value = this.#lookup(name);
    if (typeof value === "number" && Number.isFinite(value)) return value;
    this.#fail(name, "a number");
    return 0;
  }

  array(name: string): readonly unknown[] {
    const value = this.#lookup(name);
    if (Array.isArray(value)) return value;
    this.#fail(name, "an array");
    return [];
  }

  /** The first of `names` present with a string value; a value of another type counts as absent. */
  optionalString(...names: string[]): string | undefined {
    for (const name of names) {
      const value = this.#lookup(name);
      if (typeof value === "string") return value;
    }
    return undefined;
  }

  optionalNumber(name: string): number | undefined {
    const value = this.#lookup(name);
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
  }

  optionalObject(name: string): FieldReader | undefined {
    return FieldReader.of(this.#lookup(name), `${this.#path}.${name}`);
  }

  #lookup(camelName: string): unknown {
    return this.#body[camelName] ?? this.#body[camelName.charAt(0).toUpperCase() + camelName.slice(1)];
  }

  #fail(name: string, expected: string): void {
    this.#failure ??= `${this.#path}.${name} is missing or not ${expected}`;
  }
}
