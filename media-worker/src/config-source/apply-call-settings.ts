// A call's WorkerConfig: the startup configuration with the run-time settings laid over it.
import type { WorkerConfig } from "../config.js";
import type { CallSettings } from "./call-settings.js";

export function applyCallSettings(base: WorkerConfig, settings: CallSettings): WorkerConfig {
  const tools = base.callControl.tools;
  const transferNumber = settings.transferNumber ?? tools.transferNumber;
  // At startup the tool was switched off for want of a number; a number from App Configuration turns it on.
  const transferWanted =
    settings.tools?.transferToHuman ?? (tools.transferToHuman || tools.transferNumber === undefined);
  const timeouts = base.callControl.timeouts;
  return {
    ...base,
    conversation: {
      systemPrompt: settings.systemPrompt ?? base.conversation.systemPrompt,
      greeting: settings.greeting ?? base.conversation.greeting,
      voiceName: settings.voice ?? base.conversation.voiceName,
      transcriptionModel: base.conversation.transcriptionModel,
      vad: settings.vad ? { ...base.conversation.vad, ...settings.vad } : base.conversation.vad,
    },
    callControl: {
      ...base.callControl,
      tools: {
        ...tools,
        endCall: settings.tools?.endCall ?? tools.endCall,
        transferToHuman: transferWanted && transferNumber !== undefined,
        transferNumber,
      },
      timeouts: {
        ...timeouts,
        maxCallMs:
          settings.timeouts?.maxCallSeconds !== undefined
            ? settings.timeouts.maxCallSeconds * 1000
            : timeouts.maxCallMs,
        callerSilenceMs:
          settings.timeouts?.callerSilenceSeconds !== undefined
            ? settings.timeouts.callerSilenceSeconds * 1000
            : timeouts.callerSilenceMs,
      },
    },
  };
}
