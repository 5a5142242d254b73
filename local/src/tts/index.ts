export {
  activeSpeechEngine,
  prepareSpeechSynthesis,
  type SpeechEngineName,
  type SpeechVoice,
  synthesizeSpeech,
} from "./synthesize-speech.js";
