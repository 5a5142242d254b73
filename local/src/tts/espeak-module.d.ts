// The eSpeak NG Emscripten build ships JavaScript without type declarations; this is the narrow
// surface the emulator uses (see espeak-engine.ts).
declare module "@echogarden/espeak-ng-emscripten" {
  export interface ESpeakWorker {
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): number;
    set_pitch(pitch: number): number;
    get_samplerate(): number;
    synth_(text: string, callbackPointer: number): number;
  }
  export interface ESpeakModule {
    eSpeakNGWorker: new () => ESpeakWorker;
    HEAP16: Int16Array;
    addFunction(
      fn: (samplesPointer: number, sampleCount: number, eventsPointer: number) => number,
      signature: string,
    ): number;
    removeFunction(pointer: number): void;
  }
  const createModule: (options?: Record<string, unknown>) => Promise<ESpeakModule>;
  export default createModule;
}
