export {
  activeSpeechEngine,
  prepareSpeechSynthesis,
  type SpeechEngineName,
  type SpeechVoice,
  synthesizeSpeech,
  warmUpSpeech,
} from "./synthesize-speech.js";
