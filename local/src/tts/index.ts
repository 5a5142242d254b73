export {
  activeSpeechEngine,
  prepareSpeechSynthesis,
  type SpeechEngineName,
  synthesizeSpeech,
} from "./synthesize-speech.js";
